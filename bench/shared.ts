import type Docker from 'dockerode';
import { loadavg } from 'node:os';
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
