import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  pushToWitnesses
} from "./chunk-AWUUUX57.js";
import {
  RECORD_COLUMNS,
  genesisHash,
  recordHash,
  storedRecordHash
} from "./chunk-5G4DN3AP.js";
import {
  IntegrityError,
  NotFoundError,
  RefusedError,
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/custody/keys.js
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
var SIGNING_KEY_FILE = "custody-signing.key";
function signingKeyPath(home) {
  return join(home, SIGNING_KEY_FILE);
}
function describePublicKey(publicKey) {
  if (publicKey.asymmetricKeyType !== "ed25519") {
    throw new UsageError(`custody public key is ${publicKey.asymmetricKeyType ?? "not asymmetric"}, expected ed25519`);
  }
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  const keyId = createHash("sha256").update(raw).digest("hex").slice(0, 16);
  const keyName = `irctl-custody-${keyId}`;
  const noteKeyHash = createHash("sha256").update(Buffer.concat([Buffer.from(`${keyName}
`), Buffer.from([1]), raw])).digest().subarray(0, 4);
  return { publicKey, raw, keyId, keyName, noteKeyHash };
}
function verifierKey(key) {
  return `${key.keyName}+${key.noteKeyHash.toString("hex")}+${Buffer.concat([Buffer.from([1]), key.raw]).toString("base64")}`;
}
function publicKeyPem(key) {
  return key.publicKey.export({ format: "pem", type: "spki" }).toString();
}
function parsePublicKey(text) {
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)?.[0];
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0 && !l.startsWith("#")) ?? "";
  try {
    if (pem)
      return describePublicKey(createPublicKey(pem));
    const vkey = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(line);
    const encoded = Buffer.from(vkey?.[3] ?? "", "base64");
    if (vkey && encoded.length === 33 && encoded[0] === 1) {
      const x = encoded.subarray(1).toString("base64url");
      return describePublicKey(createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }));
    }
  } catch (error) {
    throw new UsageError(`custody public key is not a valid ed25519 key: ${error.message}`, { cause: error });
  }
  throw new UsageError("custody public key is neither a PEM public key nor a verifier key line (name+hash+base64)", {
    hint: "irctl custody pubkey prints both forms"
  });
}
function parseTrustFile(text) {
  const keys = [];
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  for (const pem of pems)
    keys.push(parsePublicKey(pem));
  const rest = text.replace(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g, "");
  for (const line of rest.split(/\r?\n/).map((l) => l.trim())) {
    if (line.length > 0 && !line.startsWith("#"))
      keys.push(parsePublicKey(line));
  }
  return keys;
}
var loadedKeys = /* @__PURE__ */ new Map();
function loadPrivate(path) {
  const stats = statSync(path);
  if (process.platform !== "win32" && (stats.mode & 63) !== 0) {
    throw new RefusedError(`custody signing key ${path} is readable by other users`, { hint: `chmod 600 ${path}` });
  }
  const identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  const kept = loadedKeys.get(path);
  if (kept?.identity === identity)
    return kept.key;
  const privateKey = createPrivateKey(readFileSync(path));
  const key = { ...describePublicKey(createPublicKey(privateKey)), privateKey };
  loadedKeys.set(path, { identity, key });
  return key;
}
function loadOrCreateSigningKey(home) {
  const path = signingKeyPath(home);
  if (existsSync(path))
    return loadPrivate(path);
  mkdirSync(home, { recursive: true, mode: 448 });
  const { privateKey } = generateKeyPairSync("ed25519");
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 384, flag: "wx" });
  try {
    linkSync(temp, path);
  } catch (error) {
    if (error.code !== "EEXIST")
      throw error;
  } finally {
    unlinkSync(temp);
  }
  return loadPrivate(path);
}
function loadPublicKey(home) {
  const path = signingKeyPath(home);
  if (!existsSync(path)) {
    throw new NotFoundError(`no custody signing key at ${path}`, {
      hint: "pass the signer's public key with --pubkey FILE, or point --home at the state directory that signed"
    });
  }
  const { privateKey: _private, ...publicHalf } = loadPrivate(path);
  return publicHalf;
}

