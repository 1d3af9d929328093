import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { checkArtifactHashes } from '../custody/artifacts.js';
import { canonicalJson, type CustodyRecord } from '../custody/canonical.js';
import { parseCheckpoint } from '../custody/checkpoint.js';
import { findCosignatures, type FoundCosignature, type WitnessPublicKey } from '../custody/cosignature.js';
import { parsePublicKey, type CustodyPublicKey } from '../custody/keys.js';
import { insertRecord, RECORD_COLUMNS, recordFromRow, type CustodyRow } from '../custody/ledger.js';
import { verifyCustody, type ExternalCheckpoint } from '../custody/verify.js';
import { IrctlError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { openStore } from '../schema.js';
import { checkBinding, evidenceAsOfSeq } from './bundle-binding.js';
import { CHECKPOINT_DIR, checkpointPath, EVIDENCE_DIR, LEDGER_PATH, ledgerLine, PUBLIC_KEY_PATH, type BundleManifest } from './bundle-layout.js';
import type { BundleProblem } from './bundle-problems.js';
import { prepareExtraction, streamBundle, type EntryConsumer, type HashedFile } from './bundle-stream.js';

export interface VerifyBundleOptions {
  pinnedKey?: CustodyPublicKey; // obtained out of band: proves origin, not just consistency
  trustedKeys?: CustodyPublicKey[]; // from a configured trust file: the bundled key counts if it is one of these
  trustEmbeddedKey?: boolean; // accept the bundle's own key as the anchor, explicitly (labelled in the result)
  externalCheckpoints?: ExternalCheckpoint[];
  extractDir?: string; // also write the bundle's files here (absent or empty), kept only if the whole verification passes
  maxBytes?: number; // refuse a manifest declaring more bytes of files (default DEFAULT_MAX_BYTES)
  /** Witness keys (kept elsewhere) that must each have cosigned one of the checkpoints, bundled or given. */
  witnessKeys?: { label: string; key: WitnessPublicKey }[];
}

/** What vouches for the signatures: a key the receiver holds, or only the bundle's own. */
export type KeySource = 'pinned' | 'trust-file' | 'embedded';

export interface BundleVerification {
  ok: boolean;
  bundle: string;
  incidentId: string | null;
  files: number; // files read and hashed, the manifest included
  records: number;
  headHash: string | null;
  checkpoints: number;
  keyFingerprint: string | null;
  keySource: KeySource | null;
  anchored: boolean; // false: only the bundle's own key vouches for it (ok only with trustEmbeddedKey)
  cosignatures: FoundCosignature[]; // witness cosignatures checked (with --witness-key)
  problems: BundleProblem[];
  warnings: string[];
}

const jsonObject = z.record(z.string(), z.json()).nullable();
const ledgerLineSchema = z
  .object({
    incidentId: z.string().min(1),
    seq: z.number().int().positive(),
    recordedAt: z.string(),
    actor: z.string(),
    act: z.string(),
    subject: z.string(),
    where: jsonObject,
    how: jsonObject,
    details: jsonObject,
    artifactSha256: z.string().nullable(),
    artifactSize: z.number().int().nonnegative().nullable(),
    artifactLocation: z.string().nullable(),
    evidenceId: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .strict();

/**
 * Verify a bundle with nothing but the file (and the signer's key): read it once as a stream —
 * the manifest first, then every entry hashed as it passes and checked against it, the ledger
 * loaded line by line into an in-memory store — then run the same custody verifier `irctl custody
 * verify` uses (chain, evidence bytes against the artifact records, checkpoint signatures), check
 * that a signed checkpoint pins the whole ledger and that its last record binds exactly these
 * files. Nothing is written to disk unless `extractDir` is given, and there only if it all passes.
 */
export async function verifyBundle(bundleFile: string, options: VerifyBundleOptions = {}): Promise<BundleVerification> {
  try {
    if (!(await stat(bundleFile)).isFile()) throw new NotFoundError(`${bundleFile} is not a file`);
  } catch (error) {
    if (error instanceof IrctlError) throw error;
    throw new NotFoundError(`bundle ${bundleFile} not found`, { hint: 'give the path of the .tar.gz that irctl export wrote' });
  }
  const extraction = options.extractDir ? prepareExtraction(options.extractDir) : undefined;
  const db = openStore(':memory:');
  try {
    const result = await verifyStream(bundleFile, db, options, extraction?.staging);
    if (extraction && result.ok) extraction.commit();
    else if (extraction) {
      extraction.discard();
      result.warnings.push(`--extract: nothing was written to ${options.extractDir}: the bundle did not verify`);
    }
    return result;
  } catch (error) {
    extraction?.discard();
    throw error;
  } finally {
    db.close();
  }
}

async function verifyStream(bundleFile: string, db: Db, options: VerifyBundleOptions, extractDir: string | undefined): Promise<BundleVerification> {
  const problems: BundleProblem[] = [];
  const warnings: string[] = [];
  const texts = new Map<string, string>(); // the key and the checkpoints: small, kept
  let ledger: LedgerLoader | undefined;
  const streamed = await streamBundle(bundleFile, {
    extractDir,
    maxBytes: options.maxBytes,
    consumerFor: (path, manifest) => {
      if (path === LEDGER_PATH) return (ledger = new LedgerLoader(db, manifest.incident, problems));
      if (path === PUBLIC_KEY_PATH || path.startsWith(CHECKPOINT_DIR)) return textConsumer((text) => texts.set(path, text));
      return undefined;
    },
  });
  const { manifest, files } = streamed;
  problems.unshift(...streamed.problems);

  const incidentId = manifest?.incident ?? null;
  const records = ledger?.records ?? 0;
  if (manifest && !files.has(LEDGER_PATH) && !problems.some((p) => p.path === LEDGER_PATH)) {
    problems.push({ kind: 'missing', path: LEDGER_PATH, message: 'the custody ledger is missing from the bundle' });
  }
  if (manifest) problems.push(...checkpointNames(manifest));
  if (manifest && ledger && records !== manifest.ledgerRecords) {
    problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `the ledger holds ${records} records, the manifest says ${manifest.ledgerRecords}` });
  }

  const key = resolveKey(texts.get(PUBLIC_KEY_PATH), options, problems, warnings);
  const notes: ExternalCheckpoint[] = [...texts.entries()]
    .filter(([path]) => path.startsWith(CHECKPOINT_DIR))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([label, text]) => ({ label, text }));

  let headHash: string | null = null;
  if (incidentId && manifest && ledger) {
    const last = lastRecord(db, incidentId);
    const asOf = evidenceAsOfSeq(last); // evidence recorded after the bundle's contents were fixed is not expected inside
    const lookup = (location: string) => files.get(`${EVIDENCE_DIR}${location}`);
    if (!key && notes.length > 0)
      problems.push({ kind: 'key', path: PUBLIC_KEY_PATH, message: 'no public key to check the checkpoint signatures with (none bundled, none pinned)' });
    const custody = await verifyCustody(db, {
      incidentId,
      evidenceDir: '(bundle)',
      publicKey: key?.key,
      externalCheckpoints: key ? [...notes, ...(options.externalCheckpoints ?? [])] : [],
      checkArtifacts: async (claims) =>
        checkArtifactHashes(
          incidentId,
          claims.filter((claim) => claim.seq <= asOf),
          lookup,
          'the bundle',
        ),
    });
    for (const problem of custody.problems) {
      const where = problem.seq === null ? '' : `record ${problem.seq}: `;
      problems.push({
        kind: 'custody',
        path: custodyPath(problem.message),
        message: `${where}[${problem.kind}] ${problem.message}`,
        custodyKind: problem.kind,
      });
    }
    headHash = custody.headHash;
    problems.push(...unrecordedEvidence(files, db));
    problems.push(...unsignedTail(notes, records));
    problems.push(...checkBinding(manifest, last));
  }
  const cosignatures = checkCosignatures(options.witnessKeys ?? [], [...notes, ...(options.externalCheckpoints ?? [])], problems);
  if (key?.source === 'embedded' && !options.trustEmbeddedKey) problems.push(unanchored(key.key));
  return {
    ok: problems.length === 0,
    bundle: bundleFile,
    incidentId,
    files: files.size + (manifest ? 1 : 0),
    records,
    headHash,
    checkpoints: notes.length,
    keyFingerprint: key?.key.keyId ?? null,
    keySource: key?.source ?? null,
    anchored: key !== undefined && key.source !== 'embedded',
    cosignatures,
    problems,
    warnings,
  };
}

