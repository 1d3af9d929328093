import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { JsonValue } from '../json.js';
import { writeDurably, type Db } from '../store/db.js';
import { canonicalJson, genesisHash, storedRecordHash, type CustodyRecord, type JsonObject } from './canonical.js';

/** What one custody record says; the ledger adds seq, incident, time, prev hash and hash. */
export interface CustodyEntry {
  act: string; // acquired | verified | approved | rejected | transferred | exported | contained | released | …
  actor: string;
  subject: string; // what the act was about: a container id, an evidence id, a step
  where?: Record<string, JsonValue>; // Docker host, engine version, full container id, image digest
  how?: Record<string, JsonValue>; // action, parameters, exit status
  artifact?: { sha256: string; size: number; location: string; evidenceId?: string };
  details?: Record<string, JsonValue>;
}

/** The ledger as an action sees it: bound to the incident. */
export interface CustodyAppender {
  record(entry: CustodyEntry): { seq: number; hash: string };
  /**
   * One record, durable once the promise settles: the store's WAL is synced off the event loop,
   * shared with other commits asking at the same time. For a write-ahead intent, before the act.
   */
  recordDurably(entry: CustodyEntry): Promise<{ seq: number; hash: string }>;
  /** Several records in one transaction, chained in the order given (a batch of artifacts). */
  recordAll(entries: readonly CustodyEntry[]): { seq: number; hash: string }[];
}

/** A location is a path inside the evidence directory: relative, no `..`, no backslashes. */
export const artifactLocationSchema = z
  .string()
  .min(1)
  .refine((location) => !location.startsWith('/') && !location.includes('\\') && !location.split('/').includes('..'), {
    message: 'must be a path relative to the evidence directory, without ".." or backslashes',
  });

const jsonObject = z.record(z.string(), z.json());

const entrySchema = z.object({
  act: z.string().min(1),
  actor: z.string().min(1),
  subject: z.string().min(1),
  where: jsonObject.optional(),
  how: jsonObject.optional(),
  details: jsonObject.optional(),
  artifact: z
    .object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
      size: z.number().int().nonnegative(),
      location: artifactLocationSchema,
      evidenceId: z.string().min(1).optional(),
    })
    .optional(),
});

/** Column order shared by the insert and every reader. */
export const RECORD_COLUMNS =
  'incident_id, seq, recorded_at, actor, act, subject, where_json, how_json, details_json, artifact_sha256, artifact_size, artifact_location, evidence_id, prev_hash, hash';

export interface CustodyRow {
  incident_id: string;
  seq: number;
  recorded_at: string;
  actor: string;
  act: string;
  subject: string;
  where_json: string | null;
  how_json: string | null;
  details_json: string | null;
  artifact_sha256: string | null;
  artifact_size: number | null;
  artifact_location: string | null;
  evidence_id: string | null;
  prev_hash: string;
  hash: string;
}

interface LedgerStatements {
  head: import('better-sqlite3').Statement<[string], { seq: number; hash: string }>;
  insert: import('better-sqlite3').Statement<unknown[]>;
  append: import('better-sqlite3').Transaction<(incidentId: string, entries: readonly CustodyEntry[], recordedAt: string) => CustodyRecord[]>;
}
const statementsByDb = new WeakMap<Db, LedgerStatements>();

function statements(db: Db): LedgerStatements {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    const head = db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1');
    const insert = db.prepare<unknown[]>(
      `INSERT INTO custody_records (${RECORD_COLUMNS}) VALUES (${RECORD_COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})`,
    );
    // Read the head once and insert every record after it in one transaction; callers run it with
    // .immediate() (BEGIN IMMEDIATE, as writeTransaction does). Built once per connection: wrapping
    // a new function on every append cost a sixth of the append path's CPU.
    const append = db.transaction((incidentId: string, entries: readonly CustodyEntry[], recordedAt: string) => {
      const last = head.get(incidentId);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? genesisHash(incidentId);
      return entries.map((entry) => {
        const { record, row } = storedRecord(incidentId, (seq += 1), prevHash, entry, recordedAt);
        insert.run(...row);
        prevHash = record.hash;
        return record;
      });
    });
    prepared = { head, insert, append };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}

/**
 * The next record after `prevHash` and its row (RECORD_COLUMNS order). Each nested object is
 * serialised to canonical JSON once: the row stores that text and the hash is spliced from it.
 */
function storedRecord(incidentId: string, seq: number, prevHash: string, entry: CustodyEntry, recordedAt: string): { record: CustodyRecord; row: unknown[] } {
  const where = entry.where ?? null;
  const how = entry.how ?? null;
  const details = entry.details ?? null;
  const whereJson = canonicalOrNull(where);
  const howJson = canonicalOrNull(how);
  const detailsJson = canonicalOrNull(details);
  const artifact = entry.artifact;
  // one object literal of fixed shape, not spreads: an append is on every step's path
  const record: CustodyRecord = {
    incidentId,
    seq,
    recordedAt,
    actor: entry.actor,
    act: entry.act,
    subject: entry.subject,
    where,
    how,
    details,
    artifactSha256: artifact?.sha256 ?? null,
    artifactSize: artifact?.size ?? null,
    artifactLocation: artifact?.location ?? null,
    evidenceId: artifact?.evidenceId ?? null,
    prevHash,
    hash: '',
  };
  record.hash = storedRecordHash({
    incidentId,
    seq,
    recordedAt,
    actor: record.actor,
    act: record.act,
    subject: record.subject,
    artifactSha256: record.artifactSha256,
    artifactSize: record.artifactSize,
    artifactLocation: record.artifactLocation,
    evidenceId: record.evidenceId,
    prevHash,
    whereJson,
    howJson,
    detailsJson,
  });
  return { record, row: rowValues(record, whereJson, howJson, detailsJson) };
}