// dist/custody/checkpoint.js
import { sign, verify } from "node:crypto";

// dist/custody/merkle.js
import { createHash as createHash2 } from "node:crypto";
var EMPTY_ROOT = createHash2("sha256").digest();
function leafHash(data) {
  return createHash2("sha256").update(Buffer.of(0)).update(data).digest();
}
function nodeHash(left, right) {
  return createHash2("sha256").update(Buffer.of(1)).update(left).update(right).digest();
}
function recordLeaf(recordHashHex) {
  return leafHash(Buffer.from(recordHashHex, "hex"));
}
function splitPoint(n) {
  let k = 1;
  while (k * 2 < n)
    k *= 2;
  return k;
}
function inclusionProof(index, size, subtree) {
  if (!(index >= 0 && index < size))
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const path = (m, start, end) => {
    if (end - start <= 1)
      return [];
    const k = splitPoint(end - start);
    return m < k ? [...path(m, start, start + k), subtree(start + k, end)] : [...path(m - k, start + k, end), subtree(start, start + k)];
  };
  return path(index, 0, size);
}
function consistencyProof(oldSize, size, subtree) {
  if (!(oldSize >= 0 && oldSize <= size))
    throw new RangeError(`a tree of ${size} leaves cannot extend one of ${oldSize}`);
  if (oldSize === 0 || oldSize === size)
    return [];
  const sub = (m, start, end, complete) => {
    const n = end - start;
    if (m === n)
      return complete ? [] : [subtree(start, end)];
    const k = splitPoint(n);
    return m <= k ? [...sub(m, start, start + k, complete), subtree(start + k, end)] : [...sub(m - k, start + k, end, false), subtree(start, start + k)];
  };
  return sub(oldSize, 0, size, true);
}
function rootFromInclusion(index, size, leaf, proof) {
  if (!(index >= 0 && index < size))
    return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0)
      return null;
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
function verifyConsistency(oldSize, size, oldRoot, root, proof) {
  if (oldSize > size || oldSize < 0)
    return false;
  if (oldSize === size)
    return proof.length === 0 && oldRoot.equals(root);
  if (oldSize === 0)
    return proof.length === 0;
  if (proof.length === 0)
    return false;
  const path = [...proof];
  if (isPowerOfTwo(oldSize))
    path.unshift(oldRoot);
  let fn = oldSize - 1;
  let sn = size - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const first = path.shift();
  if (!first)
    return false;
  let fr = first;
  let sr = first;
  for (const c of path) {
    if (sn === 0)
      return false;
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
var isPowerOfTwo = (n) => n > 0 && (n & n - 1) === 0;
var CompactRange = class {
  stack = [];
  size = 0;
  push(leaf) {
    let node = { size: 1, hash: leaf };
    while (this.stack.length > 0 && this.stack.at(-1).size === node.size) {
      const left = this.stack.pop();
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }
  root() {
    if (this.stack.length === 0)
      return EMPTY_ROOT;
    let hash = this.stack.at(-1).hash;
    for (let i = this.stack.length - 2; i >= 0; i--)
      hash = nodeHash(this.stack[i].hash, hash);
    return hash;
  }
};

// dist/custody/chain.js
var parseObject = (text) => text === null ? null : JSON.parse(text);
function parsedHashMatches(stored, storedHash) {
  const { whereJson, howJson, detailsJson, ...rest } = stored;
  try {
    return recordHash({ ...rest, where: parseObject(whereJson), how: parseObject(howJson), details: parseObject(detailsJson) }) === storedHash;
  } catch {
    return false;
  }
}
function walkChain(db, incidentId, options = {}) {
  const fromSeq = options.fromSeq ?? 1;
  const wanted = options.wantHashesAt;
  const problems = [];
  const hashesAt = /* @__PURE__ */ new Map();
  const rootsAt = /* @__PURE__ */ new Map();
  const tree = fromSeq === 1 ? new CompactRange() : void 0;
  const artifacts = [];
  const seenArtifacts = /* @__PURE__ */ new Set();
  let expectedSeq = fromSeq;
  let expectedPrev = options.prevHash ?? genesisHash(incidentId);
  let records = 0;
  let headHash = null;
  const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq >= ? ORDER BY seq`).raw(true).iterate(incidentId, fromSeq);
  for (const row of rows) {
    const seq = row[1];
    const prevHash = row[13];
    const storedHash = row[14];
    const stored = {
      incidentId: row[0],
      seq,
      recordedAt: row[2],
      actor: row[3],
      act: row[4],
      subject: row[5],
      whereJson: row[6],
      howJson: row[7],
      detailsJson: row[8],
      artifactSha256: row[9],
      artifactSize: row[10],
      artifactLocation: row[11],
      evidenceId: row[12],
      prevHash
    };
    records++;
    if (seq !== expectedSeq) {
      const missing = seq - 1 === expectedSeq ? `record ${expectedSeq} is missing` : `records ${expectedSeq}\u2013${seq - 1} are missing`;
      problems.push({
        incidentId,
        seq,
        kind: "sequence",
        message: `record ${seq} follows record ${expectedSeq - 1}: ${missing} (deleted, or the records were renumbered)`
      });
    }
    if (storedRecordHash(stored) !== storedHash && !parsedHashMatches(stored, storedHash)) {
      problems.push({
        incidentId,
        seq,
        kind: "hash",
        message: `record ${seq} does not match its hash: a field was changed after it was recorded, or the record was copied from another chain`
      });
    }
    if (prevHash !== expectedPrev && seq === expectedSeq) {
      problems.push({
        incidentId,
        seq,
        kind: "link",
        message: seq === 1 ? `record 1 does not start incident ${incidentId}'s chain: its prev hash is not derived from the incident id (copied from another incident?)` : `record ${seq} does not link to record ${seq - 1}: its prev hash differs (a record was inserted, removed or reordered)`
      });
    }
    tree?.push(recordLeaf(storedHash));
    if (wanted?.has(seq)) {
      hashesAt.set(seq, storedHash);
      if (tree && tree.size === seq)
        rootsAt.set(seq, tree.root().toString("hex"));
    }
    if (stored.artifactLocation !== null && stored.artifactSha256 !== null) {
      const key = `${stored.artifactLocation}\0${stored.artifactSha256}\0${stored.artifactSize}`;
      if (!seenArtifacts.has(key)) {
        seenArtifacts.add(key);
        artifacts.push({ seq, location: stored.artifactLocation, sha256: stored.artifactSha256, size: stored.artifactSize });
      }
    }
    expectedSeq = seq + 1;
    expectedPrev = storedHash;
    headHash = storedHash;
  }
  return { problems, records, lastSeq: expectedSeq - 1, headHash, hashesAt, rootsAt, rootHash: tree ? tree.root().toString("hex") : null, artifacts };
}

