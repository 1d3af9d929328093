import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceInspect } from '../../src/actions/evidence/inspect.js';
import { evidenceLogs } from '../../src/actions/evidence/logs.js';
import { evidenceNetwork } from '../../src/actions/evidence/network.js';
import { evidenceProcesses } from '../../src/actions/evidence/processes.js';
import { NotFoundError } from '../../src/errors.js';
import { removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { evidenceFixture, type EvidenceFixture } from '../unit/evidence/fixtures.js';
import { compromisedVictim, evidenceContext, expectSealed, outputsOf } from './evidence-fixtures.js';

// The most volatile evidence, taken from a compromised victim: inspect, processes, sockets, logs.
describe('volatile evidence actions on a real engine', () => {
  let docker: Docker;
  let victim: Docker.Container;
  let victimId: string;
  let fixture: EvidenceFixture;

  beforeAll(async () => {
    docker = testDocker();
    victim = await compromisedVictim(docker);
    victimId = (await victim.inspect()).Id;
    fixture = evidenceFixture();
  });
  afterAll(async () => {
    await removeQuietly(victim);
    fixture?.db.close();
  });

  it('evidence.inspect saves the inspect document as a sealed artifact', async () => {
    const outcome = await evidenceInspect.run(evidenceContext(fixture, evidenceInspect, { container: victimId }, 'inspect'));
    const outputs = outputsOf(outcome);
    const saved = JSON.parse(expectSealed(fixture, outputs).toString('utf8'));
    expect(saved.Id).toBe(victimId);
    expect(outcome.kind === 'done' && outcome.evidenceIds).toEqual([outputs.evidence_id]);
  });

  it('evidence.processes lists the process the attacker started', async () => {
    const outputs = outputsOf(await evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container: victimId }, 'processes')));
    const saved = JSON.parse(expectSealed(fixture, outputs).toString('utf8'));
    expect(saved.processes.map((p: Record<string, string>) => p.CMD)).toContain('nc -l -p 4444');
    expect(outputs.via).toBe('host-proc');
    // the entrypoint, named so a review never has to guess it from the pids (they wrap around)
    const initPid = (await victim.inspect()).State.Pid;
    expect(saved.init_pid).toBe(initPid);
    expect(saved.processes.map((p: Record<string, string>) => Number(p.PID))).toContain(initPid);
  });

  it('evidence.processes from /proc gives the rows docker top gives, while the container is paused too', async () => {
    await victim.pause();
    try {
      const fromProc = outputsOf(
        await evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container: victimId, via: 'host-proc' }, 'ps-proc')),
      );
      const fromTop = outputsOf(await evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container: victimId, via: 'docker-top' }, 'ps-top')));
      expect([fromProc.via, fromTop.via]).toEqual(['host-proc', 'docker-top']);
      const [proc, top] = [fromProc, fromTop].map((outputs) => JSON.parse(expectSealed(fixture, outputs).toString('utf8')));
      expect(proc.titles).toEqual(top.titles);
      // C is lifetime CPU in percent, which may tick between the two reads; every other column is equal
      const withoutC = (rows: Record<string, string>[]) => rows.map(({ C: _c, ...rest }) => rest);
      expect(withoutC(proc.processes)).toEqual(withoutC(top.processes));
      expect(proc.processes.length).toBeGreaterThanOrEqual(2);
    } finally {
      await victim.unpause();
    }
  });

  it('evidence.processes with other ps arguments asks the engine (docker top)', async () => {
    const outputs = outputsOf(
      await evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container: victimId, ps_args: '-o pid,comm' }, 'ps-args')),
    );
    expect(outputs.via).toBe('docker-top');
    const saved = JSON.parse(expectSealed(fixture, outputs).toString('utf8'));
    expect(saved.titles).toEqual(['PID', 'COMMAND']);
    await expect(
      evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container: victimId, ps_args: '-o pid', via: 'host-proc' }, 'ps-args-proc')),
    ).rejects.toThrow(/host-proc gives the columns of ps -ef only/);
  });

  it('evidence.network shows the listening port 4444 read from /proc on the host while the container is paused', async () => {
    await victim.pause();
    try {
      const outputs = outputsOf(await evidenceNetwork.run(evidenceContext(fixture, evidenceNetwork, { container: victimId }, 'network')));
      expect(outputs.via).toBe('host-proc');
      expect(outputs.listening).toEqual(expect.arrayContaining([expect.stringMatching(/^tcp6? .*:4444$/)]));
      const parsed = JSON.parse(expectSealed(fixture, outputs).toString('utf8'));
      expect(parsed.sockets).toContainEqual(expect.objectContaining({ localPort: 4444, state: 'LISTEN' }));
      const raw = outputs.artifacts
        .slice(1)
        .map((artifact) => expectSealed(fixture, artifact).toString('utf8'))
        .join('\n');
      expect(raw).toMatch(/:115C /); // 4444 in the kernel's hex
    } finally {
      await victim.unpause();
    }
  });

  it('evidence.network through docker exec parses the same listening socket', async () => {
    const outputs = outputsOf(await evidenceNetwork.run(evidenceContext(fixture, evidenceNetwork, { container: victimId, via: 'exec' }, 'network-exec')));
    expect(outputs.via).toBe('exec');
    expect(outputs.listening).toEqual(expect.arrayContaining([expect.stringMatching(/:4444$/)]));
  });

  it('evidence.logs saves stdout and stderr in two timestamped files', async () => {
    const outputs = outputsOf(await evidenceLogs.run(evidenceContext(fixture, evidenceLogs, { container: victimId, since: '1h' }, 'logs')));
    const [stdout, stderr] = outputs.artifacts.map((artifact) => expectSealed(fixture, artifact).toString('utf8'));
    expect(outputs.artifacts[0]!.path).toMatch(/\.stdout\.log$/);
    expect(stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z victim stdout line$/m);
    expect(stdout).not.toContain('victim stderr line');
    expect(stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z victim stderr line$/m);
  });

  it('evidence.logs with until before the container started saves empty streams', async () => {
    const outputs = outputsOf(
      await evidenceLogs.run(evidenceContext(fixture, evidenceLogs, { container: victimId, until: '2000-01-01T00:00:00Z' }, 'logs-old')),
    );
    expect(outputs.artifacts.map((artifact) => artifact.size)).toEqual([0, 0]);
  });

  it('fails with NotFoundError for a container that does not exist and records nothing', async () => {
    const before = fixture.db.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number };
    await expect(evidenceInspect.run(evidenceContext(fixture, evidenceInspect, { container: 'no-such-victim-here' }))).rejects.toBeInstanceOf(NotFoundError);
    expect(fixture.db.prepare('SELECT count(*) AS n FROM evidence').get()).toEqual(before);
  });

  it('skips processes and sockets of a stopped container, with the reason, and captures nothing', async () => {
    const stopped = await startVictim(docker);
    try {
      await stopped.stop({ t: 0 });
      const id = (await stopped.inspect()).Id;
      expect(await evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container: id }, 'stopped-processes'))).toEqual({
        kind: 'skipped',
        reason: 'not running (exited): no processes to list',
      });
      expect(await evidenceNetwork.run(evidenceContext(fixture, evidenceNetwork, { container: id }, 'stopped-network'))).toEqual({
        kind: 'skipped',
        reason: 'not running (exited): no sockets to read',
      });
    } finally {
      await removeQuietly(stopped);
    }
  });
});