/** Each witness key must have cosigned (C2SP cosignature/v1) at least one of the checkpoints. */
function checkCosignatures(witnesses: { label: string; key: WitnessPublicKey }[], notes: ExternalCheckpoint[], problems: BundleProblem[]): FoundCosignature[] {
  const { found, missing } = findCosignatures(witnesses, notes);
  for (const m of missing) problems.push({ kind: 'cosignature', path: m.checkpoint?.startsWith(CHECKPOINT_DIR) ? m.checkpoint : null, message: m.message });
  return found;
}

function textConsumer(done: (text: string) => void): EntryConsumer {
  const chunks: Buffer[] = [];
  return { data: (chunk) => void chunks.push(chunk), end: () => done(Buffer.concat(chunks).toString('utf8')) };
}

/** The ledger, parsed line by line as it streams past and inserted into the in-memory store. */
class LedgerLoader implements EntryConsumer {
  records = 0;
  private lastSeq = 0;
  private rest = '';
  private line = 0;
  constructor(
    private readonly db: Db,
    private readonly incidentId: string,
    private readonly problems: BundleProblem[],
  ) {}
  data(chunk: Buffer): void {
    const lines = (this.rest + chunk.toString('utf8')).split('\n');
    this.rest = lines.pop() ?? '';
    this.db.transaction(() => lines.forEach((line) => this.add(line)))();
  }
  end(): void {
    if (this.rest !== '') {
      this.add(this.rest);
      this.problems.push({ kind: 'ledger', path: LEDGER_PATH, message: 'the ledger does not end with a newline, as irctl writes it' });
    }
    this.rest = '';
  }
  private add(line: string): void {
    this.line++;
    const problem = (message: string): void =>
      void this.problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `line ${this.line} of the ledger ${message}` });
    // one record per line, as export writes it: a blank line could hide a payload some reader takes
    if (line === '') return problem('is blank: the ledger holds one record per line');
    let parsed;
    try {
      parsed = ledgerLineSchema.safeParse(JSON.parse(line));
    } catch (error) {
      return problem(`is not JSON: ${(error as Error).message}`);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(`is not a custody record: ${issue?.path.join('.') || '(line)'}: ${issue?.message}`);
    }
    const record = parsed.data;
    if (record.incidentId !== this.incidentId) return problem(`holds record ${record.seq} of incident ${record.incidentId}, not ${this.incidentId}`);
    // the store would re-sort the records by seq: the file must already be in chain order
    if (record.seq !== this.lastSeq + 1)
      problem(`holds record ${record.seq} where record ${this.lastSeq + 1} belongs: records are in chain order, each once, from 1`);
    this.lastSeq = Math.max(this.lastSeq, record.seq);
    // what JSON.parse accepts (repeated keys, other key orders, spacing, escapes) is not all irctl writes
    if (line !== exportedLine(record)) problem(`is not record ${record.seq} as irctl writes it (keys repeated, reordered, spaced or escaped differently)`);
    try {
      insertRecord(this.db, record);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      return problem(`repeats record ${record.seq}`);
    }
    this.records++;
  }
}

