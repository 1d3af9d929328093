import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../src/custody/checkpoint.js';
import { createLedgerFixture, seedIncident, tamper, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';

// Attacks on the evidence files the ledger vouches for and on the checkpoints that pin it.

describe('custody verify against tampered evidence and checkpoints', () => {
  let fixture: LedgerFixture;
  let logsPath: string;
  beforeEach(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
    logsPath = join(fixture.evidenceDir, fixture.incidentId, 'logs.txt');
    chmodSync(logsPath, 0o644);
  });
  afterEach(() => fixture.cleanup());

  it('detects an evidence file with one byte changed', async () => {
    const bytes = readFileSync(logsPath);
    bytes[0]! ^= 0x01;
    writeFileSync(logsPath, bytes);
    const result = await fixture.verify();
    expect(result.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'artifact-mismatch' })]);
    expect(result.problems[0]!.message).toContain('its bytes were changed');
  });

  it('detects an evidence file replaced by another file', async () => {
    writeFileSync(logsPath, 'GET /index.html 200\nnothing to see here\n');
    const result = await fixture.verify();
    expect(result.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'artifact-mismatch' })]);
  });

  it('detects a missing evidence file', async () => {
    rmSync(logsPath);
    const result = await fixture.verify();
    expect(result.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'artifact-missing' })]);
    expect(result.problems[0]!.message).toContain(`${fixture.incidentId}/logs.txt`);
  });

  it('detects a stored checkpoint whose signature was altered', async () => {
    tamper(fixture, (raw) => {
      const { note } = raw.prepare('SELECT note FROM custody_checkpoints').get() as { note: string };
      const [body, signatureLine] = note.split('\n\n');
      const [dash, name, encoded] = signatureLine!.trim().split(' ');
      const bytes = Buffer.from(encoded!, 'base64');
      bytes[10]! ^= 0xff;
      raw.prepare('UPDATE custody_checkpoints SET note = ?').run(`${body}\n\n${dash} ${name} ${bytes.toString('base64')}\n`);
    });
    const result = await fixture.verify();
    expect(result.problems).toEqual([expect.objectContaining({ seq: 5, kind: 'checkpoint-signature' })]);
    expect(result.problems[0]!.message).toContain('does not verify');
  });

  it('detects a tail cut below an externally kept checkpoint, which the stored ones cannot show', async () => {
    const kept = writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'export');
    tamper(fixture, (raw) => {
      raw.prepare('DELETE FROM custody_records WHERE seq >= 7').run();
      raw.prepare('DELETE FROM custody_checkpoints WHERE seq > 6').run();
    });
    expect((await fixture.verify()).ok).toBe(true);
    const result = await fixture.verify({ externalCheckpoints: [{ label: 'ticket-4711.txt', text: kept.note }] });
    expect(result.problems).toEqual([expect.objectContaining({ seq: 7, kind: 'checkpoint-ahead' })]);
    expect(result.problems[0]!.message).toContain('external checkpoint ticket-4711.txt');
  });

  it('rejects an external checkpoint whose count was edited without re-signing', async () => {
    const kept = writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'export');
    const edited = kept.note.replace('\n8\n', '\n6\n');
    const result = await fixture.verify({ externalCheckpoints: [{ label: 'edited.txt', text: edited }] });
    expect(result.problems.map((p) => p.kind)).toContain('checkpoint-signature');
  });
});
