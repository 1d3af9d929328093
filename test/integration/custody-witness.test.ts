import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../src/custody/checkpoint.js';
import { buildRecord, recordFromRow, recordRowValues, RECORD_COLUMNS, type CustodyRow } from '../../src/custody/ledger.js';
import { configureWitnesses, pushToWitnesses } from '../../src/custody/witness.js';
import { ExitCode } from '../../src/errors.js';
import { createLedgerFixture, irctlOnLedger, seedIncident, tamper, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';

// Checkpoints leave the host as they are made (custody.witness), and custody verify checks the
// ledger against what the witnesses hold — which a host-key holder cannot rewrite.

const irctl = irctlOnLedger;

describe('custody.witness: a directory', () => {
  let fixture: LedgerFixture;
  let witness: string;
  beforeEach(() => {
    fixture = createLedgerFixture();
    witness = mkdtempSync(join(tmpdir(), 'irctl-witness-'));
    writeFileSync(join(fixture.home, 'config.yaml'), `custody:\n  witness:\n    - dir: ${witness}\n`);
    seedIncident(fixture);
  });
  afterEach(() => {
    configureWitnesses([]);
    fixture.cleanup();
    rmSync(witness, { recursive: true, force: true });
  });

  it('each checkpoint is copied there as it is signed, and verify uses it', async () => {
    const signed = await irctl(fixture, 'custody', 'checkpoint', fixture.incidentId);
    expect(signed.code).toBe(ExitCode.OK);
    const folder = join(witness, fixture.incidentId);
    expect(readFileSync(join(folder, 'latest.note'), 'utf8')).toBe(signed.stdout.trimEnd() + '\n');
    expect(readdirSync(folder).filter((name) => name !== 'latest.note')).toHaveLength(1);
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    expect(run.stdout).toContain('+ 1 external');
    expect(run.stderr).not.toContain('no witnessed checkpoint');
  });

  it('a history rewritten and re-signed with the host key fails against the witnessed checkpoint, even after the forgery is pushed too', async () => {
    await irctl(fixture, 'custody', 'checkpoint', fixture.incidentId);
    tamper(fixture, (raw) => {
      let prevHash = (raw.prepare('SELECT hash FROM custody_records WHERE seq = 2').get() as { hash: string }).hash;
      for (let seq = 3; seq <= 8; seq++) {
        const original = recordFromRow(raw.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE seq = ?`).get(seq) as CustodyRow);
        const rebuilt = buildRecord(
          fixture.incidentId,
          seq,
          prevHash,
          { act: original.act, actor: seq === 5 ? 'mallory' : original.actor, subject: original.subject },
          original.recordedAt,
        );
        raw.prepare('DELETE FROM custody_records WHERE seq = ?').run(seq);
        raw
          .prepare(
            `INSERT INTO custody_records (${RECORD_COLUMNS}) VALUES (${RECORD_COLUMNS.split(',')
              .map(() => '?')
              .join(', ')})`,
          )
          .run(...recordRowValues(rebuilt));
        prevHash = rebuilt.hash;
      }
      raw.prepare('DELETE FROM custody_checkpoints').run();
      raw.prepare('DELETE FROM custody_merkle_nodes').run();
    });
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'forged'); // pushed to the witness as well
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toMatch(/external checkpoint witnessed .*\.note: the Merkle root of records 1–8 differs from the root it signed/);
  });
});

describe('custody.witness: none, or HTTP', () => {
  it('verify says plainly when no witness holds a checkpoint', async () => {
    const fixture = createLedgerFixture();
    try {
      seedIncident(fixture);
      const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId);
      expect(run.code).toBe(ExitCode.OK);
      expect(run.stderr).toContain('has no witnessed checkpoint (no custody.witness configured): checked against checkpoints on this host only');
    } finally {
      fixture.cleanup();
    }
  });

  it('an HTTP witness receives the signed note as a POST', async () => {
    let deliver: (value: { incident: string | undefined; body: string }) => void = () => {};
    const delivered = new Promise<{ incident: string | undefined; body: string }>((resolve) => (deliver = resolve));
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        response.end('ok');
        deliver({ incident: request.headers['x-irctl-incident'] as string | undefined, body });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const note = 'irctl.local/incident/inc-h\n3\nAAAA\n\n\u2014 k sig\n';
      pushToWitnesses({ incidentId: 'inc-h', count: 3, keyId: 'k', createdAt: new Date().toISOString(), note }, [
        { url: `http://127.0.0.1:${port}/checkpoints` },
      ]);
      expect(await delivered).toEqual({ incident: 'inc-h', body: note });
    } finally {
      server.close();
    }
  });
});
