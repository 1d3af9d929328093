import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
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
