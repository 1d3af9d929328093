import {
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/custody/ledger.js
import { z } from "zod";

// dist/custody/canonical.js
import canonicalizeModule from "canonicalize";
import { createHash } from "node:crypto";
var canonicalize = canonicalizeModule;
var RECORD_TAG = "irctl-custody-v1\n";
var GENESIS_TAG = "irctl-custody-genesis-v1\n";
function canonicalJson(value) {
  const text = canonicalize(value);
  if (text === void 0)
    throw new TypeError("value has no JSON form");
  return text;
}
function recordHash(fields) {
  return createHash("sha256").update(RECORD_TAG).update(canonicalJson(fields)).digest("hex");
}
var str = JSON.stringify;
function storedRecordHash(r) {
  const canonical = `{"act":${str(r.act)},"actor":${str(r.actor)},"artifactLocation":${str(r.artifactLocation)},"artifactSha256":${str(r.artifactSha256)},"artifactSize":${str(r.artifactSize)},"details":${r.detailsJson ?? "null"},"evidenceId":${str(r.evidenceId)},"how":${r.howJson ?? "null"},"incidentId":${str(r.incidentId)},"prevHash":${str(r.prevHash)},"recordedAt":${str(r.recordedAt)},"seq":${str(r.seq)},"subject":${str(r.subject)},"where":${r.whereJson ?? "null"}}`;
  return createHash("sha256").update(RECORD_TAG).update(canonical).digest("hex");
}
function genesisHash(incidentId) {
  return createHash("sha256").update(GENESIS_TAG).update(incidentId).digest("hex");
}

// dist/custody/ledger.js
var artifactLocationSchema = z.string().min(1).refine((location) => !location.startsWith("/") && !location.includes("\\") && !location.split("/").includes(".."), {
  message: 'must be a path relative to the evidence directory, without ".." or backslashes'
});
var jsonObject = z.record(z.string(), z.json());
var entrySchema = z.object({
  act: z.string().min(1),
  actor: z.string().min(1),
  subject: z.string().min(1),
  where: jsonObject.optional(),
  how: jsonObject.optional(),
  details: jsonObject.optional(),
  artifact: z.object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
    size: z.number().int().nonnegative(),
    location: artifactLocationSchema,
    evidenceId: z.string().min(1).optional()
  }).optional()
});
var RECORD_COLUMNS = "incident_id, seq, recorded_at, actor, act, subject, where_json, how_json, details_json, artifact_sha256, artifact_size, artifact_location, evidence_id, prev_hash, hash";
var statementsByDb = /* @__PURE__ */ new WeakMap();
function statements(db) {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    const head = db.prepare("SELECT seq, hash FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1");
    const insert = db.prepare(`INSERT INTO custody_records (${RECORD_COLUMNS}) VALUES (${RECORD_COLUMNS.split(",").map(() => "?").join(", ")})`);
    const append = db.transaction((incidentId, entry, recordedAt) => {
      const last = head.get(incidentId);
      const record = buildRecord(incidentId, (last?.seq ?? 0) + 1, last?.hash ?? genesisHash(incidentId), entry, recordedAt);
      insert.run(...recordRowValues(record));
      return record;
    });
    prepared = { head, insert, append };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}
function buildRecord(incidentId, seq, prevHash, entry, recordedAt) {
  const fields = {
    incidentId,
    seq,
    recordedAt,
    actor: entry.actor,
    act: entry.act,
    subject: entry.subject,
    where: entry.where ?? null,
    how: entry.how ?? null,
    details: entry.details ?? null,
    artifactSha256: entry.artifact?.sha256 ?? null,
    artifactSize: entry.artifact?.size ?? null,
    artifactLocation: entry.artifact?.location ?? null,
    evidenceId: entry.artifact?.evidenceId ?? null,
    prevHash
  };
  return { ...fields, hash: recordHash(fields) };
}
function recordRowValues(record) {
  return [
    record.incidentId,
    record.seq,
    record.recordedAt,
    record.actor,
    record.act,
    record.subject,
    record.where === null ? null : canonicalJson(record.where),
    record.how === null ? null : canonicalJson(record.how),
    record.details === null ? null : canonicalJson(record.details),
    record.artifactSha256,
    record.artifactSize,
    record.artifactLocation,
    record.evidenceId,
    record.prevHash,
    record.hash
  ];
}
function insertRecord(db, record) {
  statements(db).insert.run(...recordRowValues(record));
}
function appendCustody(db, incidentId, entry, now = () => /* @__PURE__ */ new Date()) {
  const parsed = entrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`custody record for incident ${incidentId} is invalid: ${issue?.path.join(".") || "(entry)"}: ${issue?.message}`, {
      hint: "this is a bug in the action that recorded it; please report it with this message"
    });
  }
  return statements(db).append.immediate(incidentId, entry, now().toISOString());
}
function custodyAppender(db, incidentId) {
  return {
    record(entry) {
      const { seq, hash } = appendCustody(db, incidentId, entry);
      return { seq, hash };
    }
  };
}
function recordFromRow(row) {
  return {
    incidentId: row.incident_id,
    seq: row.seq,
    recordedAt: row.recorded_at,
    actor: row.actor,
    act: row.act,
    subject: row.subject,
    where: row.where_json === null ? null : JSON.parse(row.where_json),
    how: row.how_json === null ? null : JSON.parse(row.how_json),
    details: row.details_json === null ? null : JSON.parse(row.details_json),
    artifactSha256: row.artifact_sha256,
    artifactSize: row.artifact_size,
    artifactLocation: row.artifact_location,
    evidenceId: row.evidence_id,
    prevHash: row.prev_hash,
    hash: row.hash
  };
}
function listCustody(db, incidentId) {
  const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq`).all(incidentId);
  return rows.map(recordFromRow);
}
function listCustodyActs(db, incidentId, acts) {
  if (acts.length === 0)
    return [];
  const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND act IN (${acts.map(() => "?").join(", ")}) ORDER BY seq`).all(incidentId, ...acts);
  return rows.map(recordFromRow);
}
function custodyActors(db, incidentId) {
  const rows = db.prepare("SELECT actor FROM custody_records WHERE incident_id = ? GROUP BY actor ORDER BY MIN(seq)").all(incidentId);
  return rows.map((row) => row.actor);
}
function custodyHeadSeq(db, incidentId) {
  const head = db.prepare("SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?").get(incidentId);
  return head.seq ?? 0;
}
function* custodyPages(db, incidentId, throughSeq, pageSize = 4096) {
  const page = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`);
  let after = 0;
  while (after < throughSeq) {
    const records = [];
    for (const row of page.iterate(incidentId, after, throughSeq, pageSize))
      records.push(recordFromRow(row));
    if (records.length === 0)
      return;
    after = records.at(-1).seq;
    yield records;
  }
}
function custodyIncidentIds(db) {
  const rows = db.prepare("SELECT incident_id FROM custody_records UNION SELECT incident_id FROM custody_checkpoints ORDER BY incident_id").all();
  return rows.map((row) => row.incident_id);
}

export {
  canonicalJson,
  recordHash,
  storedRecordHash,
  genesisHash,
  RECORD_COLUMNS,
  insertRecord,
  appendCustody,
  custodyAppender,
  recordFromRow,
  listCustody,
  listCustodyActs,
  custodyActors,
  custodyHeadSeq,
  custodyPages,
  custodyIncidentIds
};
