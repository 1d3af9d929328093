import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { irctl as runIrctl } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// Every close signs the ledger's head, as a run that ends does: an aborted incident's records are
// then pinned by a checkpoint, and custody verify has nothing unpinned to warn about.
const RUNBOOK = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'abort-signs',
  severity: 'high',
  steps: [
    { id: 'collect', phase: 'evidence', uses: 'evidence.host-command', with: { command: ['echo', 'seen'], name: 'seen.txt' } },
    { id: 'gate', approval: { roles: ['admin'] } },
    { id: 'after', uses: 'core.log', with: { message: 'not reached' } },
  ],
});

describe('closing an incident by abort', () => {
  it('writes a checkpoint that pins the ledger head', async () => {
    const ws = approvalWorkspace(RUNBOOK, { alice: 'operator', carol: 'admin' });
    const irctl = (actor: string, ...args: string[]) => runIrctl([...ws.args, '--as', actor, ...args]);
    expect((await irctl('alice', 'run', ws.runbook)).code).toBe(3);
    const store = new Database(ws.db, { readonly: true });
    try {
      const incidentId = (store.prepare('SELECT id FROM incidents').get() as { id: string }).id;
      const aborted = await irctl('alice', 'abort', incidentId);
      expect(aborted.code, aborted.output).toBe(0);

      const head = store.prepare('SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?').get(incidentId) as { seq: number };
      const last = store.prepare('SELECT seq, reason FROM custody_checkpoints WHERE incident_id = ? ORDER BY id DESC LIMIT 1').get(incidentId);
      expect(last).toEqual({ seq: head.seq, reason: 'closed:aborted' });
      const verified = await irctl('alice', 'custody', 'verify', incidentId, '--require-pinned');
      expect(verified.code, verified.output).toBe(0);
    } finally {
      store.close();
    }
  });
});
