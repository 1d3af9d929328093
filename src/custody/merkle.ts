import { createHash, hash } from 'node:crypto';

// RFC 9162 (RFC 6962) Merkle tree hashing, inclusion and consistency proofs. Pure functions over
// 32-byte hashes; where the hashes come from (a store of subtree hashes, a list) is the caller's.
// irctl's leaves are the custody records: leaf input = the record's 32-byte hash (raw bytes, not
// hex), so leaf hash = SHA-256(0x00 ‖ record hash). See docs/custody-proofs.md.

export const EMPTY_ROOT = createHash('sha256').digest(); // e3b0c442…: the root of the empty tree

const LEAF_PREFIX = Buffer.of(0);
const NODE_PREFIX = Buffer.of(1);

// One-shot SHA-256 (crypto.hash) over the joined bytes: a verify hashes about two of these per
// record, and a Hash object each was a third of a long ledger's walk.
export function leafHash(data: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/** The leaf hash of a custody record, from its hex record hash. */
export function recordLeaf(recordHashHex: string): Buffer {
  return leafHash(Buffer.from(recordHashHex, 'hex'));
}

/** The largest power of two smaller than n (n ≥ 2): RFC 9162's split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes [start, end); `subtree` may answer from a store for aligned perfect subtrees. */
export type SubtreeHash = (start: number, end: number) => Buffer;

/** The root of a list of leaf hashes (for tests and small trees). */
export function rootOf(leaves: readonly Buffer[]): Buffer {
  const hash = (start: number, end: number): Buffer => {
    if (end - start === 0) return EMPTY_ROOT;
    if (end - start === 1) return leaves[start]!;
    const k = splitPoint(end - start);
    return nodeHash(hash(start, start + k), hash(start + k, end));
  };
  return hash(0, leaves.length);
}

/** RFC 9162 2.1.3.1 PATH(m, D[0:n]): the audit path of leaf `index` in a tree of `size` leaves. */
export function inclusionProof(index: number, size: number, subtree: SubtreeHash): Buffer[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const path = (m: number, start: number, end: number): Buffer[] => {
    if (end - start <= 1) return [];
    const k = splitPoint(end - start);
    return m < k ? [...path(m, start, start + k), subtree(start + k, end)] : [...path(m - k, start + k, end), subtree(start, start + k)];
  };
  return path(index, 0, size);
}

/** RFC 9162 2.1.4.1 PROOF(m, D[0:n]): proves the tree of `size` extends the one of `oldSize`. */
export function consistencyProof(oldSize: number, size: number, subtree: SubtreeHash): Buffer[] {
  if (!(oldSize >= 0 && oldSize <= size)) throw new RangeError(`a tree of ${size} leaves cannot extend one of ${oldSize}`);
  if (oldSize === 0 || oldSize === size) return [];
  const sub = (m: number, start: number, end: number, complete: boolean): Buffer[] => {
    const n = end - start;
    if (m === n) return complete ? [] : [subtree(start, end)];
    const k = splitPoint(n);
    return m <= k ? [...sub(m, start, start + k, complete), subtree(start + k, end)] : [...sub(m - k, start + k, end, false), subtree(start, start + k)];
  };
  return sub(oldSize, 0, size, true);
}

/** RFC 9162 2.1.3.2: the root the audit path leads to, or null when the path has the wrong length. */
export function rootFromInclusion(index: number, size: number, leaf: Buffer, proof: readonly Buffer[]): Buffer | null {
  if (!(index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(index: number, size: number, leaf: Buffer, proof: readonly Buffer[], root: Buffer): boolean {
  const computed = rootFromInclusion(index, size, leaf, proof);
  return computed !== null && computed.equals(root);
}

/** RFC 9162 2.1.4.2: does `proof` show that the tree (size, root) extends (oldSize, oldRoot)? */
export function verifyConsistency(oldSize: number, size: number, oldRoot: Buffer, root: Buffer, proof: readonly Buffer[]): boolean {
  if (oldSize > size || oldSize < 0) return false;
  if (oldSize === size) return proof.length === 0 && oldRoot.equals(root);
  if (oldSize === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = [...proof];
  if (isPowerOfTwo(oldSize)) path.unshift(oldRoot);
  let fn = oldSize - 1;
  let sn = size - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const first = path.shift();
  if (!first) return false;
  let fr = first;
  let sr = first;
  for (const c of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(root);
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/**
 * The root of every prefix of a leaf stream, in O(log n) memory: push leaves in order, ask for the
 * root of the leaves so far. Used by verify, which walks the whole ledger anyway.
 */
export class CompactRange {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  size = 0;
  /**
   * The range over the first `size` leaves from its peaks: the roots of the perfect subtrees that
   * size decomposes into, largest (leftmost) first (`peakRanges`). Check root() against a root you
   * trust before extending it: the peaks are only as good as where they came from.
   */
  static fromPeaks(size: number, peaks: readonly Buffer[]): CompactRange {
    const ranges = peakRanges(size);
    if (peaks.length !== ranges.length) throw new RangeError(`a tree of ${size} leaves has ${ranges.length} peaks, not ${peaks.length}`);
    const range = new CompactRange();
    ranges.forEach(({ level }, i) => range.stack.push({ size: 2 ** level, hash: peaks[i]! }));
    range.size = size;
    return range;
  }
  push(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    while (this.stack.length > 0 && this.stack.at(-1)!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }
  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let hash = this.stack.at(-1)!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i]!.hash, hash);
    return hash;
  }
}

/** The perfect subtrees the first `size` leaves decompose into, leftmost first: node (level, index). */
export function peakRanges(size: number): { level: number; index: number }[] {
  const peaks: { level: number; index: number }[] = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      peaks.push({ level, index: start / width });
      start += width;
    }
  }
  return peaks;
}
