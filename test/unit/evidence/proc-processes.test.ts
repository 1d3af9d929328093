import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupDirectories, cgroupMounts, cpuTime, listCgroupProcesses, parseProcStat, psRow, startTime, ttyName, userNames } from '../../../src/evidence/proc-processes.js';

// A stat line as the kernel writes it (proc(5)): the command name may hold spaces and parentheses.
const stat = (pid: number, comm: string, { ppid = 1, tty = 0, utime = 0, stime = 0, start = 0 } = {}) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} ${tty} -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 ${start} 1000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

const HYBRID_MOUNTINFO = [
  '22 1 0:20 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755',
  '23 22 0:21 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw',
  '24 22 0:22 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids',
  '25 22 0:23 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct',
  '26 22 0:24 / /sys/fs/cgroup/systemd rw,nosuid - cgroup cgroup rw,xattr,name=systemd',
].join('\n');

describe('reading a container’s processes from /proc', () => {
  it('parses a stat line whose command name holds ") " and spaces', () => {
    expect(parseProcStat(stat(42, 'evil) S 1 (x', { ppid: 7, tty: 34816, utime: 150, stime: 50, start: 1234 }))).toEqual({
      pid: 42,
      comm: 'evil) S 1 (x',
      ppid: 7,
      ttyNr: 34816,
      cpuTicks: 200,
      startTicks: 1234,
    });
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc/);
  });

  it('names terminals as ps does', () => {
    expect(ttyName(0)).toBe('?');
    expect(ttyName((136 << 8) | 3)).toBe('pts/3');
    expect(ttyName((137 << 8) | 1)).toBe('pts/257');
    expect(ttyName((4 << 8) | 1)).toBe('tty1');
    expect(ttyName((4 << 8) | 65)).toBe('ttyS1');
    expect(ttyName(7 << 8)).toBe('?');
  });

  it('prints CPU and start times as ps -ef', () => {
    expect(cpuTime(0)).toBe('00:00:00');
    expect(cpuTime(100 * 3723)).toBe('01:02:03');
    expect(cpuTime(100 * (2 * 86_400 + 5))).toBe('2-00:00:05');
    const now = new Date(2026, 11, 7, 12, 0);
    expect(startTime(new Date(2026, 11, 7, 9, 5), now)).toBe('09:05');
    expect(startTime(new Date(2026, 10, 3, 9, 5), now)).toBe('Nov03');
    expect(startTime(new Date(2024, 0, 1), now)).toBe('2024');
  });

  it('builds a ps -ef row: C is lifetime CPU percent capped at 99, an empty cmdline shows [comm]', () => {
    const facts = { user: 'root', bootSeconds: 1_700_000_000, uptimeSeconds: 1000, now: new Date((1_700_000_000 + 1000) * 1000) };
    // started 900 s ago (at tick 10000), 90 s of CPU: 10 %
    expect(psRow(parseProcStat(stat(9, 'nc', { ppid: 1, utime: 6000, stime: 3000, start: 10_000 })), { ...facts, cmdline: Buffer.from('nc\0-l\0-p\x004444\0') })).toEqual([
      'root',
      '9',
      '1',
      '10',
      startTime(new Date((1_700_000_000 + 100) * 1000), facts.now),
      '?',
      '00:01:30',
      'nc -l -p 4444',
    ]);
    const busy = psRow(parseProcStat(stat(10, 'kworker', { utime: 500_000, start: 99_000 })), { ...facts, cmdline: Buffer.alloc(0) });
    expect([busy[3], busy[7]]).toEqual(['99', '[kworker]']);
  });

  it('maps uids to the first name a passwd file gives them', () => {
    expect(userNames('root:x:0:0::/root:/bin/sh\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\ndup:x:0:0::/:/bin/sh\n# comment\nbad:x:nope:0::/:/bin/sh')).toEqual(
      new Map([
        [0, 'root'],
        [33, 'www-data'],
      ]),
    );
  });

  it('finds the cgroup directory of cgroup v2, v1 hierarchies, systemd slices and a namespaced mount root', () => {
    const mounts = cgroupMounts(HYBRID_MOUNTINFO);
    expect(mounts.map((m) => m.mountPoint)).toEqual(['/sys/fs/cgroup/unified', '/sys/fs/cgroup/pids', '/sys/fs/cgroup/cpu,cpuacct', '/sys/fs/cgroup/systemd']);
    const id = 'a'.repeat(64);
    expect(cgroupDirectories(`12:pids:/docker/${id}\n3:cpu,cpuacct:/docker/${id}\n1:name=systemd:/docker/${id}\n0::/docker/${id}\n`, mounts)).toEqual([
      `/sys/fs/cgroup/pids/docker/${id}`,
      `/sys/fs/cgroup/cpu,cpuacct/docker/${id}`,
      `/sys/fs/cgroup/systemd/docker/${id}`,
      `/sys/fs/cgroup/unified/docker/${id}`,
    ]);
    const v2 = cgroupMounts('30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate');
    expect(cgroupDirectories(`0::/system.slice/docker-${id}.scope\n`, v2)).toEqual([`/sys/fs/cgroup/system.slice/docker-${id}.scope`]);
    // a mount of part of the hierarchy (a cgroup namespace): paths outside it are not guessed at
    const rooted = cgroupMounts('30 1 0:26 /machine /sys/fs/cgroup rw - cgroup2 cgroup2 rw');
    expect(cgroupDirectories(`0::/machine/docker/${id}\n`, rooted)).toEqual([`/sys/fs/cgroup/docker/${id}`]);
    expect(cgroupDirectories(`0::/elsewhere/${id}\n`, rooted)).toEqual([]);
  });

  it('lists every process of the cgroup and its nested cgroups, skipping one that exited meanwhile', async () => {
    const root = mkdtempSync(join(tmpdir(), 'irctl-proc-'));
    const proc = join(root, 'proc');
    const cgroup = join(root, 'cgroup', 'docker', 'c1');
    mkdirSync(join(cgroup, 'nested'), { recursive: true });
    mkdirSync(join(proc, 'self'), { recursive: true });
    writeFileSync(join(proc, 'self', 'mountinfo'), `30 1 0:26 / ${join(root, 'cgroup')} rw - cgroup2 cgroup2 rw\n`);
    writeFileSync(join(cgroup, 'cgroup.procs'), '100\n101\n');
    writeFileSync(join(cgroup, 'nested', 'cgroup.procs'), '102\n');
    writeFileSync(join(proc, 'uptime'), '1000.00 1900.00\n');
    writeFileSync(join(proc, 'stat'), 'cpu 1 2 3\nbtime 1700000000\n');
    writeFileSync(join(root, 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
    for (const [pid, comm, uid] of [
      [100, 'sh', 0],
      [102, 'nc', 1000],
    ] as const) {
      mkdirSync(join(proc, String(pid)));
      writeFileSync(join(proc, String(pid), 'stat'), stat(pid, comm, { ppid: pid === 100 ? 1 : 100 }));
      writeFileSync(join(proc, String(pid), 'status'), `Name:\t${comm}\nUid:\t0\t${uid}\t0\t0\n`); // effective uid second
      writeFileSync(join(proc, String(pid), 'cmdline'), `${comm}\0`);
    }
    // 101 is listed by the cgroup but gone from /proc: it exited between the two reads
    const rows = await listCgroupProcesses(100, '0::/docker/c1\n', { proc, passwd: join(root, 'passwd') });
    expect(rows.map((row) => [row[0], row[1], row[2], row[7]])).toEqual([
      ['root', '100', '1', 'sh'],
      ['1000', '102', '100', 'nc'],
    ]);
    // a pid its cgroup does not list is not the container's init process
    await expect(listCgroupProcesses(555, '0::/docker/c1\n', { proc, passwd: join(root, 'passwd') })).rejects.toThrow(/no cgroup of pid 555/);
  });
});
