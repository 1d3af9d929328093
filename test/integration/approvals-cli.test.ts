import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyApiKey } from '../../src/auth/keys.js';
import { irctl as runIrctl } from '../helpers/run-cli.js';
import { approvalWorkspace, DEFAULT_ROLES, gateRunbook } from '../helpers/approvals.js';

function counts(db: string, incidentId: string) {
  const conn = new Database(db, { readonly: true });
  try {
    const n = (sql: string) => (conn.prepare(sql).get(incidentId) as { n: number }).n;
    return {
      approvals: n('SELECT COUNT(*) AS n FROM approvals WHERE incident_id = ?'),
      custody: n('SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ?'),
      gates: n('SELECT COUNT(*) AS n FROM gates WHERE incident_id = ?'),
    };
  } finally {
    conn.close();
  }
}

async function waitingIncident(gate: Record<string, unknown> = {}) {
  const ws = approvalWorkspace(gateRunbook(gate));
  const run = await runIrctl([...ws.args, '--json', '--as', 'olga', 'run', ws.runbook]);
  expect(run.code).toBe(3);
  const incidentId = (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { incidentId: string }).incidentId;
  return { ws, incidentId, irctl: (actor: string, ...args: string[]) => runIrctl([...ws.args, '--as', actor, ...args]) };
}

describe('irctl approve / reject', () => {
  it('refuses a viewer, an operator on an admin-only gate and the initiator under separation of duties, each with exit 4 and nothing changed', async () => {
    const { ws, incidentId, irctl } = await waitingIncident({ roles: ['admin'], separate_from_initiator: true });
    const before = counts(ws.db, incidentId);

    const viewer = await irctl('victor', 'approve', incidentId);
    expect(viewer.code).toBe(4);
    expect(viewer.output).toContain('victor may not approve a gate of');
    expect(viewer.output).toContain('it needs the operator role and victor has viewer');

    const operator = await irctl('olga', 'approve', incidentId);
    expect(operator.code).toBe(4);
    expect(operator.output).toContain('olga may not decide gate "approve-recovery": it needs one of the roles admin');

    // an admin who started the run may not approve it
    const ws2 = await (async () => {
      const again = approvalWorkspace(gateRunbook({ separate_from_initiator: true }));
      const run = await runIrctl([...again.args, '--json', '--as', 'alice', 'run', again.runbook]);
      return { again, id: (JSON.parse(run.output.slice(run.output.indexOf('{'))) as { incidentId: string }).incidentId };
    })();
    const initiator = await runIrctl([...ws2.again.args, '--as', 'alice', 'approve', ws2.id]);
    expect(initiator.code).toBe(4);
    expect(initiator.output).toContain('(separation of duties)');

    expect(counts(ws.db, incidentId)).toEqual(before);
    expect(counts(ws2.again.db, ws2.id).approvals).toBe(0);
  });

  it('records an approval, says how to continue, and --resume on the last approval finishes the run', async () => {
    const { incidentId, irctl } = await waitingIncident({ quorum: 2 });
    const first = await irctl('alice', 'approve', incidentId, '--comment', 'checked');
    expect(first.code).toBe(0);
    expect(first.output).toContain('1 of 2 approvals; the gate waits for more');

    const twice = await irctl('alice', 'approve', incidentId);
    expect(twice.code).toBe(4);
    expect(twice.output).toContain('a quorum needs distinct people');

    const second = await irctl('bob', 'approve', incidentId, '--resume');
    expect(second.output).toContain('succeeded');
    expect(second.code).toBe(0);

    const late = await irctl('carol', 'approve', incidentId, '--step', 'approve-recovery');
    expect(late.code).toBe(4);
    expect(late.output).toContain(`incident ${incidentId} has ended (succeeded); its gates are closed`);
  });

  it('a decision recorded while nothing runs the incident is picked up by resume', async () => {
    const { incidentId, irctl } = await waitingIncident();
    const approved = await irctl('alice', 'approve', incidentId);
    expect(approved.output).toContain(`hint: irctl resume ${incidentId}`);
    const resumed = await irctl('olga', 'resume', incidentId);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toContain('rebuild');
  });

  it('reject needs a comment and routes the run by on_reject (default abort: exit 1)', async () => {
    const { incidentId, irctl } = await waitingIncident();
    const noComment = await irctl('alice', 'reject', incidentId);
    expect(noComment.code).toBe(2);
    const rejected = await irctl('alice', 'reject', incidentId, '--comment', 'wrong host', '--resume');
    expect(rejected.code).toBe(1);
    expect(rejected.output).toContain('failed');
  });

  it('a decision on an incident that has ended is refused with exit 4, says so, and changes nothing', async () => {
    const { ws, incidentId, irctl } = await waitingIncident();
    expect((await irctl('alice', 'reject', incidentId, '--comment', 'false positive', '--resume')).code).toBe(1);
    const before = counts(ws.db, incidentId);
    for (const late of [await irctl('bob', 'approve', incidentId), await irctl('bob', 'approve', incidentId, '--step', 'approve-recovery')]) {
      expect(late.code, late.output).toBe(4);
      expect(late.output).toContain(`incident ${incidentId} has ended (failed); its gates are closed`);
    }
    expect(counts(ws.db, incidentId)).toEqual(before);
  });
});

