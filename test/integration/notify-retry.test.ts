import { describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/server/notify.js';
import { createLogger } from '../../src/log.js';
import { openIncident } from '../../src/engine/runner.js';
import { listTimeline } from '../../src/engine/incidents.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

// Webhook delivery against a real HTTP receiver on 127.0.0.1: retried with backoff until it is
// taken, delivered once; given up after the last attempt and recorded on the incident's timeline,
// with the URL's secret path kept out of the record.

function incident() {
  const ws = approvalWorkspace();
  const services = openServices({ home: ws.home, evidenceDir: `${ws.dir}/evidence` });
  const incidentId = openIncident(services, { loaded: loadRunbook(gateRunbook(), ws.runbook), inputs: {}, initiator: 'alice' });
  return { services, incidentId };
}

describe('notification delivery', () => {
  it('a webhook that fails twice then succeeds gets the message exactly once', async () => {
    const hooks = await startWebhookReceiver({ '/flaky': 2 });
    const { services, incidentId } = incident();
    try {
      const notifier = createNotifier(
        { notify: { webhook: `${hooks.base}/flaky` } },
        { log: createLogger(), db: services.db, retry: { attempts: 4, baseMs: 20 } },
      );
      notifier.send({ kind: 'gate_waiting', incidentId, stepId: 'approve-recovery' });
      await notifier.flush();
      expect(hooks.received.map((r) => r.status)).toEqual([503, 503, 204]);
      expect(hooks.delivered('/flaky', 'gate_waiting')).toHaveLength(1);
      // every attempt carried the same message id, so a receiver could drop a repeat
      expect(new Set(hooks.received.map((r) => r.body.id)).size).toBe(1);
      expect(listTimeline(services.db, incidentId).map((e) => e.kind)).not.toContain('notification_failed');
    } finally {
      services.close();
      await hooks.close();
    }
  });

  it('records a message it could not deliver on the timeline, without the secret in the URL', async () => {
    const hooks = await startWebhookReceiver({ '/T000/B000/s3cr3t-token': 99 });
    const { services, incidentId } = incident();
    try {
      const notifier = createNotifier(
        { notify: { slack_webhook: `${hooks.base}/T000/B000/s3cr3t-token` } },
        { log: createLogger(), db: services.db, retry: { attempts: 3, baseMs: 10 } },
      );
      notifier.send({ kind: 'escalated', incidentId, stepId: 'approve-recovery', to: ['security-lead'] });
      await notifier.flush();
      expect(hooks.received).toHaveLength(3);
      const failed = listTimeline(services.db, incidentId).filter((e) => e.kind === 'notification_failed');
      expect(failed).toHaveLength(1);
      expect(JSON.parse(failed[0]!.detail)).toMatchObject({ event: 'escalated', channel: 'slack', error: 'HTTP 503', attempts: 3 });
      expect(failed[0]!.detail).not.toContain('s3cr3t');
    } finally {
      services.close();
      await hooks.close();
    }
  });
});
