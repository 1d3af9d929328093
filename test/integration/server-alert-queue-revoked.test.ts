// Alerts an API key queued above its capacity are taken in only while that key still works: a key
// revoked (by `irctl keys revoke`, another process, so on its own connection here) before its rows
// drain has them dropped without intake, logged and counted; another key of the same actor drains
// as usual. Rows queued before the queue recorded the key are kept only while nothing could have
// revoked the key that queued them. In-process server, no Docker: the alerts match no runbook, so
// "taken in" is irctl_alerts_received_total, which intake increments per alert.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlertPayload } from '../../src/alerts/parsers/index.js';
import { createApiKey, revokeApiKey } from '../../src/auth/keys.js';
import { openStore } from '../../src/schema.js';
import { alertQueueSchema } from '../../src/server/alert-queue.js';
import { migrate } from '../../src/store/db.js';
import { eventually, metricValue, harnessesClosedAfterEach, type Harness } from './server-harness.js';

const { start, stop } = harnessesClosedAfterEach();

const alert = (fingerprint: string) => ({ rule: 'nothing-listens-for-this', fingerprint, summary: `queued ${fingerprint}` });

async function post(harness: Harness, key: string, fingerprint: string): Promise<string> {
  const reply = await harness.server.app.inject({
    method: 'POST',
    url: '/v1/alerts/generic',
    payload: alert(fingerprint),
    headers: { authorization: `Bearer ${key}` },
  });
  expect(reply.statusCode).toBe(202);
  return (reply.json() as { alerts: { outcomes: { result: string }[] }[] }).alerts[0]!.outcomes[0]!.result;
}

const keyIdOf = (key: string) => key.split('_')[1]!;

/** Revoke as the CLI does: from another connection to the store, not through the server's. */
function revokeElsewhere(home: string, key: string): void {
  const db = openStore(join(home, 'irctl.db'));
  try {
    revokeApiKey(db, keyIdOf(key), 'alice');
  } finally {
    db.close();
  }
}

async function metrics(harness: Harness) {
  const text = await harness.server.metrics.registry.metrics();
  return {
    received: metricValue(text, 'irctl_alerts_received_total', { source: 'generic' }),
    dropped: (reason: string) => metricValue(text, 'irctl_alerts_unstarted_total', { source: 'generic', reason }),
  };
}

describe('irctl serve: queued alerts of a revoked key', () => {
  it('drops what a key queued once it is revoked, without taking any of it in; another key of the same actor drains', async () => {
    // one token, then one every 10 s: everything after the first alert waits
    const first = await start({ runbooks: ['generic-note.yaml'], keyRateLimitPerMinute: 6, keyBurst: 1 });
    const leaked = first.keys.alerter;
    const fresh = createApiKey(first.services.db, { actor: 'falcosidekick', role: 'alerter', createdBy: 'test' }).key;
    expect(await post(first, leaked, 'taken-at-once')).toBe('unmatched');
    for (const fingerprint of ['a', 'b', 'c']) expect(await post(first, leaked, fingerprint)).toBe('queued');
    // the same alert from the other key is its own row: it must not fold into a row that will be dropped
    expect(await post(first, fresh, 'a')).toBe('queued');
    expect(await post(first, fresh, 'd')).toBe('queued');
    expect(first.server.alertQueue.depth()).toBe(5);

    revokeElsewhere(first.home, leaked);
    first.server.alertQueue.wake();
    // dropped at once: a revoked key's rows spend none of the actor's capacity
    await eventually("the revoked key's rows dropped", () => (first.server.alertQueue.depth() === 2 ? true : undefined), 10_000);
    const after = await metrics(first);
    expect(after.dropped('key_revoked')).toBe(3);
    expect(after.received).toBe(1);
    const left = first.services.db.prepare('SELECT fingerprint, key_id FROM server_alert_queue ORDER BY seq').all();
    expect(left).toEqual([
      { fingerprint: 'a', key_id: keyIdOf(fresh) },
      { fingerprint: 'd', key_id: keyIdOf(fresh) },
    ]);
    await stop(first);

    // the live key's rows drain as before
    const second = await start({ runbooks: ['generic-note.yaml'], home: first.home, keyRateLimitPerMinute: 6000 });
    await eventually('the live key’s rows taken in', () => (second.server.alertQueue.depth() === 0 ? true : undefined));
    expect((await metrics(second)).received).toBe(2);
    expect(second.incidentCount()).toBe(0);
  });

  it('keeps a row queued before key ids were recorded only while no key of its sender was revoked since', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'irctl-queue-legacy-')), 'home');
    mkdirSync(home, { recursive: true });
    const db = openStore(join(home, 'irctl.db'));
    migrate(db, alertQueueSchema.slice(0, 1)); // the queue as it was before it recorded the key
    const queuedAt = Date.now() - 60_000;
    const insert = db.prepare('INSERT INTO server_alert_queue (sender, source, status, fingerprint, alert, queued_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const sender of ['revoked-since', 'still-trusted', 'no-key-left']) {
      const parsed = parseAlertPayload('generic', alert(`legacy-${sender}`)).alerts[0]!;
      insert.run(sender, parsed.source, parsed.status, parsed.fingerprint, JSON.stringify(parsed), queuedAt);
    }
    const revokedSince = createApiKey(db, { actor: 'revoked-since', role: 'alerter', createdBy: 'test' });
    createApiKey(db, { actor: 'revoked-since', role: 'alerter', createdBy: 'test' }); // its replacement, still working
    createApiKey(db, { actor: 'still-trusted', role: 'alerter', createdBy: 'test' });
    const noKeyLeft = createApiKey(db, { actor: 'no-key-left', role: 'alerter', createdBy: 'test' });
    revokeApiKey(db, revokedSince.keyId, 'alice');
    revokeApiKey(db, noKeyLeft.keyId, 'alice');
    db.close();

    const harness = await start({ runbooks: ['generic-note.yaml'], home, keyRateLimitPerMinute: 6000 });
    await eventually('the legacy rows drained or dropped', () => (harness.server.alertQueue.depth() === 0 ? true : undefined));
    const after = await metrics(harness);
    expect(after.received).toBe(1);
    expect(after.dropped('key_unknown')).toBe(2);
  });
});
