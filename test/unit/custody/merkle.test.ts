import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendCustody } from '../../../src/custody/ledger.js';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  recordLeaf,
  rootFromInclusion,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type SubtreeHash,
} from '../../../src/custody/merkle.js';
import { storedConsistencyProof, storedInclusionProof, syncTree, treeRoot } from '../../../src/custody/merkle-store.js';
import { openStore } from '../../../src/schema.js';

// RFC 6962 test vectors, as published in the certificate-transparency reference tests
// (merkle_tree_test.cc) and transparency-dev/merkle: the 8 leaves, each tree size's root, and the
// inclusion and consistency proofs for the 8-leaf tree.
const hex = (buffer: Buffer) => buffer.toString('hex');
const unhex = (text: string) => Buffer.from(text, 'hex');
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((data) => leafHash(unhex(data)));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// { leaf index (0-based), tree size, path }
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
// { old size, new size, proof }
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
const listSubtree =
  (leaves: Buffer[]): SubtreeHash =>
  (start, end) =>
    rootOf(leaves.slice(start, end));

describe('RFC 6962 / 9162 Merkle tree', () => {
  it('the empty tree hash is SHA-256 of nothing, e3b0c442…', () => {
    expect(hex(EMPTY_ROOT)).toBe(ROOTS[0]);
    expect(hex(rootOf([]))).toBe(ROOTS[0]);
  });

  it('matches the published root of every size 1…8', () => {
    for (let n = 1; n <= 8; n++) expect(hex(rootOf(LEAVES.slice(0, n))), `size ${n}`).toBe(ROOTS[n]);
  });

  it.each(INCLUSION)('inclusion of leaf %i in a tree of %i: the published path, and it verifies', (index, size, path) => {
    const tree = LEAVES.slice(0, size);
    expect(inclusionProof(index, size, listSubtree(tree)).map(hex)).toEqual(path);
    expect(verifyInclusion(index, size, tree[index]!, path.map(unhex), unhex(ROOTS[size]!))).toBe(true);
    // another leaf, index or size does not verify with the same path
    expect(verifyInclusion(index, size, leafHash(Buffer.from('x')), path.map(unhex), unhex(ROOTS[size]!))).toBe(false);
    if (size > 1) expect(verifyInclusion(index ^ 1, size, tree[index]!, path.map(unhex), unhex(ROOTS[size]!))).toBe(false);
    // a path of the wrong length for the size leads nowhere (the size itself is what the checkpoint signs)
    expect(rootFromInclusion(index, size * 2, tree[index]!, path.map(unhex))).toBeNull();
  });

  it.each(CONSISTENCY)('consistency from %i to %i: the published proof, and it verifies', (oldSize, size, proof) => {
    expect(consistencyProof(oldSize, size, listSubtree(LEAVES)).map(hex)).toEqual(proof);
    expect(verifyConsistency(oldSize, size, unhex(ROOTS[oldSize]!), unhex(ROOTS[size]!), proof.map(unhex))).toBe(true);
    if (oldSize !== size) {
      const rewritten = Buffer.from(unhex(ROOTS[oldSize]!));
      rewritten[0]! ^= 1;
      expect(verifyConsistency(oldSize, size, rewritten, unhex(ROOTS[size]!), proof.map(unhex))).toBe(false);
    }
  });

  it('every proof in every tree up to 40 leaves verifies, and the stored level hashes agree with the list', () => {
    const db = openStore(':memory:');
    try {
      for (let i = 0; i < 40; i++) appendCustody(db, 'inc-m', { act: 'noted', actor: 't', subject: `s${i}` });
      expect(syncTree(db, 'inc-m')).toBe(40);
      const leaves = (db.prepare("SELECT hash FROM custody_records WHERE incident_id = 'inc-m' ORDER BY seq").pluck().all() as string[]).map(recordLeaf);
      for (let n = 1; n <= 40; n++) {
        const root = rootOf(leaves.slice(0, n));
        expect(hex(treeRoot(db, 'inc-m', n))).toBe(hex(root));
        for (let i = 0; i < n; i++) expect(verifyInclusion(i, n, leaves[i]!, storedInclusionProof(db, 'inc-m', i + 1, n), root)).toBe(true);
        for (let m = 1; m <= n; m++)
          expect(verifyConsistency(m, n, rootOf(leaves.slice(0, m)), root, storedConsistencyProof(db, 'inc-m', m, n)), `${m}→${n}`).toBe(true);
      }
      // appending more brings the stored tree along
      appendCustody(db, 'inc-m', { act: 'noted', actor: 't', subject: 'last' });
      expect(syncTree(db, 'inc-m')).toBe(41);
      const last = db.prepare("SELECT hash FROM custody_records WHERE incident_id = 'inc-m' AND seq = 41").pluck().get() as string;
      expect(hex(treeRoot(db, 'inc-m', 41))).toBe(hex(rootOf([...leaves, recordLeaf(last)])));
    } finally {
      db.close();
    }
  });

  it('a leaf is SHA-256(0x00 ‖ the record hash as 32 raw bytes)', () => {
    const recordHash = 'ab'.repeat(32);
    expect(hex(recordLeaf(recordHash))).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.of(0), unhex(recordHash)]))
        .digest('hex'),
    );
  });
});
