import { readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { CustodyRecord } from '../custody/canonical.js';
import { parseCheckpoint } from '../custody/checkpoint.js';
import { parsePublicKey, type CustodyPublicKey } from '../custody/keys.js';
import { insertRecord } from '../custody/ledger.js';
import { verifyCustody, type ExternalCheckpoint } from '../custody/verify.js';
import { IrctlError, NotFoundError } from '../errors.js';
import { openStore } from '../schema.js';
import { CHECKPOINT_DIR, EVIDENCE_DIR, LEDGER_PATH, MANIFEST_PATH, manifestSchema, PUBLIC_KEY_PATH, type BundleManifest } from './bundle-layout.js';
import { extractBundle, type ExtractedFile } from './bundle-extract.js';
import type { BundleProblem } from './bundle-problems.js';

export interface VerifyBundleOptions {
  pinnedKey?: CustodyPublicKey; // obtained out of band: proves origin, not just consistency
  externalCheckpoints?: ExternalCheckpoint[];
}

export interface BundleVerification {
  ok: boolean;
  bundle: string;
  incidentId: string | null;
  files: number; // files extracted and hashed
  records: number;
  headHash: string | null;
  checkpoints: number;
  keyFingerprint: string | null;
  keySource: 'pinned' | 'bundled' | null;
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
 * Verify a bundle with nothing but the file (and optionally the signer's key): extract it into a
 * fresh temporary directory (removed afterwards), check every file against the manifest, load the
 * ledger into an in-memory store and run the same custody verifier `irctl custody verify` uses —
 * chain, evidence bytes against the artifact records, checkpoint signatures — then check that a
 * signed checkpoint pins the whole ledger.
 */
export async function verifyBundle(bundleFile: string, options: VerifyBundleOptions = {}): Promise<BundleVerification> {
  try {
    if (!(await stat(bundleFile)).isFile()) throw new NotFoundError(`${bundleFile} is not a file`);
  } catch (error) {
    if (error instanceof IrctlError) throw error;
    throw new NotFoundError(`bundle ${bundleFile} not found`, { hint: 'give the path of the .tar.gz that irctl export wrote' });
  }
  const workDir = await mkdtemp(join(tmpdir(), 'irctl-verify-bundle-'));
  try {
    return await verifyExtracted(bundleFile, workDir, options);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function verifyExtracted(bundleFile: string, workDir: string, options: VerifyBundleOptions): Promise<BundleVerification> {
  const { files, problems } = await extractBundle(bundleFile, workDir);
  const warnings: string[] = [];
  const read = (path: string) => readFile(join(workDir, ...path.split('/')), 'utf8');

  const manifest = files.has(MANIFEST_PATH) ? parseManifest(await read(MANIFEST_PATH), problems) : undefined;
  if (!files.has(MANIFEST_PATH)) problems.push({ kind: 'missing', path: MANIFEST_PATH, message: 'manifest.json is missing: nothing says what the bundle should hold' });
  if (manifest) problems.push(...compareWithManifest(manifest, files));

  const records = files.has(LEDGER_PATH) ? parseLedger(await read(LEDGER_PATH), problems) : [];
  if (!files.has(LEDGER_PATH)) problems.push({ kind: 'missing', path: LEDGER_PATH, message: 'the custody ledger is missing from the bundle' });
  const incidentId = manifest?.incident ?? records[0]?.incidentId ?? null;
  if (manifest && records.length !== manifest.ledgerRecords) {
    problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `the ledger holds ${records.length} records, the manifest says ${manifest.ledgerRecords}` });
  }

  const key = resolveKey(files.has(PUBLIC_KEY_PATH) ? await read(PUBLIC_KEY_PATH) : undefined, options.pinnedKey, problems, warnings);
  const notes: ExternalCheckpoint[] = [];
  for (const path of [...files.keys()].filter((p) => p.startsWith(CHECKPOINT_DIR)).sort()) notes.push({ label: path, text: await read(path) });

  let headHash: string | null = null;
  if (incidentId) {
    const custody = await verifyLedger(incidentId, records, join(workDir, 'evidence'), key?.key, [...notes, ...(options.externalCheckpoints ?? [])], problems);
    headHash = custody.headHash;
    problems.push(...unrecordedEvidence(files, records));
    problems.push(...unsignedTail(notes, records.length));
  }
  return {
    ok: problems.length === 0,
    bundle: bundleFile,
    incidentId,
    files: files.size,
    records: records.length,
    headHash,
    checkpoints: notes.length,
    keyFingerprint: key?.key.keyId ?? null,
    keySource: key?.source ?? null,
    problems,
    warnings,
  };
}

function parseManifest(text: string, problems: BundleProblem[]): BundleManifest | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push({ kind: 'manifest', path: MANIFEST_PATH, message: `manifest.json is not JSON: ${(error as Error).message}` });
    return undefined;
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    problems.push({ kind: 'manifest', path: MANIFEST_PATH, message: `manifest.json is malformed: ${issue?.path.join('.') || '(top)'}: ${issue?.message}` });
    return undefined;
  }
  return parsed.data;
}

function compareWithManifest(manifest: BundleManifest, files: Map<string, ExtractedFile>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    if (listed.has(entry.path)) problems.push({ kind: 'duplicate', path: entry.path, message: `${entry.path} is listed twice in the manifest` });
    listed.add(entry.path);
    const file = files.get(entry.path);
    if (!file) problems.push({ kind: 'missing', path: entry.path, message: `${entry.path} is listed in the manifest but missing from the bundle` });
    else if (file.size !== entry.size) problems.push({ kind: 'mismatch', path: entry.path, message: `${entry.path} is ${file.size} bytes, the manifest says ${entry.size}` });
    else if (file.sha256 !== entry.sha256) problems.push({ kind: 'mismatch', path: entry.path, message: `${entry.path} has SHA-256 ${file.sha256}, the manifest says ${entry.sha256}: its bytes were changed` });
  }
  for (const path of files.keys()) {
    if (path !== MANIFEST_PATH && !listed.has(path)) problems.push({ kind: 'added', path, message: `${path} is in the bundle but not in the manifest: it was added after export` });
  }
  return problems;
}

