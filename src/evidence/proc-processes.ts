import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// A container's process list read from the Docker host's /proc, in the shape `docker top` gives
// with its default `ps -ef` (UID PID PPID C STIME TTY TIME CMD). docker top makes the engine run ps
// over every process on the host (~45 ms here, more under load); reading the container's cgroup
// and a few /proc files takes a few milliseconds, and this capture stands in front of isolate.

export const PS_EF_TITLES = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'] as const;

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ, 100 on every Linux architecture Docker runs on. */
const HZ = 100;
/** Processes read between two turns of the event loop. */
const PIDS_PER_TURN = 64;
/** How deep below the container's cgroup to look for nested cgroups (a container rarely makes any). */
const MAX_CGROUP_DEPTH = 8;

export interface ProcRoots {
  proc: string; // "/proc"
  passwd: string; // "/etc/passwd"
}

const HOST: ProcRoots = { proc: '/proc', passwd: '/etc/passwd' };

/** What /proc/<pid>/stat says, the fields ps -ef shows. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  ttyNr: number;
  /** utime + stime, in clock ticks */
  cpuTicks: number;
  /** since boot, in clock ticks */
  startTicks: number;
}

/** Parse /proc/<pid>/stat; the command name is in parentheses and may itself hold ") " or spaces. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('not a /proc/<pid>/stat line');
  const fields = text.slice(close + 2).trim().split(' ');
  // fields[0] is the state; see proc(5) for the numbering (field 4, ppid, is fields[1])
  const number = (index: number) => {
    const value = Number(fields[index]);
    if (!Number.isFinite(value)) throw new Error(`/proc/<pid>/stat field ${index + 3} is not a number`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: number(1),
    ttyNr: number(4),
    cpuTicks: number(11) + number(12),
    startTicks: number(19),
  };
}

/** The terminal name ps shows for a tty_nr: pts/N, ttyN, ttySN, else "?". */
export function ttyName(ttyNr: number): string {
  if (ttyNr === 0) return '?';
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  return '?';
}

