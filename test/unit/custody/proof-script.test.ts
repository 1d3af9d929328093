import { execa } from 'execa';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../../src/custody/checkpoint.js';
import { loadPublicKey, publicKeyPem } from '../../../src/custody/keys.js';
import { proveArtifact } from '../../../src/custody/proof.js';
import { createLedgerFixture, seedIncident, type LedgerFixture } from './fixtures/ledger.js';

// docs/custody-proofs.md promises a 30-line script that verifies an inclusion proof without irctl:
// run the script exactly as the document prints it.

describe('the standalone proof script in docs/custody-proofs.md', () => {
  let fixture: LedgerFixture;
  let script: string;
  let proof: string;
  let key: string;
  beforeAll(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual');
    const doc = readFileSync(new URL('../../../docs/custody-proofs.md', import.meta.url), 'utf8');
    const block = /```js\n([\s\S]+?)```/.exec(doc)![1]!;
    expect(block.trim().split('\n').length).toBeLessThanOrEqual(31); // usage comment + 30 lines
    script = join(fixture.root, 'check-proof.mjs');
    writeFileSync(script, block);
    proof = join(fixture.root, 'proof.json');
    writeFileSync(proof, JSON.stringify(proveArtifact(fixture.db, fixture.incidentId, 'processes.txt')));
    key = join(fixture.root, 'key.pem');
    writeFileSync(key, publicKeyPem(loadPublicKey(fixture.home)));
  });
  afterAll(() => fixture.cleanup());

  it('accepts the genuine file and proof', async () => {
    const run = await execa(process.execPath, [script, join(fixture.evidenceDir, fixture.incidentId, 'processes.txt'), proof, key], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('ok: record 7 (acquired by carol) is in the signed tree of 8');
  });

  it('rejects a flipped file', async () => {
    const flipped = join(fixture.root, 'flipped.txt');
    copyFileSync(join(fixture.evidenceDir, fixture.incidentId, 'processes.txt'), flipped);
    const bytes = readFileSync(flipped);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(flipped, bytes);
    const run = await execa(process.execPath, [script, flipped, proof, key], { reject: false });
    expect(run.exitCode).toBe(7);
    expect(run.stderr).toContain('FAIL: file differs from the record');
  });

  it('rejects a proof whose audit path was altered', async () => {
    const doc = JSON.parse(readFileSync(proof, 'utf8')) as { path: string[] };
    doc.path[0] = doc.path[0]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const altered = join(fixture.root, 'altered.json');
    writeFileSync(altered, JSON.stringify(doc));
    const run = await execa(process.execPath, [script, join(fixture.evidenceDir, fixture.incidentId, 'processes.txt'), altered, key], { reject: false });
    expect(run.exitCode).toBe(7);
    expect(run.stderr).toContain('FAIL: record is not in the signed tree');
  });
});
