import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpointFile } from '../../../src/custody/checkpoint-file.js';
import { writeCheckpoint } from '../../../src/custody/checkpoint.js';
import { appendCustody } from '../../../src/custody/ledger.js';
import { NotFoundError, UsageError } from '../../../src/errors.js';
import type { Db } from '../../../src/store/db.js';
import { openStore } from '../../../src/schema.js';

describe('reading a checkpoint file the user kept', () => {
  let home: string;
  let db: Db;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'irctl-checkpoint-file-'));
    db = openStore(join(home, 'irctl.db'));
    appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
  });
  afterEach(() => {
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('returns a checkpoint with the file name as its label', () => {
    const file = join(home, 'head.txt');
    const { note } = writeCheckpoint(db, home, 'inc-1', 'manual');
    writeFileSync(file, note);
    expect(readCheckpointFile(file)).toEqual({ label: file, text: note });
  });

  it('refuses an empty file as a usage error naming it, with what a checkpoint is and how to make one', () => {
    const file = join(home, 'head.txt');
    writeFileSync(file, '');
    const error = (() => {
      try {
        readCheckpointFile(file, 'inc-1');
      } catch (caught) {
        return caught;
      }
    })() as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(`checkpoint file ${file} is empty; a checkpoint is a signed note`);
    expect(error.hint).toContain('make one on the signing host with: irctl custody checkpoint inc-1 > head.txt (needs the operator role)');
  });

  it('returns a damaged note unchanged, for the verifier to report as an integrity failure', () => {
    const file = join(home, 'head.txt');
    const { note } = writeCheckpoint(db, home, 'inc-1', 'manual');
    const damaged = note.replace(/\n[^\n]+\n\n/, '\nAAAA\n\n');
    writeFileSync(file, damaged);
    expect(readCheckpointFile(file).text).toBe(damaged);
  });

  it('reports a missing file as not found', () => {
    expect(() => readCheckpointFile(join(home, 'nope.txt'))).toThrow(NotFoundError);
  });
});
