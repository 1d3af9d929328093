import { randomInt } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firewallBlock, unreleasedBlocks } from '../../src/actions/firewall/block.js';
import { appendCustody, custodyAppender, listCustody } from '../../src/custody/ledger.js';
import { RefusedError } from '../../src/errors.js';
import { contextFor } from '../helpers/action-context.js';
import { testDocker, uniqueName } from '../helpers/docker.js';
import { evidenceFixture } from '../unit/evidence/fixtures.js';

// Real iptables on the test host, in a chain of the test's own (never DOCKER-USER), with a
// TEST-NET-3 address (RFC 5737, never routed); the chain is removed at the end.
describe('firewall.block on the real host firewall', () => {
  const docker = testDocker();
  const chain = `irctl-t-${randomInt(1e6, 9e6)}`;
  const networkName = uniqueName('blk-net');
  let gateway = '';

  const rules = async () => (await execa('iptables', ['-S', chain])).stdout.split('\n').filter((line) => line.startsWith('-A'));

  beforeAll(async () => {
    await execa('iptables', ['-N', chain]);
    const network = await docker.createNetwork({ Name: networkName, Labels: { 'irctl.test': '1' } });
    gateway = String((await network.inspect()).IPAM?.Config?.[0]?.Gateway);
  });

  afterAll(async () => {
    await execa('iptables', ['-F', chain], { reject: false });
    await execa('iptables', ['-X', chain], { reject: false });
    await docker
      .getNetwork(networkName)
      .remove()
      .catch(() => undefined);
  });

  const refusal = async (address: string, options: Parameters<typeof contextFor>[2] = {}) => {
    const ctx = contextFor(firewallBlock, { address, chain }, options);
    return firewallBlock.check!(ctx).then(
      () => undefined,
      (error: unknown) => error,
    );
  };

  it('refuses loopback, the unspecified address and IPv4-mapped forms, whatever the logs said', async () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '0.0.0.0', '::ffff:127.0.0.1']) {
      const error = await refusal(address);
      expect(error, address).toBeInstanceOf(RefusedError);
    }
    expect((await refusal('127.0.0.1')) as Error).toHaveProperty('message', expect.stringMatching(/refused to block 127\.0\.0\.1: it is loopback/));
    expect(await rules()).toEqual([]);
  });

  it("refuses the gateway of a Docker network on the engine (a bridge's gateway is the host itself)", async () => {
    const error = await refusal(gateway);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toContain(`the gateway of Docker network ${networkName}`);
    expect(await rules()).toEqual([]);
  });

  it("refuses this host's own addresses and the configured allow-list", async () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && !entry.internal && entry.family === 'IPv4');
    if (own) expect(((await refusal(own.address)) as Error).message).toContain('an address of this host');
    const allowed = await refusal('198.51.100.7', { services: { config: { block: { allow: ['198.51.100.0/24'] } } } });
    expect(allowed).toBeInstanceOf(RefusedError);
    expect((allowed as Error).message).toContain('config block.allow');
    expect(await rules()).toEqual([]);
  });

  it('blocks an attacker address with an expiry and a comment naming the incident; undo lifts it', async () => {
    const attacker = `203.0.113.${randomInt(1, 254)}`;
    const incident = evidenceFixture();
    const ctx = contextFor(
      firewallBlock,
      { address: attacker, chain, expires: '2h' },
      { incidentId: incident.incidentId, services: { db: incident.db }, stepId: 'block-source', custody: custodyAppender(incident.db, incident.incidentId) },
    );
    const acts = () => listCustody(incident.db, incident.incidentId).map((record) => record.act);
    expect(await refusal(attacker)).toBeUndefined();
    const done = await firewallBlock.run(ctx);
    if (done.kind !== 'done') throw new Error('expected done');
    const [rule] = await rules();
    expect(rule).toContain(`-s ${attacker}/32`);
    expect(rule).toMatch(/-m time --datestop \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(rule).toContain(`irctl ${incident.incidentId} block-source until`);
    const expires = Date.parse(String(done.outputs!.expires_at));
    expect(expires - Date.now()).toBeGreaterThan(110 * 60_000);
    expect(acts()).toEqual(['block-intended', 'contained']);

    // the same step again (a retry) finds the rule and adds no second one
    expect((await firewallBlock.run(ctx)).kind).toBe('done');
    expect(await rules()).toHaveLength(1);

    await firewallBlock.undo!(ctx, done);
    expect(await rules()).toEqual([]);
    expect(acts()).toEqual(['block-intended', 'contained', 'released']);
  });

  it('finds a block that was only written ahead (a crash before iptables ran) so release can clear it', () => {
    const incident = evidenceFixture();
    const rule = { program: 'iptables', chain, address: '203.0.113.9', expires_at: '2030-01-01T00:00:00', comment: 'irctl test' };
    appendCustody(incident.db, incident.incidentId, {
      act: 'block-intended',
      actor: 't',
      subject: rule.address,
      how: { action: 'firewall.block', step: 's' },
      details: { rule },
    });
    expect(unreleasedBlocks(incident.db, incident.incidentId)).toEqual([rule]);
    appendCustody(incident.db, incident.incidentId, {
      act: 'released',
      actor: 't',
      subject: rule.address,
      how: { action: 'firewall.block', step: 's' },
      details: { rule },
    });
    expect(unreleasedBlocks(incident.db, incident.incidentId)).toEqual([]);
  });
});