// dist/custody/merkle-store.js
var statementsByDb = /* @__PURE__ */ new WeakMap();
function statements(db) {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    prepared = {
      covered: db.prepare("SELECT MAX(idx) + 1 AS n FROM custody_merkle_nodes WHERE incident_id = ? AND level = 0"),
      get: db.prepare("SELECT hash FROM custody_merkle_nodes WHERE incident_id = ? AND level = ? AND idx = ?"),
      insert: db.prepare("INSERT INTO custody_merkle_nodes (incident_id, level, idx, hash) VALUES (?, ?, ?, ?)"),
      records: db.prepare("SELECT hash FROM custody_records WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?")
    };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}
function syncTree(db, incidentId) {
  const s = statements(db);
  return db.transaction(() => {
    let size = s.covered.get(incidentId)?.n ?? 0;
    const hashes = () => s.records.pluck().all(incidentId, size, 1e4);
    for (let batch = hashes(); batch.length > 0; batch = hashes()) {
      for (const hash of batch)
        size = appendLeaf(s, incidentId, size, hash);
    }
    return size;
  }).immediate();
}
function appendLeaf(s, incidentId, size, hash) {
  let node = recordLeaf(hash);
  let index = size;
  let level = 0;
  s.insert.run(incidentId, 0, index, node);
  while (index % 2 === 1) {
    const left = s.get.get(incidentId, level, index - 1).hash;
    node = nodeHash(left, node);
    index = (index - 1) / 2;
    level++;
    s.insert.run(incidentId, level, index, node);
  }
  return size + 1;
}
function storedSubtree(db, incidentId) {
  const s = statements(db);
  const subtree = (start, end) => {
    const n = end - start;
    if (n === 0)
      return EMPTY_ROOT;
    if ((n & n - 1) === 0 && start % n === 0) {
      const level = Math.log2(n);
      const row = s.get.get(incidentId, level, start / n);
      if (!row)
        throw new Error(`the Merkle tree of ${incidentId} has no node at level ${level}, index ${start / n}: syncTree first`);
      return row.hash;
    }
    const k = splitPoint(n);
    return nodeHash(subtree(start, start + k), subtree(start + k, end));
  };
  return subtree;
}
function treeRoot(db, incidentId, size) {
  return storedSubtree(db, incidentId)(0, size);
}
function storedInclusionProof(db, incidentId, seq, size) {
  return inclusionProof(seq - 1, size, storedSubtree(db, incidentId));
}
function storedConsistencyProof(db, incidentId, oldSize, size) {
  return consistencyProof(oldSize, size, storedSubtree(db, incidentId));
}

