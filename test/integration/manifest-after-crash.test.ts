import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { irctl as runIrctl } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// A kill between a capture's commit and its manifest line leaves the evidence table (and the
// ledger) with an artifact the manifest does not name; a power cut can also tear the manifest's last
// line. No hook lands a kill exactly there, so the test makes that state from a real run: two
// captures, a stop at a gate, then the manifest cut back as the crash would leave it.
const RUNBOOK = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'manifest-after-crash',
  severity: 'high',
  steps: [
    { id: 'collect-first', phase: 'evidence', uses: 'evidence.host-command', with: { command: ['echo', 'first'], name: 'first.txt' } },
    { id: 'collect-second', uses: 'evidence.host-command', with: { command: ['echo', 'second'], name: 'second.txt' } },
    { id: 'gate', approval: { roles: ['admin'] } },
    { id: 'collect-third', uses: 'evidence.host-command', with: { command: ['echo', 'third'], name: 'third.txt' } },
  ],
});

const TORN = '{"type":"artifact","evidence_id":"ev-';

describe('the evidence manifest after a crash', () => {
  it('is completed from the evidence table when the run is taken up again, after a torn last line', async () => {
    const ws = approvalWorkspace(RUNBOOK, { alice: 'operator', carol: 'admin' });
    const irctl = (actor: string, ...args: string[]) => runIrctl([...ws.args, '--as', actor, ...args]);
    const started = await irctl('alice', 'run', ws.runbook);
    expect(started.code, started.output).toBe(3);
    const store = new Database(ws.db, { readonly: true });
    const incidentId = (store.prepare('SELECT id FROM incidents').get() as { id: string }).id;
    const manifest = join(ws.dir, 'evidence', incidentId, 'manifest.jsonl');
    const lines = readFileSync(manifest, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3); // the head, then first.txt and second.txt
    writeFileSync(manifest, `${lines.slice(0, 2).join('\n')}\n${TORN}`);

    const approved = await irctl('carol', 'approve', incidentId, '--step', 'gate', '--resume');
    expect(approved.code, approved.output).toBe(0);

    try {
      const evidence = store.prepare('SELECT id FROM evidence ORDER BY captured_at, rowid').all() as { id: string }[];
      expect(evidence).toHaveLength(3);
      const after = readFileSync(manifest, 'utf8');
      expect(after.endsWith('\n')).toBe(true);
      const [head, ...rest] = after.trimEnd().split('\n');
      expect(JSON.parse(head!)).toMatchObject({ incident: incidentId });
      expect(rest[1]).toBe(TORN); // ended where it was torn, left as it is
      const named = rest.filter((line) => line !== TORN).map((line) => (JSON.parse(line) as { evidence_id: string }).evidence_id);
      expect(named).toEqual(evidence.map((row) => row.id)); // second.txt restored before third.txt was captured
      const completed = store.prepare("SELECT actor, detail FROM timeline WHERE kind = 'manifest_completed'").all();
      expect(completed).toEqual([{ actor: 'carol', detail: JSON.stringify({ lines: 1 }) }]);
    } finally {
      store.close();
    }
    const verified = await irctl('alice', 'custody', 'verify', incidentId);
    expect(verified.code, verified.output).toBe(0);
  });

  it('removes a file a capture named but never recorded, and says so on the record', async () => {
    const ws = approvalWorkspace(RUNBOOK, { alice: 'operator', carol: 'admin' });
    const irctl = (actor: string, ...args: string[]) => runIrctl([...ws.args, '--as', actor, ...args]);
    expect((await irctl('alice', 'run', ws.runbook)).code).toBe(3);
    const store = new Database(ws.db, { readonly: true });
    const incidentId = (store.prepare('SELECT id FROM incidents').get() as { id: string }).id;
    const folder = join(ws.dir, 'evidence', incidentId);
    // a kill between the link to the final name and the commit of its row leaves exactly this
    writeFileSync(join(folder, 'third.txt'), 'third\n', { mode: 0o400 });

    const approved = await irctl('carol', 'approve', incidentId, '--step', 'gate', '--resume');
    expect(approved.code, approved.output).toBe(0);

    try {
      const names = store.prepare('SELECT path FROM evidence WHERE incident_id = ? ORDER BY rowid').pluck().all(incidentId) as string[];
      const third = names.find((path) => path.includes('third'));
      expect(third).toBe(`${incidentId}/third.txt`); // the step captured it again, under its own name
      expect(readFileSync(join(ws.dir, 'evidence', third!), 'utf8')).toBe('third\n');
      const removed = store.prepare("SELECT subject, details_json FROM custody_records WHERE incident_id = ? AND act = 'capture-failed'").all(incidentId) as {
        subject: string;
        details_json: string;
      }[];
      expect(removed.map((row) => row.subject)).toEqual(['third.txt']);
      expect(JSON.parse(removed[0]!.details_json)).toMatchObject({ size: 6 });
      const timeline = store.prepare("SELECT detail FROM timeline WHERE incident_id = ? AND kind = 'unrecorded_file_removed'").pluck().all(incidentId);
      expect(timeline).toEqual([JSON.stringify({ file: 'third.txt', size: 6 })]);
      for (const name of readdirSync(folder)) expect([...names.map((path) => path.split('/')[1]), 'manifest.jsonl']).toContain(name);
    } finally {
      store.close();
    }
    const verified = await irctl('alice', 'custody', 'verify', incidentId);
    expect(verified.code, verified.output).toBe(0);
  });
});
