import { randomInt } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerGateways } from '../../src/actions/firewall/protected-addresses.js';
import { execIn, removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { expectCustodyVerifies, expectEvidenceIntact, findings, runbookWorkspace } from './runbook-workspace.js';

// The block is a real iptables rule in DOCKER-USER for a TEST-NET-3 address (RFC 5737, never
// routed), lifted by irctl release and, failing that, removed after the test.
const attacker = `203.0.113.${randomInt(1, 254)}`;
const attackerRules = async () => (await execa('iptables', ['-S', 'DOCKER-USER'])).stdout.split('\n').filter((line) => line.includes(`-s ${attacker}/32`));
const ruleExists = async () => (await attackerRules()).length > 0;

async function victimWithFailedLogins(count: number, source = attacker) {
  const docker = testDocker();
  const victim = await startVictim(docker);
  const lines = Array.from({ length: count }, (_, i) => `sshd[77]: Failed password for root from ${source} port ${40000 + i} ssh2`).join('\\n');
  // written to the entrypoint's stdout, so they are in the container's logs as a real sshd's would be
  await execIn(victim, ['sh', '-c', `printf '${lines}\\n' > /proc/1/fd/1`]);
  return victim;
}

describe('shipped runbook brute-force-login', () => {
  const victims: { remove(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const rule of await attackerRules())
      await execa('iptables', [
        '-D',
        ...rule
          .replace(/^-A /, '')
          .match(/"[^"]*"|\S+/g)!
          .map((arg) => arg.replace(/^"|"$/g, '')),
      ]);
    await Promise.all(victims.map((victim) => victim.remove()));
  });

  it('asks before it blocks the source of more than 10 failed logins in a minute, blocks it for 24 h, and release lifts it', async () => {
    const victim = await victimWithFailedLogins(12);
    victims.push({ remove: () => removeQuietly(victim) });
    const ws = runbookWorkspace();
    const run = await ws.irctl('responder', ['run', 'brute-force-login', '--input', `container=${victim.id}`]);
    expect(run.code, run.output).toBe(3); // the firewall change waits at its gate
    expect(run.output).toContain(`Block ${attacker} in DOCKER-USER for 24h?`);
    expect(await ruleExists()).toBe(false);
    const incidentId = ws.incidentId();
    const approved = await ws.irctl('approver', ['approve', incidentId, '--resume']);
    expect(approved.code, approved.output).toBe(0);

    const [rule] = await attackerRules();
    expect(rule).toMatch(/--datestop \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    const [grep] = ws.query<{ outputs: string }>("SELECT outputs FROM step_journal WHERE incident_id = ? AND step_id = 'failed-logins'", incidentId);
    expect(JSON.parse(grep!.outputs)).toMatchObject({ matches: 12, max_per_window: 12, top_source: attacker });
    expect(findings(ws, incidentId).filter((finding) => finding.kind === 'ioc-match')).toHaveLength(12);
    const [notified] = ws.query<{ summary: string }>("SELECT summary FROM step_journal WHERE incident_id = ? AND step_id = 'notify'", incidentId);
    expect(notified!.summary).toMatch(
      new RegExp(`^blocked ${attacker.replace(/\./g, '\\.')} in DOCKER-USER until \\S+Z: 12 failed logins in one minute on ${victim.id}$`),
    );
    expect(expectEvidenceIntact(ws, incidentId).has('logs')).toBe(true);

    const released = await ws.irctl('responder', ['release', incidentId]);
    expect(released.code, released.output).toBe(0);
    expect(await ruleExists()).toBe(false);
    await expectCustodyVerifies(ws, incidentId);
  });

  it('refuses to block the Docker bridge gateway when the logs blame it', async () => {
    const gateway = (await dockerGateways(testDocker())).find((entry) => entry.why.endsWith('network bridge'))!.range; // 172.17.0.1 here
    const before = (await execa('iptables', ['-S', 'DOCKER-USER'])).stdout;
    const victim = await victimWithFailedLogins(12, gateway);
    victims.push({ remove: () => removeQuietly(victim) });
    const ws = runbookWorkspace();
    expect((await ws.irctl('responder', ['run', 'brute-force-login', '--input', `container=${victim.id}`])).code).toBe(3);
    const approved = await ws.irctl('approver', ['approve', ws.incidentId(), '--resume']);
    expect(approved.code).toBe(1);
    expect(approved.output).toContain(`refused to block ${gateway}: it is the gateway of Docker network bridge`);
    expect((await execa('iptables', ['-S', 'DOCKER-USER'])).stdout).toBe(before);
  });

  it('blocks nothing when the failed logins stay at or under 10 a minute', async () => {
    const victim = await victimWithFailedLogins(10);
    victims.push({ remove: () => removeQuietly(victim) });
    const ws = runbookWorkspace();
    const run = await ws.irctl('responder', ['run', 'brute-force-login', '--input', `container=${victim.id}`]);
    expect(run.code, run.output).toBe(0);
    const steps = ws
      .query<{ step_id: string }>("SELECT step_id FROM step_journal WHERE incident_id = ? AND status = 'finished'", ws.incidentId())
      .map((row) => row.step_id);
    expect(steps).toContain('below-threshold');
    expect(steps).not.toContain('block-source');
  });
});
