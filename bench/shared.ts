import type Docker from 'dockerode';

/** Sample statistics the benchmark tables print. p50 and p99 are nearest-rank. */
export function stats(samples: number[]): { n: number; p50: number; p99: number; mean: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { n: samples.length, p50: at(0.5), p99: at(0.99), mean: samples.reduce((sum, x) => sum + x, 0) / samples.length, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The floor for containment: isolate + pause as the bare dockerode calls, nothing else. */
export async function rawIsolatePause(docker: Docker, container: Docker.Container, quarantineId: string): Promise<number> {
  const started = performance.now();
  await docker.getNetwork('bridge').disconnect({ Container: container.id });
  await docker.getNetwork(quarantineId).connect({ Container: container.id });
  await container.pause();
  return performance.now() - started;
}