describe('roles on the other commands', () => {
  it('a viewer may read incidents but not run, resume or abort, each refused with exit 4', async () => {
    const { incidentId, irctl, ws } = await waitingIncident();
    expect((await irctl('victor', 'status', incidentId)).code).toBe(0);
    const run = await irctl('victor', 'run', ws.runbook);
    expect(run.code).toBe(4);
    expect(run.output).toContain('victor may not run runbook gated: it needs the operator role and victor has viewer');
    expect((await irctl('victor', 'abort', incidentId)).code).toBe(4);
    expect((await irctl('nobody', 'incidents')).output).toContain('nobody has no role');
  });
});

describe('irctl keys', () => {
  it('an admin creates a key shown once, verifyApiKey accepts it until it is revoked; an operator may not create one', async () => {
    const ws = approvalWorkspace(gateRunbook(), { ...DEFAULT_ROLES, grafana: 'operator' });
    const refused = await runIrctl([...ws.args, '--as', 'olga', 'keys', 'create', '--actor', 'grafana']);
    expect(refused.code).toBe(4);

    const created = await runIrctl([...ws.args, '--json', '--as', 'alice', 'keys', 'create', '--actor', 'grafana', '--role', 'operator']);
    expect(created.code).toBe(0);
    const { key, keyId } = JSON.parse(created.output) as { key: string; keyId: string };
    expect(key).toMatch(/^irk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);

    const db = new Database(ws.db);
    expect(verifyApiKey(db, key)).toEqual({ keyId, actor: 'grafana', createdBy: 'alice', role: 'operator' });
    const stored = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(key.slice(`irk_${keyId}_`.length));

    const listed = await runIrctl([...ws.args, '--as', 'alice', 'keys', 'list']);
    expect(listed.output).toContain(keyId);
    expect(listed.output).not.toContain(key);

    expect((await runIrctl([...ws.args, '--as', 'alice', 'keys', 'revoke', keyId])).code).toBe(0);
    expect(verifyApiKey(db, key)).toBeUndefined();
    db.close();
  });

  it('makes keys only for actors the roles file names, never with a role they do not hold; anyone named may make their own', async () => {
    const ws = approvalWorkspace();
    const ghost = await runIrctl([...ws.args, '--as', 'alice', 'keys', 'create', '--actor', 'ghost', '--role', 'admin']);
    expect(ghost.code).toBe(4);
    expect(ghost.output).toContain(
      `no API key made: keys are made only for actors named in the roles file, and ghost is not (roles file ${ws.home}/roles.yaml)`,
    );
    const raised = await runIrctl([...ws.args, '--as', 'alice', 'keys', 'create', '--actor', 'olga', '--role', 'admin']);
    expect(raised.code).toBe(4);
    expect(raised.output).toContain('an admin key for olga would give more than the roles file does: olga has operator, alerter, viewer');
    const own = await runIrctl([...ws.args, '--json', '--as', 'olga', 'keys', 'create', '--actor', 'olga']);
    expect(own.code).toBe(0);
    const db = new Database(ws.db, { readonly: true });
    try {
      expect(db.prepare('SELECT actor, created_by FROM api_keys').all()).toEqual([{ actor: 'olga', created_by: 'olga' }]);
    } finally {
      db.close();
    }
  });

  it('records who made and revoked each key, for whom and with which role, in the api-keys custody ledger, never the key', async () => {
    const ws = approvalWorkspace();
    const created = await runIrctl([...ws.args, '--json', '--as', 'alice', 'keys', 'create', '--actor', 'olga', '--role', 'operator']);
    const { key, keyId, custody } = JSON.parse(created.output) as { key: string; keyId: string; custody: { ledger: string; seq: number } };
    expect(custody).toEqual({ ledger: 'api-keys', seq: 1 });
    expect((await runIrctl([...ws.args, '--as', 'bob', 'keys', 'revoke', keyId])).code).toBe(0);
    expect((await runIrctl([...ws.args, '--as', 'bob', 'keys', 'revoke', keyId])).code).toBe(0); // revoking again records nothing

    const log = await runIrctl([...ws.args, '--json', '--as', 'alice', 'custody', 'log', 'api-keys']);
    expect(log.code).toBe(0);
    expect(log.output).not.toContain(key.slice(`irk_${keyId}_`.length));
    const records = JSON.parse(log.output) as { act: string; actor: string; subject: string; details: Record<string, unknown> }[];
    expect(records.map(({ act, actor, subject, details }) => ({ act, actor, subject, details }))).toEqual([
      {
        act: 'key-created',
        actor: 'alice',
        subject: `api-key:${keyId}`,
        details: { key_id: keyId, for: 'olga', role: 'operator', roles_now: ['operator', 'alerter', 'viewer'], scope: null },
      },
      { act: 'key-revoked', actor: 'bob', subject: `api-key:${keyId}`, details: { key_id: keyId, for: 'olga', created_by: 'alice' } },
    ]);
    const verified = await runIrctl([...ws.args, '--as', 'alice', 'custody', 'verify', 'api-keys']);
    expect(verified.code).toBe(0);
    expect(verified.output).toContain('ok   api-keys: 2 records, 0 evidence file(s), 3 checkpoint(s)'); // one signed after each keys create / revoke
  });
});
