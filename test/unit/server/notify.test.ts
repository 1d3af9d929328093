import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.js';
import { createServerMetrics } from '../../../src/server/metrics.js';
import { createNotifier } from '../../../src/server/notify.js';

function recordingFetch(respond: (url: string) => Response | Promise<Response>) {
  const sent: { url: string; body: unknown }[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    return respond(String(url));
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const opened = { kind: 'incident_opened' as const, incidentId: 'inc-1', runbook: 'container-compromise', severity: 'critical', target: 'web-1' };

describe('outbound notifications', () => {
  it('posts the generic JSON shape to the webhook and a text message to the Slack webhook', async () => {
    const { sent, fetchImpl } = recordingFetch(() => new Response(null, { status: 200 }));
    const notifier = createNotifier(
      { notify: { webhook: 'http://hooks.test/json', slack_webhook: 'http://hooks.test/slack' } },
      { metrics: createServerMetrics(), log: createLogger(), fetch: fetchImpl },
    );
    notifier.send(opened);
    await notifier.flush();
    expect(sent).toEqual([
      {
        url: 'http://hooks.test/json',
        body: expect.objectContaining({ event: 'opened', incident_id: 'inc-1', runbook: 'container-compromise', target: 'web-1' }),
      },
      { url: 'http://hooks.test/slack', body: { text: expect.stringContaining('incident inc-1 opened') } },
    ]);
  });

  it('counts a failing webhook and never throws to the caller', async () => {
    const metrics = createServerMetrics();
    const { fetchImpl } = recordingFetch(() => Promise.reject(new Error('ECONNREFUSED')));
    const notifier = createNotifier(
      { notify: { webhook: 'http://hooks.test/json' } },
      { metrics, log: createLogger(), fetch: fetchImpl, retry: { attempts: 2, baseMs: 1 } },
    );
    expect(() => notifier.send(opened)).not.toThrow();
    await notifier.flush();
    const values = (await metrics.notifications.get()).values;
    expect(values).toEqual([expect.objectContaining({ labels: { channel: 'webhook', outcome: 'failed' }, value: 1 })]);
  });

  it('sends nothing when no webhook is configured', async () => {
    const { sent, fetchImpl } = recordingFetch(() => new Response(null, { status: 200 }));
    const notifier = createNotifier({ notify: {} }, { metrics: createServerMetrics(), log: createLogger(), fetch: fetchImpl });
    notifier.send(opened);
    await notifier.flush();
    expect(sent).toEqual([]);
  });
});
