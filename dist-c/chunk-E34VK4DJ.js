import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  EMPTY_ROOT,
  checkpointOrigin,
  listCheckpoints,
  loadPublicKey,
  parseCheckpoint,
  signingKeyPath,
  storedConsistencyProof,
  syncTree,
  verifyCheckpointSignature,
  verifyConsistency,
  walkChain
} from "./chunk-HYS6PUCY.js";
import {
  checkArtifacts
} from "./chunk-2J2BT77Z.js";
import {
  genesisHash
} from "./chunk-5G4DN3AP.js";
import {
  IrctlError
} from "./chunk-HPPMOGYY.js";

// dist/custody/verify.js
import { existsSync } from "node:fs";
async function verifyCustody(db, options) {
  const { incidentId } = options;
  const problems = [];
  const stored = listCheckpoints(db, incidentId).map((row) => ({
    label: `checkpoint of ${row.created_at} (${row.reason})`,
    text: row.note,
    row: { seq: row.seq, headHash: row.head_hash }
  }));
  const external = (options.externalCheckpoints ?? []).map((c) => ({ label: `external checkpoint ${c.label}`, text: c.text }));
  const parsed = [];
  for (const checkpoint of [...stored, ...external]) {
    try {
      parsed.push({ checkpoint, note: parseCheckpoint(checkpoint.text) });
    } catch (error) {
      if (!(error instanceof IrctlError))
        throw error;
      problems.push({ incidentId, seq: null, kind: "checkpoint-malformed", message: `${checkpoint.label} is not a valid signed note: ${error.message}` });
    }
  }
  const walk = walkChain(db, incidentId, { wantHashesAt: new Set(parsed.map((p) => p.note.count)) });
  problems.push(...walk.problems);
  const since = options.sinceCheckpoints ?? [];
  const key = parsed.length > 0 || since.length > 0 ? resolveKey(options, problems) : void 0;
  for (const { checkpoint, note } of parsed) {
    problems.push(...proveCheckpoint(incidentId, checkpoint, note, key, walk.lastSeq, walk.hashesAt, walk.rootsAt));
  }
  const consistency = since.map((checkpoint) => proveConsistency(db, incidentId, checkpoint, key, walk.lastSeq, walk.rootHash, problems));
  const check = options.checkArtifacts ?? ((claims) => checkArtifacts(incidentId, options.evidenceDir, claims));
  problems.push(...await check(walk.artifacts));
  const ordered = problems.map((problem, index) => ({ problem, index })).sort((a, b) => (a.problem.seq ?? Infinity) - (b.problem.seq ?? Infinity) || a.index - b.index).map((entry) => entry.problem);
  return {
    incidentId,
    ok: ordered.length === 0,
    records: walk.records,
    headHash: walk.headHash,
    artifacts: walk.artifacts.length,
    checkpoints: stored.length,
    externalCheckpoints: external.length,
    problems: ordered,
    consistency
  };
}
function proveConsistency(db, incidentId, checkpoint, key, size, rootHash, problems) {
  const label = `old checkpoint ${checkpoint.label}`;
  const result = { label, from: 0, to: size, rootHash, proof: [], ok: false };
  const add = (seq, kind, why) => problems.push({ incidentId, seq, kind, message: `${label}: ${why}` });
  let note;
  try {
    note = parseCheckpoint(checkpoint.text);
  } catch (error) {
    if (!(error instanceof IrctlError))
      throw error;
    add(null, "checkpoint-malformed", `not a valid signed note: ${error.message}`);
    return result;
  }
  result.from = note.count;
  if (key) {
    const signature = verifyCheckpointSignature(note, key);
    if (!signature.ok)
      add(note.count || null, "checkpoint-signature", signature.reason);
  }
  if (note.origin !== checkpointOrigin(incidentId)) {
    add(null, "checkpoint-origin", `its origin is ${note.origin}, not ${checkpointOrigin(incidentId)}`);
    return result;
  }
  if (note.count > size) {
    add(size + 1, "checkpoint-ahead", `it signed ${note.count} records but the ledger now holds ${size}: records were cut off`);
    return result;
  }
  let proof = [];
  try {
    syncTree(db, incidentId);
    proof = storedConsistencyProof(db, incidentId, note.count, size);
  } catch (error) {
    if (error instanceof IrctlError)
      throw error;
  }
  result.proof = proof.map((node) => node.toString("hex"));
  result.ok = rootHash !== null && verifyConsistency(note.count, size, Buffer.from(note.rootHash, "hex"), Buffer.from(rootHash, "hex"), proof);
  if (!result.ok) {
    add(note.count || null, "checkpoint-diverged", `the consistency proof from its ${note.count} records to the ledger's ${size} fails (RFC 9162): records 1\u2013${note.count} are no longer what it signed \u2014 the history was rewritten`);
  }
  return result;
}
function resolveKey(options, problems) {
  if (options.publicKey)
    return options.publicKey;
  if (options.home && existsSync(signingKeyPath(options.home)))
    return loadPublicKey(options.home);
  problems.push({
    incidentId: options.incidentId,
    seq: null,
    kind: "checkpoint-signature",
    message: `cannot check checkpoint signatures: no signing key at ${options.home ? signingKeyPath(options.home) : "(no state directory given)"}`
  });
  return void 0;
}
function proveCheckpoint(incidentId, checkpoint, note, key, lastSeq, hashesAt, rootsAt) {
  const problems = [];
  const add = (seq, kind, why) => problems.push({ incidentId, seq, kind, message: `${checkpoint.label}: ${why}` });
  if (key) {
    const signature = verifyCheckpointSignature(note, key);
    if (!signature.ok)
      add(note.count || null, "checkpoint-signature", signature.reason);
  }
  if (note.origin !== checkpointOrigin(incidentId)) {
    add(null, "checkpoint-origin", `its origin is ${note.origin}, not ${checkpointOrigin(incidentId)}`);
    return problems;
  }
  if (checkpoint.row && checkpoint.row.seq !== note.count) {
    add(note.count || null, "checkpoint-signature", `its stored record count (${checkpoint.row.seq}) differs from its signed note (${note.count})`);
  }
  if (note.count === 0) {
    if (!Buffer.from(note.rootHash, "hex").equals(EMPTY_ROOT) && note.rootHash !== genesisHash(incidentId)) {
      add(null, "checkpoint-diverged", "it pins an empty ledger with a root that is not the empty tree's");
    }
  } else if (note.count > lastSeq) {
    const cut = lastSeq + 1 === note.count ? `record ${note.count} was` : `records ${lastSeq + 1}\u2013${note.count} were`;
    add(lastSeq + 1, "checkpoint-ahead", `it pins ${note.count} records but the ledger ends at record ${lastSeq}: ${cut} cut off`);
  } else if (hashesAt.get(note.count) === void 0) {
    add(note.count, "checkpoint-diverged", `record ${note.count}, the head it pins, is missing from the ledger`);
  } else if (rootsAt.get(note.count) !== note.rootHash && hashesAt.get(note.count) !== note.rootHash) {
    add(note.count, "checkpoint-diverged", `the Merkle root of records 1\u2013${note.count} differs from the root it signed: the chain up to record ${note.count} was rewritten`);
  } else if (checkpoint.row && checkpoint.row.headHash !== hashesAt.get(note.count)) {
    add(note.count, "checkpoint-diverged", `record ${note.count}'s hash differs from the head stored with it: the chain up to record ${note.count} was rewritten`);
  }
  return problems;
}

export {
  verifyCustody
};
