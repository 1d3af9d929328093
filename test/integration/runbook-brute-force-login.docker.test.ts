import { randomInt } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { execIn, removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { expectCustodyVerifies, expectEvidenceIntact, findings, runbookWorkspace } from './runbook-workspace.js';

// The block is a real iptables rule in DOCKER-USER for a TEST-NET-3 address (RFC 5737, never
// routed), removed again after the test.
const attacker = `203.0.113.${randomInt(1, 254)}`;
const ruleArgs = ['DOCKER-USER', '-s', attacker, '-j', 'DROP'];
const ruleExists = async () => (await execa('iptables', ['-C', ...ruleArgs], { reject: false })).exitCode === 0;

async function victimWithFailedLogins(count: number) {
  const docker = testDocker();
  const victim = await startVictim(docker);
  const lines = Array.from({ length: count }, (_, i) => `sshd[77]: Failed password for root from ${attacker} port ${40000 + i} ssh2`).join('\\n');
  // written to the entrypoint's stdout, so they are in the container's logs as a real sshd's would be
  await execIn(victim, ['sh', '-c', `printf '${lines}\\n' > /proc/1/fd/1`]);
  return victim;
}

describe('shipped runbook brute-force-login', () => {
  const victims: { remove(): Promise<void> }[] = [];
  afterAll(async () => {
    while (await ruleExists()) await execa('iptables', ['-D', ...ruleArgs]);
    await Promise.all(victims.map((victim) => victim.remove()));
  });

  it('blocks the source of more than 10 failed logins in a minute with an iptables rule and notes it', async () => {
    const victim = await victimWithFailedLogins(12);
    victims.push({ remove: () => removeQuietly(victim) });
    const ws = runbookWorkspace();
    const run = await ws.irctl('responder', ['run', 'brute-force-login', '--input', `container=${victim.id}`]);
    expect(run.code, run.output).toBe(0);
    const incidentId = ws.incidentId();

    expect(await ruleExists()).toBe(true);
    const [grep] = ws.query<{ outputs: string }>("SELECT outputs FROM step_journal WHERE incident_id = ? AND step_id = 'failed-logins'", incidentId);
    expect(JSON.parse(grep!.outputs)).toMatchObject({ matches: 12, max_per_window: 12, top_source: attacker });
    expect(findings(ws, incidentId).filter((finding) => finding.kind === 'ioc-match')).toHaveLength(12);
    const [notified] = ws.query<{ summary: string }>("SELECT summary FROM step_journal WHERE incident_id = ? AND step_id = 'notify'", incidentId);
    expect(notified!.summary).toBe(`blocked ${attacker} in DOCKER-USER: 12 failed logins in one minute on ${victim.id}`);
    expect(expectEvidenceIntact(ws, incidentId).has('logs')).toBe(true);
    await expectCustodyVerifies(ws, incidentId);
  });

  it('blocks nothing when the failed logins stay at or under 10 a minute', async () => {
    const victim = await victimWithFailedLogins(10);
    victims.push({ remove: () => removeQuietly(victim) });
    const ws = runbookWorkspace();
    const run = await ws.irctl('responder', ['run', 'brute-force-login', '--input', `container=${victim.id}`]);
    expect(run.code, run.output).toBe(0);
    const steps = ws.query<{ step_id: string }>("SELECT step_id FROM step_journal WHERE incident_id = ? AND status = 'finished'", ws.incidentId()).map((row) => row.step_id);
    expect(steps).toContain('below-threshold');
    expect(steps).not.toContain('block-source');
  });
});