function parseLedger(text: string, problems: BundleProblem[]): CustodyRecord[] {
  const records: CustodyRecord[] = [];
  const seqs = new Set<number>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed;
    try {
      parsed = ledgerLineSchema.safeParse(JSON.parse(line));
    } catch (error) {
      problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `line ${index + 1} of the ledger is not JSON: ${(error as Error).message}` });
      return;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `line ${index + 1} of the ledger is not a custody record: ${issue?.path.join('.') || '(line)'}: ${issue?.message}` });
      return;
    }
    if (seqs.has(parsed.data.seq)) {
      problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `line ${index + 1}: record ${parsed.data.seq} appears twice in the ledger` });
      return;
    }
    seqs.add(parsed.data.seq);
    records.push(parsed.data);
  });
  return records;
}

function resolveKey(bundled: string | undefined, pinned: CustodyPublicKey | undefined, problems: BundleProblem[], warnings: string[]) {
  let bundledKey: CustodyPublicKey | undefined;
  if (bundled !== undefined) {
    try {
      bundledKey = parsePublicKey(bundled);
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      problems.push({ kind: 'key', path: PUBLIC_KEY_PATH, message: `the bundled public key cannot be read: ${error.message}` });
    }
  }
  if (pinned) {
    if (bundledKey && bundledKey.keyId !== pinned.keyId) {
      warnings.push(`the bundle carries key ${bundledKey.keyId}, not the pinned key ${pinned.keyId}; signatures were checked against the pinned key`);
    }
    return { key: pinned, source: 'pinned' as const };
  }
  if (!bundledKey) return undefined;
  warnings.push(
    `checkpoint signatures were checked against the public key inside the bundle (${bundledKey.keyId}): that proves the bundle is consistent, not who made it. ` +
      'Pin the signer\'s key, obtained out of band, with --pubkey FILE (irctl custody pubkey on the signing host prints it).',
  );
  return { key: bundledKey, source: 'bundled' as const };
}

/** Load the records into an in-memory store and run the one custody verifier on them. */
async function verifyLedger(incidentId: string, records: CustodyRecord[], evidenceDir: string, key: CustodyPublicKey | undefined, checkpoints: ExternalCheckpoint[], problems: BundleProblem[]) {
  const db = openStore(':memory:');
  try {
    for (const record of records) {
      if (record.incidentId !== incidentId) {
        problems.push({ kind: 'ledger', path: LEDGER_PATH, message: `record ${record.seq} belongs to incident ${record.incidentId}, not ${incidentId}` });
        continue;
      }
      insertRecord(db, record);
    }
    if (!key && checkpoints.length > 0) problems.push({ kind: 'key', path: PUBLIC_KEY_PATH, message: 'no public key to check the checkpoint signatures with (none bundled, none pinned)' });
    const result = await verifyCustody(db, { incidentId, evidenceDir, publicKey: key, externalCheckpoints: key ? checkpoints : [] });
    for (const problem of result.problems) {
      const where = problem.seq === null ? '' : `record ${problem.seq}: `;
      problems.push({ kind: 'custody', path: custodyPath(problem.message), message: `${where}[${problem.kind}] ${problem.message}`, custodyKind: problem.kind });
    }
    return result;
  } finally {
    db.close();
  }
}

const custodyPath = (message: string): string | null => {
  const file = /evidence file (\S+)/.exec(message)?.[1];
  if (file) return `${EVIDENCE_DIR}${file}`;
  return /^external checkpoint (\S+):/.exec(message)?.[1] ?? LEDGER_PATH;
};

function unrecordedEvidence(files: Map<string, ExtractedFile>, records: CustodyRecord[]): BundleProblem[] {
  const claimed = new Set(records.filter((r) => r.artifactLocation !== null).map((r) => `${EVIDENCE_DIR}${r.artifactLocation}`));
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
  return [{ kind: 'unsigned-tail', path: LEDGER_PATH, message: `${range} not pinned by any signed checkpoint in the bundle: they could have been rewritten or appended after export` }];
}