const canonicalOrNull = (value: JsonObject | null): string | null => (value === null ? null : canonicalJson(value));

/** The row in RECORD_COLUMNS order, with the nested objects as the canonical JSON given. */
function rowValues(record: CustodyRecord, whereJson: string | null, howJson: string | null, detailsJson: string | null): unknown[] {
  return [
    record.incidentId,
    record.seq,
    record.recordedAt,
    record.actor,
    record.act,
    record.subject,
    whereJson,
    howJson,
    detailsJson,
    record.artifactSha256,
    record.artifactSize,
    record.artifactLocation,
    record.evidenceId,
    record.prevHash,
    record.hash,
  ];
}

/** Build the next record after `prevHash`; pure, so bulk loaders (the benchmark) share it. */
export function buildRecord(incidentId: string, seq: number, prevHash: string, entry: CustodyEntry, recordedAt: string): CustodyRecord {
  return storedRecord(incidentId, seq, prevHash, entry, recordedAt).record;
}

/** The row values in RECORD_COLUMNS order; nested objects stored as canonical JSON. */
export function recordRowValues(record: CustodyRecord): unknown[] {
  return rowValues(record, canonicalOrNull(record.where), canonicalOrNull(record.how), canonicalOrNull(record.details));
}

export function insertRecord(db: Db, record: CustodyRecord): void {
  statements(db).insert.run(...recordRowValues(record));
}

/**
 * Append one record to the incident's chain. Reading the head and inserting happen in one
 * BEGIN IMMEDIATE transaction, so writers in several processes serialise and never fork the chain.
 */
export function appendCustody(db: Db, incidentId: string, entry: CustodyEntry, now: () => Date = () => new Date()): CustodyRecord {
  return appendCustodyAll(db, incidentId, [entry], now)[0]!;
}

/** Append several records, chained in the order given, in one transaction: all of them or none. */
export function appendCustodyAll(db: Db, incidentId: string, entries: readonly CustodyEntry[], now: () => Date = () => new Date()): CustodyRecord[] {
  for (const entry of entries) {
    const parsed = entrySchema.safeParse(entry);
    if (parsed.success) continue;
    const issue = parsed.error.issues[0];
    throw new UsageError(`custody record for incident ${incidentId} is invalid: ${issue?.path.join('.') || '(entry)'}: ${issue?.message}`, {
      hint: 'this is a bug in the action that recorded it; please report it with this message',
    });
  }
  return statements(db).append.immediate(incidentId, entries, now().toISOString());
}

/** The ledger as an action sees it: bound to one incident. */
export function custodyAppender(db: Db, incidentId: string): CustodyAppender {
  const link = ({ seq, hash }: CustodyRecord) => ({ seq, hash });
  return {
    record: (entry) => link(appendCustody(db, incidentId, entry)),
    recordDurably: async (entry) => link(await writeDurably(db, () => appendCustody(db, incidentId, entry))),
    recordAll: (entries) => appendCustodyAll(db, incidentId, entries).map(link),
  };
}

export function recordFromRow(row: CustodyRow): CustodyRecord {
  return {
    incidentId: row.incident_id,
    seq: row.seq,
    recordedAt: row.recorded_at,
    actor: row.actor,
    act: row.act,
    subject: row.subject,
    where: row.where_json === null ? null : (JSON.parse(row.where_json) as JsonObject),
    how: row.how_json === null ? null : (JSON.parse(row.how_json) as JsonObject),
    details: row.details_json === null ? null : (JSON.parse(row.details_json) as JsonObject),
    artifactSha256: row.artifact_sha256,
    artifactSize: row.artifact_size,
    artifactLocation: row.artifact_location,
    evidenceId: row.evidence_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Every record of the incident, in chain order. */
export function listCustody(db: Db, incidentId: string): CustodyRecord[] {
  const rows = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq`).all(incidentId) as CustodyRow[];
  return rows.map(recordFromRow);
}

/** The records of the given acts only, in chain order: a report needs the containment acts, not the whole ledger. */
export function listCustodyActs(db: Db, incidentId: string, acts: readonly string[]): CustodyRecord[] {
  if (acts.length === 0) return [];
  const rows = db
    .prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND act IN (${acts.map(() => '?').join(', ')}) ORDER BY seq`)
    .all(incidentId, ...acts) as CustodyRow[];
  return rows.map(recordFromRow);
}

/** The seq of the incident's last record; 0 for an empty ledger. */
export function custodyHeadSeq(db: Db, incidentId: string): number {
  const head = db.prepare('SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?').get(incidentId) as { seq: number | null };
  return head.seq ?? 0;
}

/**
 * Records 1..throughSeq in chain order, a page at a time: memory stays flat however long the
 * ledger is, and no statement stays open between pages, so the caller may await (write to a file)
 * between them while other statements run on the same connection.
 */
export function* custodyPages(db: Db, incidentId: string, throughSeq: number, pageSize = 4096): Generator<CustodyRecord[]> {
  const page = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`);
  let after = 0;
  while (after < throughSeq) {
    const records: CustodyRecord[] = [];
    for (const row of page.iterate(incidentId, after, throughSeq, pageSize) as IterableIterator<CustodyRow>) records.push(recordFromRow(row));
    if (records.length === 0) return;
    after = records.at(-1)!.seq;
    yield records;
  }
}

/** Incidents that have a ledger (records or checkpoints), sorted. */
export function custodyIncidentIds(db: Db): string[] {
  const rows = db.prepare('SELECT incident_id FROM custody_records UNION SELECT incident_id FROM custody_checkpoints ORDER BY incident_id').all() as {
    incident_id: string;
  }[];
  return rows.map((row) => row.incident_id);
}
