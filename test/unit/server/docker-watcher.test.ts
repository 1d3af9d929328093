import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.js';
import { DockerEventsWatcher, eventFiltersFor, type DockerEventsSource } from '../../../src/server/docker-watcher.js';
import { createServerMetrics } from '../../../src/server/metrics.js';
import { runbookSchema } from '../../../src/runbook/schema.js';

/** A Docker engine stand-in whose event streams the test writes to and ends (a daemon restart). */
function fakeEngine() {
  const streams: PassThrough[] = [];
  const calls: { since?: number }[] = [];
  const source: DockerEventsSource = {
    async getEvents(options) {
      calls.push({ since: options.since });
      const stream = new PassThrough();
      streams.push(stream);
      return stream;
    },
  };
  return { source, streams, calls };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

const event = (id: string, time: number) => `${JSON.stringify({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: id, Attributes: {} }, time })}\n`;

describe('Docker events watcher', () => {
  it('hands on every event of the stream, also when one arrives split across chunks', async () => {
    const engine = fakeEngine();
    const seen: unknown[] = [];
    const watcher = new DockerEventsWatcher({ docker: engine.source, onEvent: (e) => seen.push(e), metrics: createServerMetrics(), log: createLogger() });
    watcher.start();
    await watcher.ready;
    const line = event('a'.repeat(64), 1_800_000_000);
    engine.streams[0]!.write(line.slice(0, 10));
    engine.streams[0]!.write(line.slice(10) + event('b'.repeat(64), 1_800_000_001));
    await until(() => seen.length === 2);
    await watcher.stop();
  });

  it('reconnects when the stream ends, asking for events since the last one seen', async () => {
    const engine = fakeEngine();
    const metrics = createServerMetrics();
    const seen: unknown[] = [];
    const watcher = new DockerEventsWatcher({
      docker: engine.source,
      onEvent: (e) => seen.push(e),
      metrics,
      log: createLogger(),
      backoffMs: { initial: 1, max: 5 },
    });
    watcher.start();
    await watcher.ready;
    engine.streams[0]!.write(event('a'.repeat(64), 1_800_000_123));
    await until(() => seen.length === 1);
    engine.streams[0]!.end(); // the daemon went away
    await until(() => engine.calls.length === 2);
    expect(engine.calls[1]!.since).toBe(1_800_000_123);
    engine.streams[1]!.write(event('c'.repeat(64), 1_800_000_200));
    await until(() => seen.length === 2);
    expect((await metrics.dockerWatcherReconnects.get()).values[0]!.value).toBe(1);
    await watcher.stop();
  });

  it('keeps retrying while the engine cannot be reached', async () => {
    let failures = 0;
    const engine = fakeEngine();
    const flaky: DockerEventsSource = {
      async getEvents(options) {
        if (failures++ < 3) throw new Error('connect ENOENT /var/run/docker.sock');
        return engine.source.getEvents(options);
      },
    };
    const watcher = new DockerEventsWatcher({
      docker: flaky,
      onEvent: () => undefined,
      metrics: createServerMetrics(),
      log: createLogger(),
      backoffMs: { initial: 1, max: 2 },
    });
    watcher.start();
    await watcher.ready;
    expect(failures).toBe(4);
    await watcher.stop();
  });

  it('counts an unreadable line and goes on with the next', async () => {
    const engine = fakeEngine();
    const metrics = createServerMetrics();
    const seen: unknown[] = [];
    const watcher = new DockerEventsWatcher({ docker: engine.source, onEvent: (e) => seen.push(e), metrics, log: createLogger() });
    watcher.start();
    await watcher.ready;
    engine.streams[0]!.write(`not json\n${event('d'.repeat(64), 1_800_000_300)}`);
    await until(() => seen.length === 1);
    const values = (await metrics.dockerEvents.get()).values;
    expect(values.find((v) => v.labels.outcome === 'unreadable')?.value).toBe(1);
    await watcher.stop();
  });
});

describe('Docker event filters from runbook triggers', () => {
  const runbook = (triggers: unknown[]) =>
    runbookSchema.parse({
      apiVersion: 'irctl/v1',
      kind: 'Runbook',
      name: 'r',
      severity: 'low',
      triggers,
      steps: [{ id: 's', uses: 'core.log', with: { message: 'x' } }],
    });

  it('asks only for the container actions the docker triggers name', () => {
    expect(
      eventFiltersFor([
        runbook([
          { source: 'docker', event: 'exec_start' },
          { source: 'docker', event: 'oom' },
        ]),
      ]),
    ).toEqual({ type: ['container'], event: ['exec_start', 'oom'] });
  });

  it('asks for every container event when a docker trigger names no action', () => {
    expect(eventFiltersFor([runbook([{ source: 'docker', labels: { 'irctl.protect': 'true' } }])])).toEqual({ type: ['container'] });
  });

  it('watches nothing when no runbook has a docker trigger', () => {
    expect(eventFiltersFor([runbook([{ source: 'falco', rule: 'x' }])])).toBeUndefined();
  });
});
