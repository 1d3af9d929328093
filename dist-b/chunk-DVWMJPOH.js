// dist/custody/artifacts.js
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
async function sha256File(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    hash.update(chunk);
  return hash.digest("hex");
}
async function checkArtifacts(incidentId, evidenceDir, claims) {
  const problems = [];
  const root = resolve(evidenceDir);
  for (const claim of claims) {
    const path = resolve(root, claim.location);
    const inside = relative(root, path);
    const name = `evidence file ${claim.location} (record ${claim.seq})`;
    if (inside.startsWith("..") || isAbsolute(inside)) {
      problems.push({ incidentId, seq: claim.seq, kind: "artifact-location", message: `${name} points outside the evidence directory ${root}` });
      continue;
    }
    let size;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      if (error.code !== "ENOENT")
        throw error;
      problems.push({ incidentId, seq: claim.seq, kind: "artifact-missing", message: `${name} is missing from ${root}` });
      continue;
    }
    if (claim.size !== null && size !== claim.size) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: "artifact-mismatch",
        message: `${name} is ${size} bytes, the ledger recorded ${claim.size}: the file was changed or replaced`
      });
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== claim.sha256) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: "artifact-mismatch",
        message: `${name} has SHA-256 ${actual}, the ledger recorded ${claim.sha256}: its bytes were changed`
      });
    }
  }
  return problems;
}
function checkArtifactHashes(incidentId, claims, lookup, where) {
  const problems = [];
  for (const claim of claims) {
    const name = `evidence file ${claim.location} (record ${claim.seq})`;
    const file = lookup(claim.location);
    if (!file)
      problems.push({ incidentId, seq: claim.seq, kind: "artifact-missing", message: `${name} is missing from ${where}` });
    else if (claim.size !== null && file.size !== claim.size) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: "artifact-mismatch",
        message: `${name} is ${file.size} bytes, the ledger recorded ${claim.size}: the file was changed or replaced`
      });
    } else if (file.sha256 !== claim.sha256) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: "artifact-mismatch",
        message: `${name} has SHA-256 ${file.sha256}, the ledger recorded ${claim.sha256}: its bytes were changed`
      });
    }
  }
  return problems;
}

export {
  sha256File,
  checkArtifacts,
  checkArtifactHashes
};
