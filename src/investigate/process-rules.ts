import { posix } from 'node:path';
import type { JsonValue } from '../json.js';
import type { Severity } from './severity.js';

/** One row of `docker top` as evidence.processes saved it (ps -ef columns). */
export interface ProcessRow {
  pid: number;
  ppid: number;
  user: string;
  cmd: string;
}

export interface ProcessFinding {
  kind: 'miner' | 'reverse-shell' | 'listener' | 'shell' | 'foreign-process';
  severity: Severity;
  process: ProcessRow;
  why: string;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish']);
const MINER = /xmrig|minerd|cpuminer|cryptonight|stratum\+(?:tcp|ssl):|nicehash|ethminer|nbminer|t-rex|\bminer\b/i;
const REVERSE_SHELL = [
  /\b(?:nc|ncat|netcat)\b.*\s-(?:e|c)\s/,
  /\/dev\/(?:tcp|udp)\//,
  /\b(?:ba)?sh\s+-i\b/,
  /\bsocat\b.*\bexec:/i,
  /\bmkfifo\b/,
  /\b(?:python[0-9.]*|perl|ruby|php)\b.*\bsocket\b/,
];
const LISTENER = /\b(?:nc|ncat|netcat)\b.*\s-[a-z]*l/;

/** The program a command line runs: "/bin/sh -c x" → "sh"; "busybox sh" → "sh". */
export function programOf(cmd: string): string {
  const [first = '', second = ''] = cmd.trim().split(/\s+/);
  const program = posix.basename(first);
  return program === 'busybox' && second ? posix.basename(second) : program;
}

/**
 * Processes descended from the container's first process (its entrypoint), by pid. `initPid` is
 * that process as the engine reports it (inspect's State.Pid, a host pid like the rows'). Without
 * it (evidence from before irctl recorded it), the entrypoint is the oldest process whose parent is
 * outside the container (docker exec starts its processes under the shim too): the lowest pid,
 * which is wrong once the host's pids have wrapped around between the two.
 */
export function entrypointLineage(processes: readonly ProcessRow[], initPid?: number): Set<number> {
  const pids = new Set(processes.map((p) => p.pid));
  const roots = processes.filter((p) => !pids.has(p.ppid)).sort((a, b) => a.pid - b.pid);
  const root = initPid !== undefined && pids.has(initPid) ? initPid : roots[0]?.pid;
  const lineage = new Set<number>(root === undefined ? [] : [root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (!lineage.has(p.pid) && lineage.has(p.ppid)) {
        lineage.add(p.pid);
        grew = true;
      }
    }
  }
  return lineage;
}

export interface ClassifyOptions {
  /** Command lines the runbook expects. */
  allowed?: (cmd: string) => boolean;
  /** The container's entrypoint process (see entrypointLineage). */
  initPid?: number;
}

/**
 * What is suspicious in a process list, worst first per process: a miner or a reverse shell
 * anywhere; and, outside the entrypoint's lineage (started by docker exec or an injected parent),
 * shells, listeners and any other process.
 */
export function classifyProcesses(processes: readonly ProcessRow[], { allowed = () => false, initPid }: ClassifyOptions = {}): ProcessFinding[] {
  const lineage = entrypointLineage(processes, initPid);
  const findings: ProcessFinding[] = [];
  for (const process of processes) {
    if (allowed(process.cmd)) continue;
    const foreign = !lineage.has(process.pid);
    if (MINER.test(process.cmd))
      findings.push({ kind: 'miner', severity: 'critical', process, why: 'the command line names a cryptocurrency miner or a mining pool' });
    else if (REVERSE_SHELL.some((pattern) => pattern.test(process.cmd)))
      findings.push({ kind: 'reverse-shell', severity: 'critical', process, why: 'the command line has the shape of a reverse shell' });
    else if (LISTENER.test(process.cmd)) findings.push({ kind: 'listener', severity: 'high', process, why: 'netcat listening: a bind shell or a file drop' });
    else if (foreign && SHELLS.has(programOf(process.cmd)))
      findings.push({ kind: 'shell', severity: 'high', process, why: 'an interactive shell that the entrypoint did not start (docker exec?)' });
    else if (foreign) findings.push({ kind: 'foreign-process', severity: 'medium', process, why: 'not started by the entrypoint or its children' });
  }
  return findings;
}

/** Rows of the processes artifact ({titles, processes: [{PID, PPID, UID, CMD}]}) as ProcessRows. */
export function processRows(document: unknown): ProcessRow[] {
  const rows = (document as { processes?: Record<string, string>[] } | null)?.processes;
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => ({
    pid: Number(row.PID),
    ppid: Number(row.PPID),
    user: String(row.UID ?? row.USER ?? ''),
    cmd: String(row.CMD ?? row.COMMAND ?? ''),
  }));
}

/** The entrypoint's pid the processes artifact recorded (`init_pid`), if it did. */
export function initPidOf(document: unknown): number | undefined {
  const pid = (document as { init_pid?: unknown } | null)?.init_pid;
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

export function processDetail(finding: ProcessFinding): Record<string, JsonValue> {
  return { pid: finding.process.pid, ppid: finding.process.ppid, user: finding.process.user, cmd: finding.process.cmd, why: finding.why };
}