/** The line export would write for this record: the JSON objects in the form the store keeps them (canonical). */
function exportedLine(record: CustodyRecord): string {
  const stored = (value: CustodyRecord['where']) => (value === null ? null : (JSON.parse(canonicalJson(value)) as CustodyRecord['where']));
  return ledgerLine({ ...record, where: stored(record.where), how: stored(record.how), details: stored(record.details) });
}

/** Export names the checkpoint notes 0001.note, 0002.note, … with no gap: anything else was renamed or added. */
function checkpointNames(manifest: BundleManifest): BundleProblem[] {
  const names = new Set(manifest.files.map((file) => file.path).filter((path) => path.startsWith(CHECKPOINT_DIR)));
  const expected = Array.from({ length: names.size }, (_, index) => checkpointPath(index));
  const wanted = new Set(expected);
  const stray = [...names].filter((name) => !wanted.has(name));
  if (stray.length === 0) return [];
  const short = (path: string) => path.slice(CHECKPOINT_DIR.length);
  return stray.map((path) => ({
    kind: 'checkpoint-name' as const,
    path,
    message: `${path}: irctl names the ${names.size} bundled checkpoint(s) ${short(expected[0]!)} to ${short(expected.at(-1)!)}, in a row`,
  }));
}

function lastRecord(db: Db, incidentId: string): CustodyRecord | undefined {
  const row = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1`).get(incidentId) as
    CustodyRow | undefined;
  return row ? recordFromRow(row) : undefined;
}

function resolveKey(
  bundled: string | undefined,
  options: VerifyBundleOptions,
  problems: BundleProblem[],
  warnings: string[],
): { key: CustodyPublicKey; source: KeySource } | undefined {
  let bundledKey: CustodyPublicKey | undefined;
  if (bundled !== undefined) {
    try {
      bundledKey = parsePublicKey(bundled);
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      problems.push({ kind: 'key', path: PUBLIC_KEY_PATH, message: `the bundled public key cannot be read: ${error.message}` });
    }
  }
  const pinned = options.pinnedKey;
  if (pinned) {
    if (bundledKey && bundledKey.keyId !== pinned.keyId) {
      warnings.push(`the bundle carries key ${bundledKey.keyId}, not the pinned key ${pinned.keyId}; signatures were checked against the pinned key`);
    }
    return { key: pinned, source: 'pinned' };
  }
  if (!bundledKey) return undefined;
  if (options.trustedKeys?.some((trusted) => trusted.keyId === bundledKey.keyId)) return { key: bundledKey, source: 'trust-file' };
  warnings.push(
    `checkpoint signatures were checked against the public key inside the bundle (${bundledKey.keyId}): that proves the bundle is consistent, not who made it. ` +
      "Pin the signer's key, obtained out of band, with --pubkey FILE (irctl custody pubkey on the signing host prints it).",
  );
  return { key: bundledKey, source: 'embedded' };
}

/** Consistent is not authentic: anyone can re-sign a rewritten bundle with a fresh key. */
function unanchored(key: CustodyPublicKey): BundleProblem {
  return {
    kind: 'unverified',
    path: PUBLIC_KEY_PATH,
    message:
      `UNVERIFIED: the bundle's own key vouches for it (key ${key.keyId}); a forger re-signing a rewritten bundle with a fresh key looks the same. ` +
      "Pin the signer's key with --pubkey FILE (or list it in custody.trust_file), or pass --trust-embedded-key to accept consistency alone",
  };
}

