import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, genesisHash, recordHash, type CustodyRecordFields } from '../../../src/custody/canonical.js';

const fields: CustodyRecordFields = {
  incidentId: 'inc-1',
  seq: 1,
  recordedAt: '2025-01-01T00:00:00.000Z',
  actor: 'alice',
  act: 'acquired',
  subject: 'c0ffee',
  where: { host: 'local', containerId: 'c0ffee' },
  how: { action: 'evidence.logs', exit: 0 },
  details: null,
  artifactSha256: 'a'.repeat(64),
  artifactSize: 12,
  artifactLocation: 'inc-1/logs.txt',
  evidenceId: 'ev-1',
  prevHash: genesisHash('inc-1'),
};

describe('custody canonical hashing', () => {
  it('serialises objects as RFC 8785 canonical JSON, keys sorted and no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });

  it('gives the same record hash whatever the key order of nested objects', () => {
    const reordered = { ...fields, where: { containerId: 'c0ffee', host: 'local' } };
    expect(recordHash(reordered)).toBe(recordHash(fields));
  });

  it('changes the record hash when any single field changes', () => {
    const changes: Partial<CustodyRecordFields>[] = [
      { incidentId: 'inc-2' },
      { seq: 2 },
      { recordedAt: '2025-01-01T00:00:00.001Z' },
      { actor: 'mallory' },
      { act: 'verified' },
      { subject: 'deadbeef' },
      { where: { host: 'prod' } },
      { how: null },
      { details: {} },
      { artifactSha256: 'b'.repeat(64) },
      { artifactSize: 13 },
      { artifactLocation: 'inc-1/other.txt' },
      { evidenceId: null },
      { prevHash: '0'.repeat(64) },
    ];
    const hashes = new Set(changes.map((change) => recordHash({ ...fields, ...change })));
    expect(hashes.size).toBe(changes.length);
    expect(hashes.has(recordHash(fields))).toBe(false);
  });

  it('hashes under a domain tag, not the bare canonical JSON', () => {
    const bare = createHash('sha256').update(canonicalJson(fields)).digest('hex');
    expect(recordHash(fields)).not.toBe(bare);
    expect(recordHash(fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derives a different genesis hash for every incident id', () => {
    expect(genesisHash('inc-1')).not.toBe(genesisHash('inc-2'));
    expect(genesisHash('inc-1')).toBe(genesisHash('inc-1'));
  });
});