/** CPU time as ps prints it: [DD-]HH:MM:SS. */
export function cpuTime(ticks: number): string {
  const total = Math.floor(ticks / HZ);
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days}-${clock}` : clock;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Start time as ps -ef prints it: HH:MM within a day, MonDD within a year, else the year (local time, as ps). */
export function startTime(started: Date, now: Date): string {
  const age = now.getTime() - started.getTime();
  if (age < 86_400_000) return `${String(started.getHours()).padStart(2, '0')}:${String(started.getMinutes()).padStart(2, '0')}`;
  if (age < 365 * 86_400_000) return `${MONTHS[started.getMonth()]}${String(started.getDate()).padStart(2, '0')}`;
  return String(started.getFullYear());
}

/** One ps -ef row (as docker top returns it: strings, in PS_EF_TITLES order). */
export function psRow(
  stat: ProcStat,
  facts: { user: string; cmdline: Buffer; bootSeconds: number; uptimeSeconds: number; now: Date },
): string[] {
  const runningSeconds = facts.uptimeSeconds - stat.startTicks / HZ;
  // ps's C: lifetime CPU use in percent, an integer capped at 99
  const c = runningSeconds > 0 ? Math.min(99, Math.floor((stat.cpuTicks * 100) / HZ / runningSeconds)) : 0;
  const args = facts.cmdline.toString('utf8').replace(/\0+$/, '').split('\0').join(' ');
  return [
    facts.user,
    String(stat.pid),
    String(stat.ppid),
    String(c),
    startTime(new Date((facts.bootSeconds + stat.startTicks / HZ) * 1000), facts.now),
    ttyName(stat.ttyNr),
    cpuTime(stat.cpuTicks),
    args === '' ? `[${stat.comm}]` : args,
  ];
}

/** The passwd file, read at once like the procfs files: a few KB in the page cache, where a read
 *  through the thread pool waited behind the evidence fsyncs of the captures beside this one. */
function readPasswd(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // no names: ps shows the numbers
  }
}

/** uid → user name from a passwd file (ps shows the host's names, as docker top does). */
export function userNames(passwd: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of passwd.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

interface CgroupMount {
  root: string;
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

/** The cgroup file systems mounted here, from /proc/self/mountinfo (see proc(5)). */
export function cgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const fields = before.split(' ');
    const [fsType, , superOptions = ''] = after.split(' ');
    if ((fsType !== 'cgroup' && fsType !== 'cgroup2') || fields.length < 5) continue;
    // mountinfo escapes spaces and the like as octal
    const unescape = (path: string) => path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    mounts.push({ root: unescape(fields[3]!), mountPoint: unescape(fields[4]!), fsType, superOptions: superOptions.split(',') });
  }
  return mounts;
}

/** Directories on this machine that hold a process's cgroup, one per hierarchy it can be found through. */
export function cgroupDirectories(procCgroup: string, mounts: readonly CgroupMount[]): string[] {
  const directories: string[] = [];
  for (const line of procCgroup.split('\n')) {
    const match = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (!match) continue;
    const [, hierarchy, controllers, path] = match as unknown as [string, string, string, string];
    const v2 = hierarchy === '0' && controllers === '';
    const mount = mounts.find((m) => (v2 ? m.fsType === 'cgroup2' : m.fsType === 'cgroup' && controllers.split(',').every((c) => m.superOptions.includes(c))));
    if (!mount) continue;
    const root = mount.root === '/' ? '' : mount.root;
    if (root && path !== root && !path.startsWith(`${root}/`)) continue; // outside what this mount shows
    directories.push(join(mount.mountPoint, path.slice(root.length)));
  }
  return directories;
}

function pidsBelow(directory: string, depth = 0): number[] {
  const pids = readFileSync(join(directory, 'cgroup.procs'), 'utf8')
    .split('\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
  if (depth >= MAX_CGROUP_DEPTH) return pids;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) pids.push(...pidsBelow(join(directory, entry.name), depth + 1));
  }
  return pids;
}

/**
 * The processes of the container whose init process is `initPid`, from its cgroup's cgroup.procs,
 * as ps -ef rows. `procCgroup` is /proc/<initPid>/cgroup, already checked to name the container.
 * Throws when the cgroup cannot be found or read here (the caller falls back to docker top).
 */
export async function listCgroupProcesses(initPid: number, procCgroup: string, roots: ProcRoots = HOST): Promise<string[][]> {
  // procfs and cgroupfs reads touch no disk: read at once (microseconds each) rather than through
  // the thread pool, where they would queue behind the evidence writes of the steps beside this one
  const mounts = cgroupMounts(readFileSync(join(roots.proc, 'self/mountinfo'), 'utf8'));
  let pids: number[] | undefined;
  for (const directory of cgroupDirectories(procCgroup, mounts)) {
    try {
      const found = pidsBelow(directory);
      if (found.includes(initPid)) {
        pids = found;
        break;
      }
    } catch {
      // this hierarchy is not readable here: try the next
    }
  }
  if (!pids) throw new Error(`no cgroup of pid ${initPid} readable on this machine lists it`);

  const uptime = readFileSync(join(roots.proc, 'uptime'), 'utf8');
  const stat = readFileSync(join(roots.proc, 'stat'), 'utf8');
  const passwd = readPasswd(roots.passwd);
  const bootSeconds = Number(/^btime (\d+)$/m.exec(stat)?.[1]);
  const uptimeSeconds = Number(uptime.split(' ')[0]);
  if (!Number.isFinite(bootSeconds) || !Number.isFinite(uptimeSeconds)) throw new Error('cannot read the boot time from /proc');
  const users = userNames(passwd);
  const now = new Date();

  // a container with thousands of processes yields to the event loop every PIDS_PER_TURN of them
  const rows: (string[] | undefined)[] = [];
  for (const [index, pid] of [...new Set(pids)].entries()) {
    if (index > 0 && index % PIDS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    rows.push(processRow(roots, pid, { users, bootSeconds, uptimeSeconds, now }));
  }
  return rows.filter((row): row is string[] => row !== undefined).sort((a, b) => Number(a[1]) - Number(b[1]));
}

function processRow(roots: ProcRoots, pid: number, facts: { users: Map<number, string>; bootSeconds: number; uptimeSeconds: number; now: Date }): string[] | undefined {
  try {
    const statText = readFileSync(join(roots.proc, String(pid), 'stat'), 'utf8');
    const status = readFileSync(join(roots.proc, String(pid), 'status'), 'utf8');
    const cmdline = readFileSync(join(roots.proc, String(pid), 'cmdline'));
    // Uid: real, effective, saved, file system; ps -f shows the effective user
    const uid = Number(/^Uid:\s+\d+\s+(\d+)/m.exec(status)?.[1]);
    return psRow(parseProcStat(statText), { user: facts.users.get(uid) ?? String(uid), cmdline, ...facts });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined; // exited meanwhile
    throw error;
  }
}
