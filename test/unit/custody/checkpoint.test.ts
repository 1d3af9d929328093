import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCheckpoints, parseCheckpoint, verifyCheckpointSignature, writeCheckpoint } from '../../../src/custody/checkpoint.js';
import { loadOrCreateSigningKey } from '../../../src/custody/keys.js';
import { appendCustody } from '../../../src/custody/ledger.js';
import { IntegrityError, NotFoundError, UsageError } from '../../../src/errors.js';
import type { Db } from '../../../src/store/db.js';
import { openStore } from '../../../src/schema.js';

describe('custody checkpoints', () => {
  let home: string;
  let db: Db;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'irctl-checkpoint-'));
    db = openStore(join(home, 'irctl.db'));
    for (const act of ['contained', 'acquired', 'verified']) appendCustody(db, 'inc-1', { act, actor: 'alice', subject: 'web-1' });
  });
  afterEach(() => {
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('writes a C2SP signed note: origin, count, base64 RFC 9162 root of the records, blank line, one signature line', () => {
    const checkpoint = writeCheckpoint(db, home, 'inc-1', 'phase:containment');
    const hashes = (db.prepare('SELECT hash FROM custody_records WHERE incident_id = ? ORDER BY seq').pluck().all('inc-1') as string[]).map((hash) =>
      Buffer.from(hash, 'hex'),
    );
    const leaf = (data: Buffer) => createHash('sha256').update(Buffer.of(0)).update(data).digest();
    const node = (l: Buffer, r: Buffer) => createHash('sha256').update(Buffer.of(1)).update(l).update(r).digest();
    const root = node(node(leaf(hashes[0]!), leaf(hashes[1]!)), leaf(hashes[2]!)); // RFC 9162 shape of a 3-leaf tree
    const lines = checkpoint.note.split('\n');
    expect(lines.slice(0, 4)).toEqual(['irctl.local/incident/inc-1', '3', root.toString('base64'), '']);
    expect(lines[4]).toMatch(/^\u2014 irctl-custody-[0-9a-f]{16} [A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(lines[4]!.split(' ')[2]!, 'base64')).toHaveLength(4 + 64);
    expect(lines[5]).toBe('');
  });

  it('stores the checkpoint with its reason, head and key id', () => {
    const checkpoint = writeCheckpoint(db, home, 'inc-1', 'export');
    expect(listCheckpoints(db, 'inc-1')).toEqual([
      expect.objectContaining({ seq: 3, head_hash: checkpoint.headHash, reason: 'export', key_id: checkpoint.keyId, note: checkpoint.note }),
    ]);
  });

  it('parses its own note back and verifies the signature with the signing key', () => {
    const checkpoint = writeCheckpoint(db, home, 'inc-1', 'export');
    const parsed = parseCheckpoint(checkpoint.note);
    expect(parsed).toMatchObject({ incidentId: 'inc-1', count: 3, rootHash: checkpoint.rootHash });
    expect(verifyCheckpointSignature(parsed, loadOrCreateSigningKey(home))).toEqual({ ok: true });
  });

  it('accepts a note pasted with CRLF line ends and surrounding blank lines', () => {
    const checkpoint = writeCheckpoint(db, home, 'inc-1', 'export');
    const pasted = `\r\n${checkpoint.note.replace(/\n/g, '\r\n')}\r\n\r\n`;
    expect(verifyCheckpointSignature(parseCheckpoint(pasted), loadOrCreateSigningKey(home))).toEqual({ ok: true });
  });

  it('does not accept a signature by another key', () => {
    const checkpoint = writeCheckpoint(db, home, 'inc-1', 'export');
    const otherHome = mkdtempSync(join(tmpdir(), 'irctl-other-'));
    try {
      const result = verifyCheckpointSignature(parseCheckpoint(checkpoint.note), loadOrCreateSigningKey(otherHome));
      expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('not signed by key') });
    } finally {
      rmSync(otherHome, { recursive: true, force: true });
    }
  });

  it('rejects a note without a signature block', () => {
    expect(() => parseCheckpoint('irctl.local/incident/inc-1\n3\nAAAA\n')).toThrow(UsageError);
  });

  it('calls empty text and text without the note shape not a checkpoint (UsageError)', () => {
    for (const text of ['', ' \n\n ', 'wrote incident.tar.gz: 9 files\n\nsha256 0123\n', 'irctl.local/incident/inc-1\n3\nAAAA\n\nsigned by alice\n']) {
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(UsageError);
    }
  });

  it('calls a note with a damaged head hash or signature an integrity failure, not a usage error', () => {
    const checkpoint = writeCheckpoint(db, home, 'inc-1', 'export');
    const lines = checkpoint.note.split('\n');
    const damagedHead = [...lines.slice(0, 2), 'AAAA', ...lines.slice(3)].join('\n');
    const damagedSignature = [...lines.slice(0, 4), `${lines[4]!.split(' ').slice(0, 2).join(' ')} AA==`, ''].join('\n');
    expect(() => parseCheckpoint(damagedHead)).toThrow(IntegrityError);
    expect(() => parseCheckpoint(damagedSignature)).toThrow(IntegrityError);
  });

  it('refuses to checkpoint an incident with no records', () => {
    expect(() => writeCheckpoint(db, home, 'inc-none', 'export')).toThrow(NotFoundError);
  });

  it('refuses to sign over a chain that is broken since the last checkpoint', () => {
    writeCheckpoint(db, home, 'inc-1', 'phase:containment');
    appendCustody(db, 'inc-1', { act: 'exported', actor: 'alice', subject: 'bundle' });
    const raw = new Database(join(home, 'irctl.db'));
    raw.exec('DROP TRIGGER custody_records_no_update');
    raw.prepare("UPDATE custody_records SET actor = 'mallory' WHERE seq = 4").run();
    raw.close();
    expect(() => writeCheckpoint(db, home, 'inc-1', 'export')).toThrow(IntegrityError);
  });
});