const custodyPath = (message: string): string | null => {
  const file = /evidence file (\S+)/.exec(message)?.[1];
  if (file) return `${EVIDENCE_DIR}${file}`;
  return /^external checkpoint (\S+):/.exec(message)?.[1] ?? LEDGER_PATH;
};

function unrecordedEvidence(files: Map<string, HashedFile>, db: Db): BundleProblem[] {
  const rows = db.prepare('SELECT DISTINCT artifact_location AS location FROM custody_records WHERE artifact_location IS NOT NULL').all() as {
    location: string;
  }[];
  const claimed = new Set(rows.map((row) => `${EVIDENCE_DIR}${row.location}`));
  return [...files.keys()]
    .filter((path) => path.startsWith(EVIDENCE_DIR) && !claimed.has(path))
    .map((path) => ({ kind: 'unrecorded-evidence' as const, path, message: `${path} is not vouched for by any custody record` }));
}

function unsignedTail(notes: ExternalCheckpoint[], records: number): BundleProblem[] {
  if (records === 0) return [];
  let pinned = 0;
  for (const note of notes) {
    try {
      pinned = Math.max(pinned, parseCheckpoint(note.text).count);
    } catch {
      // already reported by the custody verifier as checkpoint-malformed
    }
  }
  if (pinned >= records) return [];
  const range = pinned + 1 === records ? `record ${records} is` : `records ${pinned + 1}–${records} are`;
  return [
    {
      kind: 'unsigned-tail',
      path: LEDGER_PATH,
      message: `${range} not pinned by any signed checkpoint in the bundle: they could have been rewritten or appended after export`,
    },
  ];
}
