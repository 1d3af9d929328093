import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { DockerHosts } from '../../../src/docker/hosts.js';
import { resolveContainer } from '../../../src/docker/target.js';

const ID = 'a'.repeat(64);

/** An engine whose inspects answer only when the test says so, counting what it was asked. */
function slowEngine() {
  const waiting: ((info: unknown) => void)[] = [];
  let calls = 0;
  const docker = {
    getContainer: (id: string) => ({
      id,
      inspect: () => {
        calls++;
        return new Promise((resolve) => waiting.push(resolve));
      },
    }),
  } as unknown as Docker;
  const hosts = { host: () => ({ name: 'local', url: 'unix:///x.sock', docker }) } as unknown as DockerHosts;
  const answer = () => waiting.splice(0).forEach((resolve) => resolve({ Id: ID, Name: '/web-1', State: { Running: true }, Config: { Labels: {} } }));
  return { hosts, answer, calls: () => calls };
}

describe('an inspect shared by read-only callers', () => {
  it('is one engine call for callers asking while it is in flight, each with its own copy', async () => {
    const engine = slowEngine();
    const first = resolveContainer(engine.hosts, { container: ID }, { shareInspect: true });
    const second = resolveContainer(engine.hosts, { container: ID }, { shareInspect: true });
    await Promise.resolve();
    expect(engine.calls()).toBe(1);
    engine.answer();
    const [a, b] = await Promise.all([first, second]);
    expect(a.info.Id).toBe(ID);
    expect(a.info).toEqual(b.info);
    expect(a.info).not.toBe(b.info); // a caller changing its copy changes nobody else's
  });

  it('is asked again once answered, and never shared with a caller that acts', async () => {
    const engine = slowEngine();
    const first = resolveContainer(engine.hosts, { container: ID }, { shareInspect: true });
    const acting = resolveContainer(engine.hosts, { container: ID });
    await Promise.resolve();
    expect(engine.calls()).toBe(2);
    engine.answer();
    await Promise.all([first, acting]);
    const later = resolveContainer(engine.hosts, { container: ID }, { shareInspect: true });
    await Promise.resolve();
    expect(engine.calls()).toBe(3);
    engine.answer();
    await later;
  });

  it('lets one caller stop on its own signal while the others get the answer', async () => {
    const engine = slowEngine();
    const stop = new AbortController();
    const stopping = resolveContainer(engine.hosts, { container: ID }, { shareInspect: true, signal: stop.signal });
    const staying = resolveContainer(engine.hosts, { container: ID }, { shareInspect: true });
    stop.abort(new Error('step stopped'));
    await expect(stopping).rejects.toThrow('step stopped');
    engine.answer();
    expect((await staying).info.Id).toBe(ID);
  });
});