// dist/custody/checkpoint.js
var ORIGIN_PREFIX = "irctl.local/incident/";
var SIGNATURE_PREFIX = "\u2014 ";
function checkpointOrigin(incidentId) {
  return `${ORIGIN_PREFIX}${incidentId}`;
}
function checkpointBody(incidentId, count, rootHash) {
  if (/[\s]/.test(incidentId))
    throw new UsageError(`incident id ${JSON.stringify(incidentId)} contains whitespace and cannot name a checkpoint`);
  return `${checkpointOrigin(incidentId)}
${count}
${Buffer.from(rootHash, "hex").toString("base64")}
`;
}
var CHECKPOINT_SHAPE = `a checkpoint is a signed note: the origin line (${ORIGIN_PREFIX}<incident>), the record count, the base64 head hash, a blank line, then one "${SIGNATURE_PREFIX}<key name> <signature>" line per signature`;
function parseCheckpoint(input) {
  const text = `${input.replace(/\r\n/g, "\n").trim()}
`;
  if (text === "\n")
    throw new UsageError("it is empty");
  const split = text.lastIndexOf("\n\n");
  if (split < 0)
    throw new UsageError("it has no signature block (a blank line, then signature lines)");
  const body = text.slice(0, split + 1);
  const lines = body.slice(0, -1).split("\n");
  const [origin = "", countText = "", headText = ""] = lines;
  if (lines.length !== 3 || origin === "" || /\s/.test(origin)) {
    throw new UsageError("its body is not three lines (origin, record count, head hash) starting with an origin line");
  }
  const signatureLines = text.slice(split + 2).split("\n").filter((line) => line.length > 0);
  const stray = signatureLines.find((line) => !line.startsWith(SIGNATURE_PREFIX));
  if (stray !== void 0)
    throw new UsageError(`a line after the blank line is not a signature line: ${JSON.stringify(stray)}`);
  if (!/^(0|[1-9][0-9]*)$/.test(countText))
    throw new IntegrityError(`checkpoint record count ${JSON.stringify(countText)} is not a number`);
  const head = Buffer.from(headText, "base64");
  if (head.length !== 32 || head.toString("base64") !== headText)
    throw new IntegrityError("checkpoint root hash is not 32 bytes of base64");
  const signatures = signatureLines.map((line) => {
    const [, keyName, encoded, ...rest] = line.split(" ");
    const bytes = Buffer.from(encoded ?? "", "base64");
    if (!keyName || rest.length > 0 || bytes.length < 5)
      throw new IntegrityError(`checkpoint signature line is malformed: ${JSON.stringify(line)}`);
    return { keyName, keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4), encoded };
  });
  return {
    origin,
    incidentId: origin.startsWith(ORIGIN_PREFIX) ? origin.slice(ORIGIN_PREFIX.length) : null,
    count: Number(countText),
    rootHash: head.toString("hex"),
    body,
    signatures,
    text
  };
}
function verifyCheckpointSignature(checkpoint, key) {
  const ours = checkpoint.signatures.filter((s) => s.keyName === key.keyName && s.keyHash.equals(key.noteKeyHash));
  if (ours.length === 0) {
    const names = checkpoint.signatures.map((s) => s.keyName).join(", ") || "none";
    return { ok: false, reason: `not signed by key ${key.keyName} (signed by: ${names})` };
  }
  for (const signature of ours) {
    if (verify(null, Buffer.from(checkpoint.body), key.publicKey, signature.signature))
      return { ok: true };
  }
  return { ok: false, reason: `signature by ${key.keyName} does not verify: the note or its signature was altered` };
}
function writeCheckpoint(db, home, incidentId, reason, now = () => /* @__PURE__ */ new Date()) {
  const key = loadOrCreateSigningKey(home);
  const { count, headHash, rootHash } = db.transaction(() => {
    const previous = db.prepare("SELECT seq, head_hash FROM custody_checkpoints WHERE incident_id = ? ORDER BY seq DESC, id DESC LIMIT 1").get(incidentId);
    const anchor = previous ? db.prepare("SELECT hash FROM custody_records WHERE incident_id = ? AND seq = ?").get(incidentId, previous.seq) : void 0;
    if (previous && anchor?.hash !== previous.head_hash) {
      throw new IntegrityError(`refusing to sign a checkpoint for incident ${incidentId}: record ${previous.seq} no longer matches the previous checkpoint`, {
        hint: `irctl custody verify ${incidentId}`
      });
    }
    const walk = walkChain(db, incidentId, previous ? { fromSeq: previous.seq + 1, prevHash: previous.head_hash } : {});
    const first = walk.problems[0];
    if (first)
      throw new IntegrityError(`refusing to sign a checkpoint for incident ${incidentId}: ${first.message}`, { hint: `irctl custody verify ${incidentId}` });
    const headHash2 = walk.headHash ?? previous?.head_hash;
    if (!headHash2) {
      throw new NotFoundError(`incident ${incidentId} has no custody records to checkpoint`, { hint: `irctl custody log ${incidentId}` });
    }
    const count2 = walk.lastSeq;
    syncTree(db, incidentId);
    return { count: count2, headHash: headHash2, rootHash: treeRoot(db, incidentId, count2).toString("hex") };
  })();
  const body = checkpointBody(incidentId, count, rootHash);
  const signature = Buffer.concat([key.noteKeyHash, sign(null, Buffer.from(body), key.privateKey)]).toString("base64");
  const note = `${body}
${SIGNATURE_PREFIX}${key.keyName} ${signature}
`;
  const createdAt = now().toISOString();
  db.prepare("INSERT INTO custody_checkpoints (incident_id, seq, head_hash, note, signature, key_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(incidentId, count, headHash, note, signature, key.keyId, reason, createdAt);
  const written = { incidentId, count, headHash, rootHash, keyId: key.keyId, reason, createdAt, note };
  pushToWitnesses(written);
  return written;
}
function listCheckpoints(db, incidentId) {
  return db.prepare("SELECT * FROM custody_checkpoints WHERE incident_id = ? ORDER BY seq, id").all(incidentId);
}

export {
  EMPTY_ROOT,
  recordLeaf,
  rootFromInclusion,
  verifyConsistency,
  walkChain,
  syncTree,
  storedInclusionProof,
  storedConsistencyProof,
  signingKeyPath,
  verifierKey,
  publicKeyPem,
  parsePublicKey,
  parseTrustFile,
  loadOrCreateSigningKey,
  loadPublicKey,
  checkpointOrigin,
  CHECKPOINT_SHAPE,
  parseCheckpoint,
  verifyCheckpointSignature,
  writeCheckpoint,
  listCheckpoints
};
