import { readFileSync } from 'node:fs';
import type { EvidenceTarget } from './capture-target.js';

/**
 * The container's init process as this machine's /proc shows it: only when the engine is on this
 * machine (a unix socket) and that pid really is the container's (its cgroup names the container
 * id). Otherwise says why not, for the caller's fallback through the engine.
 */
export function hostInitProcess(target: EvidenceTarget): { pid: number; cgroup: string } | string {
  if (!target.hostUrl.startsWith('unix://')) return `the engine of host "${target.hostName}" is remote (${target.hostUrl})`;
  const pid = target.info.State.Pid;
  if (!Number.isSafeInteger(pid) || pid <= 0) return `the container has no running init process (pid ${pid})`;
  let cgroup: string;
  try {
    cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8'); // procfs: no disk behind it, read at once
  } catch (error) {
    return `cannot read /proc/${pid} on this machine: ${(error as Error).message}`;
  }
  if (!cgroup.includes(target.info.Id)) return `pid ${pid} on this machine is not the container's init process (the engine runs in another pid namespace)`;
  return { pid, cgroup };
}
