import type Docker from 'dockerode';
import { z } from 'zod';

// CPU, memory and pids limits as the engine's container update understands them. The engine
// ignores zero ("leave unchanged") in an update, so "no limit" cannot be written back as 0
// (moby/moby#22516): unlimited CPU is CpuQuota -1, unlimited pids is -1, and a memory limit can
// only be raised, to the host's total memory, with unlimited swap.

export const CPU_PERIOD_US = 100_000;
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024; // the engine refuses less

const UNIT: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i;

export function parseMemorySize(text: string | number): number {
  if (typeof text === 'number') return Math.floor(text);
  const match = SIZE.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a memory size (expected e.g. 64m, 1g or a number of bytes)`);
  return Math.floor(Number(match[1]) * UNIT[(match[2] ?? 'b').toLowerCase()]!);
}

export const memorySizeSchema = z
  .union([z.number().int().positive(), z.string().regex(SIZE, 'expected a size such as 64m, 512m or 1g')])
  // zod runs refinements even after the union failed, so only judge sizes that parsed
  .refine((value) => (typeof value === 'string' && !SIZE.test(value.trim())) || parseMemorySize(value) >= MIN_MEMORY_BYTES, {
    message: 'the engine refuses memory limits under 6m',
  });

export type ResourceLimits = {
  nano_cpus: number;
  cpu_quota: number;
  cpu_period: number;
  memory: number;
  memory_swap: number;
  pids_limit: number;
};

export const resourceLimitsSchema = z.object({
  nano_cpus: z.number(),
  cpu_quota: z.number(),
  cpu_period: z.number(),
  memory: z.number(),
  memory_swap: z.number(),
  pids_limit: z.number(),
});

export interface WantedLimits {
  cpus?: number;
  memory?: number; // bytes
  pids?: number;
}

export function readLimits(info: Docker.ContainerInspectInfo): ResourceLimits {
  const hostConfig = info.HostConfig;
  return {
    nano_cpus: hostConfig.NanoCpus ?? 0,
    cpu_quota: hostConfig.CpuQuota ?? 0,
    cpu_period: hostConfig.CpuPeriod ?? 0,
    memory: hostConfig.Memory ?? 0,
    memory_swap: hostConfig.MemorySwap ?? 0,
    pids_limit: hostConfig.PidsLimit ?? 0,
  };
}

/** CPUs the container may use now; 0 means no limit. */
export function effectiveCpus(limits: ResourceLimits): number {
  if (limits.nano_cpus > 0) return limits.nano_cpus / 1e9;
  if (limits.cpu_quota > 0) return limits.cpu_quota / (limits.cpu_period > 0 ? limits.cpu_period : CPU_PERIOD_US);
  return 0;
}

/** The update body that applies `wanted`, or null when the container already has those limits. */
export function limitUpdate(current: ResourceLimits, wanted: WantedLimits): Record<string, number> | null {
  const update: Record<string, number> = {};
  if (wanted.cpus !== undefined && Math.abs(effectiveCpus(current) - wanted.cpus) > 1e-9) {
    // NanoCpus and CpuQuota exclude each other: keep using whichever the container was made with
    if (current.nano_cpus > 0) update.NanoCpus = Math.round(wanted.cpus * 1e9);
    else Object.assign(update, { CpuPeriod: CPU_PERIOD_US, CpuQuota: Math.round(wanted.cpus * CPU_PERIOD_US) });
  }
  if (wanted.memory !== undefined && (current.memory !== wanted.memory || current.memory_swap !== wanted.memory)) {
    // swap equal to memory: a throttled process cannot spill into swap
    Object.assign(update, { Memory: wanted.memory, MemorySwap: wanted.memory });
  }
  if (wanted.pids !== undefined && current.pids_limit !== wanted.pids) update.PidsLimit = wanted.pids;
  return Object.keys(update).length > 0 ? update : null;
}

/**
 * Update bodies, applied in order, that bring back the `previous` limits for the kinds named in
 * `which`. Memory takes two: raise memory and swap together first, then lift swap, because the
 * kernel refuses a memory limit above the current swap limit.
 */
export function restoreUpdates(previous: ResourceLimits, which: WantedLimits, hostMemoryBytes: number): Record<string, number>[] {
  const first: Record<string, number> = {};
  const then: Record<string, number>[] = [];
  if (which.cpus !== undefined) {
    if (previous.nano_cpus > 0) first.NanoCpus = previous.nano_cpus;
    else
      Object.assign(first, {
        CpuQuota: previous.cpu_quota > 0 ? previous.cpu_quota : -1,
        CpuPeriod: previous.cpu_period > 0 ? previous.cpu_period : CPU_PERIOD_US,
      });
  }
  if (which.pids !== undefined) first.PidsLimit = previous.pids_limit > 0 ? previous.pids_limit : -1;
  if (which.memory !== undefined) {
    const memory = previous.memory > 0 ? previous.memory : hostMemoryBytes;
    Object.assign(first, { Memory: memory, MemorySwap: previous.memory_swap > 0 ? previous.memory_swap : memory });
    if (previous.memory_swap <= 0) then.push({ MemorySwap: -1 });
  }
  return [first, ...then].filter((update) => Object.keys(update).length > 0);
}
