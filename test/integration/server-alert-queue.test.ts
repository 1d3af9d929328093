// An authenticated alert feed above its key's capacity is queued (persisted, bounded, duplicates
// folded), drained at the capacity rate into normal intake, and refused (429 + Retry-After) only
// when the key's queue is full. In-process server; no Docker (the alerts match no runbook, so
// "taken in" is counted by irctl_alerts_received_total, which intake increments per alert).
import { describe, expect, it } from 'vitest';
import { eventually, metricValue, harnessesClosedAfterEach, type Harness } from './server-harness.js';

const { start, stop } = harnessesClosedAfterEach();

const alert = (fingerprint: string) => JSON.stringify({ rule: 'nothing-listens-for-this', fingerprint, summary: `burst ${fingerprint}` });

function post(harness: Harness, payload: string) {
  return harness.server.app.inject({
    method: 'POST',
    url: '/v1/alerts/generic',
    payload,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.keys.alerter}` },
  });
}

async function received(harness: Harness): Promise<number> {
  return metricValue(await harness.server.metrics.registry.metrics(), 'irctl_alerts_received_total', { source: 'generic' });
}

const depth = (harness: Harness) => harness.server.alertQueue.depth('falcosidekick');

describe('irctl serve: an authenticated alert feed above its capacity', () => {
  it('takes a burst of 200 alerts from one key at the default settings: none dropped, every one taken in', async () => {
    const harness = await start({ runbooks: ['generic-note.yaml'] });
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => post(harness, alert(`default-${i}`))));
    expect(replies.map((reply) => reply.statusCode).filter((status) => status !== 202)).toEqual([]);
    await eventually('all 200 taken in', async () => ((await received(harness)) === 200 ? true : undefined));
    expect(depth(harness)).toBe(0);
  });

  it('queues what is above the capacity and takes all of it in at the capacity rate: 0 dropped', async () => {
    // 6,000 a minute (100/s) with a bucket of 20: a burst of 200 leaves ~180 queued for ~2 s
    const harness = await start({ runbooks: ['generic-note.yaml'], keyRateLimitPerMinute: 6000, keyBurst: 20 });
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => post(harness, alert(`burst-${i}`))));
    expect(replies.map((reply) => reply.statusCode).filter((status) => status !== 202)).toEqual([]);
    const outcomes = replies.map((reply) => (reply.json() as { alerts: { outcomes: { result: string }[] }[] }).alerts[0]!.outcomes[0]!.result);
    expect(outcomes.filter((result) => result === 'queued').length).toBeGreaterThan(100);
    expect(outcomes.filter((result) => result !== 'queued' && result !== 'unmatched')).toEqual([]);
    await eventually('all 200 taken in', async () => ((await received(harness)) === 200 ? true : undefined));
    expect(depth(harness)).toBe(0);
    const text = await harness.server.metrics.registry.metrics();
    expect(metricValue(text, 'irctl_alerts_queued_total', { source: 'generic', outcome: 'queued' })).toBe(
      outcomes.filter((result) => result === 'queued').length,
    );
    expect(metricValue(text, 'irctl_rate_limited_total', { limit: 'alert_queue' })).toBe(0);
  });

  it('folds duplicates into the queued alert, and answers 429 with Retry-After only when the queue is full', async () => {
    // one token, then one every 10 s: everything after the first alert waits in the queue
    const harness = await start({ runbooks: ['generic-note.yaml'], keyRateLimitPerMinute: 6, keyBurst: 1, alertQueuePerKey: 2 });
    const results: string[] = [];
    for (const fingerprint of ['a', 'b', 'b', 'c', 'b']) {
      const reply = await post(harness, alert(fingerprint));
      expect(reply.statusCode).toBe(202);
      results.push((reply.json() as { alerts: { outcomes: { result: string }[] }[] }).alerts[0]!.outcomes[0]!.result);
    }
    expect(results).toEqual(['unmatched', 'queued', 'folded', 'queued', 'folded']);
    expect(depth(harness)).toBe(2);

    const full = await post(harness, alert('d'));
    expect(full.statusCode).toBe(429);
    expect(full.json().error.code).toBe('QUEUE_FULL');
    expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(10);
    // a duplicate still folds when the queue is full: nothing is refused that can fold
    const duplicate = await post(harness, alert('c'));
    expect(duplicate.statusCode).toBe(202);
    expect(duplicate.json().alerts[0].outcomes[0].result).toBe('folded');

    const text = await harness.server.metrics.registry.metrics();
    expect(metricValue(text, 'irctl_rate_limited_total', { limit: 'alert_queue' })).toBe(1);
    expect(metricValue(text, 'irctl_alerts_unstarted_total', { source: 'generic', reason: 'queue_full' })).toBe(1);
    expect(metricValue(text, 'irctl_alerts_queued_total', { source: 'generic', outcome: 'folded' })).toBe(3);
    expect(metricValue(text, 'irctl_alert_queue_depth')).toBe(2);
    const folded = harness.services.db.prepare("SELECT folded FROM server_alert_queue WHERE fingerprint = 'b'").get() as { folded: number };
    expect(folded.folded).toBe(2);
  });

  it('keeps the queue across a restart: the next server drains the rest', async () => {
    const first = await start({ runbooks: ['generic-note.yaml'], keyRateLimitPerMinute: 6, keyBurst: 1 });
    for (let i = 0; i < 6; i++) expect((await post(first, alert(`restart-${i}`))).statusCode).toBe(202);
    expect(await received(first)).toBe(1);
    const left = depth(first);
    expect(left).toBe(5);
    await stop(first);

    const second = await start({ runbooks: ['generic-note.yaml'], home: first.home, keyRateLimitPerMinute: 6000 });
    await eventually('the queued alerts taken in after the restart', async () => ((await received(second)) === left ? true : undefined));
    expect(depth(second)).toBe(0);
  });
});
