import { describe, expect, it } from 'vitest';
import { limitUpdate, memorySizeSchema, parseMemorySize, restoreUpdates, type ResourceLimits } from '../../../src/docker/resources.js';

const MiB = 1024 * 1024;
const none: ResourceLimits = { nano_cpus: 0, cpu_quota: 0, cpu_period: 0, memory: 0, memory_swap: 0, pids_limit: 0 };

describe('parseMemorySize', () => {
  it('reads sizes with k, m and g suffixes and plain byte counts', () => {
    expect(parseMemorySize('64m')).toBe(64 * MiB);
    expect(parseMemorySize('1g')).toBe(1024 * MiB);
    expect(parseMemorySize('512K')).toBe(512 * 1024);
    expect(parseMemorySize('1.5mb')).toBe(1.5 * MiB);
    expect(parseMemorySize(10 * MiB)).toBe(10 * MiB);
  });

  it('refuses limits the engine would refuse, under 6m', () => {
    expect(memorySizeSchema.safeParse('4m').success).toBe(false);
    expect(memorySizeSchema.safeParse('6m').success).toBe(true);
    expect(memorySizeSchema.safeParse('lots').success).toBe(false);
  });
});

describe('limitUpdate', () => {
  it('throttles CPU through CpuQuota when the container has no NanoCpus', () => {
    expect(limitUpdate(none, { cpus: 0.5 })).toEqual({ CpuPeriod: 100_000, CpuQuota: 50_000 });
  });

  it('keeps using NanoCpus when the container was made with it (the two exclude each other)', () => {
    expect(limitUpdate({ ...none, nano_cpus: 2e9 }, { cpus: 0.5 })).toEqual({ NanoCpus: 5e8 });
  });

  it('sets swap equal to memory so a throttled process cannot spill into swap', () => {
    expect(limitUpdate(none, { memory: 64 * MiB })).toEqual({ Memory: 64 * MiB, MemorySwap: 64 * MiB });
  });

  it('returns null when the container already has every requested limit', () => {
    const current = { ...none, cpu_quota: 50_000, cpu_period: 100_000, memory: 64 * MiB, memory_swap: 64 * MiB, pids_limit: 20 };
    expect(limitUpdate(current, { cpus: 0.5, memory: 64 * MiB, pids: 20 })).toBeNull();
  });
});

describe('restoreUpdates', () => {
  it('writes back limits that were set, in one update', () => {
    const previous = { ...none, nano_cpus: 1.5e9, memory: 256 * MiB, memory_swap: 512 * MiB, pids_limit: 300 };
    expect(restoreUpdates(previous, { cpus: 1, memory: 1, pids: 1 }, 8e9)).toEqual([
      { NanoCpus: 1.5e9, PidsLimit: 300, Memory: 256 * MiB, MemorySwap: 512 * MiB },
    ]);
  });

  it('lifts limits that were absent: quota and pids to -1, memory to the host total, then swap to unlimited', () => {
    expect(restoreUpdates(none, { cpus: 1, memory: 1, pids: 1 }, 8e9)).toEqual([
      { CpuQuota: -1, CpuPeriod: 100_000, PidsLimit: -1, Memory: 8e9, MemorySwap: 8e9 },
      { MemorySwap: -1 },
    ]);
  });

  it('touches only the kinds of limit the step changed', () => {
    expect(restoreUpdates({ ...none, pids_limit: 10 }, { pids: 1 }, 8e9)).toEqual([{ PidsLimit: 10 }]);
  });
});
