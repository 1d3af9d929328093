import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { removeQuietly } from '../test/helpers/docker.js';

/** Sample statistics the benchmark tables print. p50 and p99 are nearest-rank. */
export function stats(samples: number[]): { n: number; p50: number; p95: number; p99: number; mean: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return {
    n: samples.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: samples.reduce((sum, x) => sum + x, 0) / samples.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/** The floor for containment: isolate + pause as the bare dockerode calls, nothing else. */
export async function rawIsolatePause(docker: Docker, container: Docker.Container, quarantineId: string): Promise<number> {
  const started = performance.now();
  await docker.getNetwork('bridge').disconnect({ Container: container.id });
  await docker.getNetwork(quarantineId).connect({ Container: container.id });
  await container.pause();
  return performance.now() - started;
}

/** The 1-minute load average, printed beside each figure: a shared machine's figures mean little without it. */
export const loadNow = (): string => loadavg()[0]!.toFixed(2);

/**
 * Remove containers a few at a time, waiting for the load to come down between groups: removing
 * 50+ at once pushed a shared 2-core machine's load past 60.
 */
export async function removeGradually(containers: readonly Docker.Container[], groupSize = 4): Promise<void> {
  for (let i = 0; i < containers.length; i += groupSize) {
    await Promise.all(containers.slice(i, i + groupSize).map(removeQuietly));
    for (let wait = 0; wait < 20 && loadavg()[0]! > 8; wait++) await delay(250); // bounded: never stall the run
  }
}

/** A process's resident memory in MiB, read from /proc. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** Falco's "Terminal shell in container" event (the published docs payload), as the alert benches send it. */
const FALCO_EVENT = JSON.parse(readFileSync(new URL('../test/fixtures/alerts/falco/falco-docs-terminal-shell-critical.json', import.meta.url), 'utf8')) as {
  hostname: string;
  output_fields: Record<string, unknown>;
};

/** That event about this container; `host` changes its fingerprint (which covers rule, source, container and hostname). */
export function falcoAlert(containerId: string, host: string): string {
  const event = structuredClone(FALCO_EVENT);
  event.output_fields['container.id'] = containerId.slice(0, 12);
  event.hostname = host;
  return JSON.stringify(event);
}

/** Wait until a served store has no incident running and nothing in the alert queue, so samples do not overlap. */
export async function waitForServerIdle(home: string, timeoutMs = 60_000): Promise<void> {
  const db = new Database(join(home, 'irctl.db'), { readonly: true });
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await delay(50)) {
      const running = (db.prepare("SELECT COUNT(*) AS n FROM incidents WHERE status IN ('running', 'pending')").get() as { n: number }).n;
      const queued = (db.prepare('SELECT COUNT(*) AS n FROM server_alert_queue').get() as { n: number }).n;
      if (running === 0 && queued === 0) return;
    }
  } finally {
    db.close();
  }
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable with the engine's event stamps. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * When the engine did each act, by its own event stream: the bridge disconnect and the pause of
 * each container, stamped by the engine (timeNano). Opened once for the whole bench.
 */
export class EngineActs {
  private readonly stamps = new Map<string, { disconnected?: number; paused?: number }>();
  private readonly waiters = new Set<() => void>();
  private stream?: NodeJS.ReadableStream;

  constructor(private readonly docker: Docker) {}

  async open(): Promise<void> {
    const stream = await this.docker.getEvents({ filters: { type: ['network', 'container'], event: ['disconnect', 'pause'] } });
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines.filter(Boolean)) this.take(JSON.parse(line) as EngineEvent);
    });
    this.stream = stream;
  }

  close(): void {
    (this.stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
  }

  private take(event: EngineEvent): void {
    const at = event.timeNano / 1e6;
    if (event.Type === 'network' && event.Action === 'disconnect' && event.Actor.Attributes.name === 'bridge') {
      this.stampOf(event.Actor.Attributes.container ?? '').disconnected ??= at;
    } else if (event.Type === 'container' && event.Action === 'pause') {
      this.stampOf(event.Actor.ID).paused ??= at;
    } else return;
    for (const wake of this.waiters) wake();
  }

  private stampOf(containerId: string) {
    let stamp = this.stamps.get(containerId);
    if (!stamp) this.stamps.set(containerId, (stamp = {}));
    return stamp;
  }

  /** Time from `started` (nowMs) until the engine disconnected the container from the bridge and paused it. */
  async acts(containerId: string, started: number, timeoutMs = 60_000): Promise<Acts> {
    const stamp = await this.until(containerId, (seen) => seen.disconnected !== undefined && seen.paused !== undefined, timeoutMs);
    return { disconnected: stamp.disconnected! - started, paused: stamp.paused! - started };
  }

  /** Time from `started` (nowMs) until the engine disconnected the container from the bridge. */
  async disconnected(containerId: string, started: number, timeoutMs = 60_000): Promise<number> {
    return (await this.until(containerId, (seen) => seen.disconnected !== undefined, timeoutMs)).disconnected! - started;
  }

  private async until(containerId: string, done: (seen: { disconnected?: number; paused?: number }) => boolean, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stamp = this.stamps.get(containerId);
      if (stamp && done(stamp)) return stamp;
      if (Date.now() > deadline) throw new Error(`the engine reported no such act on ${containerId.slice(0, 12)} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 1000);
        this.waiters.add(wake);
      });
    }
  }
}

interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string | undefined> };
  timeNano: number;
}

export interface Acts {
  disconnected: number;
  paused: number;
}
