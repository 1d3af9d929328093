import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  listCheckpoints,
  writeCheckpoint
} from "./chunk-HYS6PUCY.js";
import {
  writeTransaction
} from "./chunk-XO2YUCL3.js";
import {
  appendCustody,
  canonicalJson,
  custodyHeadSeq
} from "./chunk-5G4DN3AP.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/report/bundle-layout.js
var BUNDLE_FORMAT = "irctl-bundle/1";
var MANIFEST_PATH = "manifest.json";
var LEDGER_PATH = "custody/ledger.jsonl";
var PUBLIC_KEY_PATH = "custody/public-key.pem";
var CHECKPOINT_DIR = "custody/checkpoints/";
var EVIDENCE_DIR = "evidence/";
var REPORT_DIR = "report/";
var checkpointPath = (index) => `${CHECKPOINT_DIR}${String(index + 1).padStart(4, "0")}.note`;
var SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
function isSafeBundlePath(path) {
  if (path.length === 0 || path.length > 1024)
    return false;
  const segments = path.split("/");
  return segments.length <= 8 && segments.every((segment) => SEGMENT.test(segment));
}
var manifestSchema = external_exports.object({
  format: external_exports.literal(BUNDLE_FORMAT),
  incident: external_exports.string().min(1),
  createdAt: external_exports.string(),
  createdBy: external_exports.string(),
  ledgerRecords: external_exports.number().int().nonnegative(),
  files: external_exports.array(external_exports.object({
    path: external_exports.string().refine(isSafeBundlePath, { message: "must be a plain relative path" }),
    size: external_exports.number().int().nonnegative(),
    sha256: external_exports.string().regex(/^[0-9a-f]{64}$/)
  }).strict())
}).strict();
var manifestTopSchema = manifestSchema.extend({ files: external_exports.array(external_exports.unknown()) });
var SHA256 = /^[0-9a-f]{64}$/;
function validateManifest(raw) {
  const top = manifestTopSchema.safeParse(raw);
  if (!top.success) {
    const issue = top.error.issues[0];
    return { issue: `${issue?.path.join(".") || "(top)"}: ${issue?.message}` };
  }
  const files = top.data.files;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const at = `files.${i}`;
    if (typeof file !== "object" || file === null || Array.isArray(file))
      return { issue: `${at}: must be an object` };
    const keys = Object.keys(file);
    if (keys.length !== 3 || !("path" in file) || !("size" in file) || !("sha256" in file))
      return { issue: `${at}: must have exactly path, size and sha256` };
    if (typeof file.path !== "string" || !isSafeBundlePath(file.path))
      return { issue: `${at}.path: must be a plain relative path` };
    if (typeof file.size !== "number" || !Number.isSafeInteger(file.size) || file.size < 0)
      return { issue: `${at}.size: must be a non-negative integer` };
    if (typeof file.sha256 !== "string" || !SHA256.test(file.sha256))
      return { issue: `${at}.sha256: must be 64 lowercase hex digits` };
  }
  return { manifest: top.data };
}

// dist/report/bundle-binding.js
import { createHash } from "node:crypto";
var BINDING_ACT = "bundled";
var DIGEST_TAG = "irctl-bundle-contents-v1\n";
function isBoundPath(path) {
  return path !== MANIFEST_PATH && path !== LEDGER_PATH && !path.startsWith(CHECKPOINT_DIR);
}
function contentsDigest(files) {
  const bound = files.filter((file) => isBoundPath(file.path)).map(({ path, size, sha256 }) => ({ path, size, sha256 })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return createHash("sha256").update(DIGEST_TAG).update(canonicalJson(bound)).digest("hex");
}
function bindContents(db, home, incidentId, entry) {
  return writeTransaction(db, () => {
    const bound = entry.files.filter((file) => isBoundPath(file.path));
    appendCustody(db, incidentId, {
      act: BINDING_ACT,
      actor: entry.actor,
      subject: entry.subject,
      details: {
        contents_sha256: contentsDigest(entry.files),
        files: bound.length,
        bytes: bound.reduce((sum, file) => sum + file.size, 0),
        evidence_as_of_seq: entry.asOfSeq
      }
    });
    writeCheckpoint(db, home, incidentId, "export");
    return { ledgerRecords: custodyHeadSeq(db, incidentId), checkpoints: listCheckpoints(db, incidentId) };
  });
}
function bindingRecord(last) {
  return last?.act === BINDING_ACT ? last : void 0;
}
function checkBinding(manifest, last) {
  const record = bindingRecord(last);
  if (!record) {
    return [
      {
        kind: "unbound",
        path: LEDGER_PATH,
        message: `the ledger's last record is ${last ? `record ${last.seq} (${last.act})` : "absent"}, not the "${BINDING_ACT}" record that binds the bundle's files to the signed head: the files are covered by no signature (cut ledger, or a bundle irctl did not write)`
      }
    ];
  }
  const claimed = record.details?.contents_sha256;
  const actual = contentsDigest(manifest.files);
  if (claimed === actual)
    return [];
  return [
    {
      kind: "unbound",
      path: MANIFEST_PATH,
      message: `the bundle's files differ from what signed record ${record.seq} (${BINDING_ACT}) bound: contents digest ${actual}, signed ${typeof claimed === "string" ? claimed : JSON.stringify(claimed)} \u2014 a report, evidence file or the key was changed, added or removed after export (and manifest.json recomputed)`
    }
  ];
}
function evidenceAsOfSeq(last) {
  const asOf = bindingRecord(last)?.details?.evidence_as_of_seq;
  return typeof asOf === "number" ? asOf : Infinity;
}

// dist/report/output-file.js
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
async function assertWritableTarget(file, what) {
  const folder = dirname(file);
  const why = await (async () => {
    try {
      if (!(await stat(folder)).isDirectory())
        return `${folder} is not a directory`;
      await access(folder, constants.W_OK);
    } catch (error) {
      const code = error.code;
      return code === "ENOENT" ? `directory ${folder} does not exist` : code === "EACCES" ? `directory ${folder} is not writable` : error.message;
    }
    try {
      if ((await stat(file)).isDirectory())
        return `${file} is a directory`;
      await access(file, constants.W_OK);
    } catch (error) {
      const code = error.code;
      if (code !== "ENOENT")
        return code === "EACCES" ? `${file} exists and is not writable` : error.message;
    }
    return void 0;
  })();
  if (why)
    throw new UsageError(`cannot write the ${what} to ${file}: ${why}`, { hint: "choose another path with -o FILE" });
}

export {
  BUNDLE_FORMAT,
  MANIFEST_PATH,
  LEDGER_PATH,
  PUBLIC_KEY_PATH,
  CHECKPOINT_DIR,
  EVIDENCE_DIR,
  REPORT_DIR,
  checkpointPath,
  isSafeBundlePath,
  validateManifest,
  bindContents,
  checkBinding,
  evidenceAsOfSeq,
  assertWritableTarget
};
