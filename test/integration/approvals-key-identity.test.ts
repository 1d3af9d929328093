// Approval identity over HTTP against a live `irctl serve`: one admin who mints keys for other
// people (made-up or real) cannot pass a two-person gate alone. Keys are made only for actors in
// the roles file; a key's maker and its holder count as one person towards a quorum and towards
// separation of duties; each approval records the key it came through, and the report lists it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCustody } from '../../src/custody/ledger.js';
import { getIncident } from '../../src/engine/incidents.js';
import { gateRunbook } from '../helpers/approvals.js';
import { irctl } from '../helpers/run-cli.js';
import { eventually, startHarness, type Harness } from './server-harness.js';

let harness: Harness;
let baseUrl: string;
let args: string[];

beforeAll(async () => {
  harness = await startHarness({
    runbooks: ['generic-note.yaml'],
    moreActors: '  carol: admin\n  dave: admin\n  erin: admin\n  frank: admin\n  gina: admin\n',
  });
  baseUrl = await harness.server.app.listen({ port: 0, host: '127.0.0.1' });
  args = ['--home', harness.home, '--evidence-dir', join(harness.home, '..', 'evidence')];
});

afterAll(async () => {
  await harness?.close();
});

async function makeKey(maker: string, actor: string): Promise<{ key: string; keyId: string }> {
  const made = await irctl([...args, '--json', '--as', maker, 'keys', 'create', '--actor', actor]);
  expect(made.code).toBe(0);
  return JSON.parse(made.output.slice(made.output.indexOf('{'))) as { key: string; keyId: string };
}

async function approve(incidentId: string, key: string, comment: string): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}/v1/incidents/${incidentId}/approvals`, {
    method: 'POST',
    body: JSON.stringify({ decision: 'approve', comment }),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  return { status: response.status, json: await response.json() };
}

describe('approval identity over HTTP', () => {
  it('one admin minting keys for others cannot pass a two-person gate; two people with their own keys can, and the report names each key', async () => {
    const runbook = join(mkdtempSync(join(tmpdir(), 'irctl-key-identity-')), 'gated.yaml');
    writeFileSync(runbook, gateRunbook({ roles: ['admin'], quorum: 2, separate_from_initiator: true }));
    const run = await irctl([...args, '--json', '--as', 'carol', 'run', runbook]);
    expect(run.code).toBe(3); // waits at the gate
    const incidentId = (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { incidentId: string }).incidentId;

    // a made-up actor gets no key at all
    const ghost = await irctl([...args, '--as', 'alice', 'keys', 'create', '--actor', 'mallory', '--role', 'admin']);
    expect(ghost.code).toBe(4);
    expect(ghost.output).toContain(`mallory is not (roles file ${join(harness.home, 'roles.yaml')})`);

    const erin = await makeKey('alice', 'erin');
    const frank = await makeKey('alice', 'frank');
    const gina = await makeKey('carol', 'gina'); // made by the incident's initiator
    const dave = await makeKey('dave', 'dave'); // dave's own

    const byInitiatorsKey = await approve(incidentId, gina.key, 'looks fine');
    expect(byInitiatorsKey.status).toBe(403);
    expect(byInitiatorsKey.json.error.message).toContain(`gina's API key ${gina.keyId} was made by carol, who started incident ${incidentId}`);

    const first = await approve(incidentId, erin.key, 'evidence is in');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ actor: 'erin', key_id: erin.keyId, gate: { approvers: ['erin'] } });
    expect(first.json.gate.outcome).toBeUndefined();

    // alice's second minted key, and alice herself (her own key or the CLI), are the same person as erin's approval
    const sameMaker = await approve(incidentId, frank.key, 'agreed');
    expect(sameMaker.status).toBe(403);
    expect(sameMaker.json.error.message).toBe(
      `frank's API key ${frank.keyId} was made by alice, who also made the key erin decided it with (${erin.keyId}): a quorum needs distinct people, and a key's maker counts as the same person as its holder`,
    );
    const makerHerself = await approve(incidentId, harness.keys.admin, 'agreed');
    expect(makerHerself.status).toBe(403);
    expect(makerHerself.json.error.message).toContain(`alice made API key ${erin.keyId} that erin approved gate "approve-recovery" with`);
    const makerOnCli = await irctl([...args, '--as', 'alice', 'approve', incidentId, '--comment', 'agreed']);
    expect(makerOnCli.code).toBe(4);
    expect(getIncident(harness.services.db, incidentId).status).toBe('waiting');

    const second = await approve(incidentId, dave.key, 'agreed, rebuild');
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ resumed: true, gate: { outcome: 'approved', approvers: ['erin', 'dave'] } });
    await eventually('the run to finish', () => (getIncident(harness.services.db, incidentId).status === 'succeeded' ? true : undefined));

    // the custody record of each approval names its key; the key ledger names who made which key for whom
    const approvals = listCustody(harness.services.db, incidentId).filter((r) => r.act === 'approved');
    expect(approvals.map((r) => [r.actor, r.details?.key_id, r.details?.key_created_by, r.details?.via])).toEqual([
      ['erin', erin.keyId, 'alice', 'api-key'],
      ['dave', dave.keyId, 'dave', 'api-key'],
    ]);
    const made = listCustody(harness.services.db, 'api-keys').map((r) => [r.act, r.actor, r.details?.for]);
    expect(made).toEqual([
      ['key-created', 'alice', 'erin'],
      ['key-created', 'alice', 'frank'],
      ['key-created', 'carol', 'gina'],
      ['key-created', 'dave', 'dave'],
    ]);

    const json = await irctl([...args, '--as', 'alice', 'report', incidentId, '--format', 'json']);
    const report = JSON.parse(json.output.slice(0, json.output.lastIndexOf('}') + 1)) as {
      gates: { decisions: { actor: string; via: string; keyId: string; keyCreatedBy: string }[] }[];
    };
    expect(report.gates[0]!.decisions.map(({ actor, via, keyId, keyCreatedBy }) => ({ actor, via, keyId, keyCreatedBy }))).toEqual([
      { actor: 'erin', via: 'api-key', keyId: erin.keyId, keyCreatedBy: 'alice' },
      { actor: 'dave', via: 'api-key', keyId: dave.keyId, keyCreatedBy: 'dave' },
    ]);
    const markdown = await irctl([...args, '--as', 'alice', 'report', incidentId, '--format', 'md']);
    expect(markdown.output).toContain(`| API, key ${erin.keyId} (made by alice) |`);
    const html = await irctl([...args, '--as', 'alice', 'report', incidentId, '--format', 'html']);
    expect(html.output).toContain(`<td>API, key ${dave.keyId} (made by dave)</td>`);
  });
});
