import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { sha256File } from '../custody/artifacts.js';
import { listCheckpoints, type WrittenCheckpoint } from '../custody/checkpoint.js';
import { publicKeyPem, loadOrCreateSigningKey } from '../custody/keys.js';
import { custodyHeadSeq, custodyPages } from '../custody/ledger.js';
import { IntegrityError } from '../errors.js';
import { listEvidence } from '../evidence/records.js';
import { writeTransaction, type Db } from '../store/db.js';
import { BUNDLE_FORMAT, checkpointPath, EVIDENCE_DIR, LEDGER_PATH, MANIFEST_PATH, PUBLIC_KEY_PATH, REPORT_DIR, type BundleManifest } from './bundle-layout.js';
import { pinHeadForExport, recordExport } from './export-record.js';
import { buildReport } from './model.js';
import { assertWritableTarget } from './output-file.js';
import { REPORT_FORMATS, renderReport } from './render.js';

export interface ExportBundleOptions {
  db: Db;
  incidentId: string;
  outFile: string;
  evidenceDir: string;
  home: string;
  actor: string;
  now?: () => Date;
}

/** The newest signed checkpoint packed into the bundle: it pins the bundle's whole ledger. */
export interface BundleCheckpoint {
  count: number;
  headHash: string;
  keyId: string;
  note: string;
}

export interface ExportedBundle {
  path: string;
  sha256: string;
  size: number;
  files: number;
  checkpoint: BundleCheckpoint | null; // what the receiver pins (verify-bundle --checkpoint); null for an empty ledger
  transfer: { seq: number; hash: string; storeCheckpoint: WrittenCheckpoint }; // on this host only, after the bundle
}

/**
 * Write the incident's evidence bundle (tar + gzip): the report in every format, the evidence
 * files, the ledger as JSON lines, the signed checkpoints, the public key and a manifest. The
 * ledger is pinned by a checkpoint before packing, so every bundled record is signed. After the
 * file is in place its own SHA-256 is recorded as a `transferred` act (and signed): the receiver
 * can `sha256sum` exactly the file they got and compare. (The manifest hash could not be the
 * anchor: the manifest lists the ledger, so the ledger cannot also hold the manifest's hash.)
 * That record, and the checkpoint signed after it, are not in the bundle: the checkpoint the
 * receiver pins is the newest one packed, `checkpoint` in the result.
 */
export async function exportBundle(options: ExportBundleOptions): Promise<ExportedBundle> {
  const { db, incidentId, home } = options;
  const now = options.now ?? (() => new Date());
  const outFile = resolve(options.outFile);
  await assertWritableTarget(outFile, 'bundle');

  // Pin the head and read what gets packed in one transaction: a record appended meanwhile (a run
  // still going, an approval) is then neither packed unsigned nor half-counted.
  const packed = writeTransaction(db, () => {
    pinHeadForExport(db, home, incidentId);
    return {
      ledgerRecords: custodyHeadSeq(db, incidentId), // the ledger is append-only: records 1..this stay as they are
      checkpoints: listCheckpoints(db, incidentId),
      evidence: listEvidence(db, incidentId).filter((row) => row.status === 'complete'),
    };
  });
  const report = await buildReport(db, { incidentId, evidenceDir: options.evidenceDir, home, generatedBy: options.actor, now: now() });
  if (!report.custody.ok) {
    const first = report.custody.problems[0]!;
    throw new IntegrityError(`refusing to export incident ${incidentId}: custody verification failed: ${first.message}`, {
      hint: `irctl custody verify ${incidentId}; preserve the store and evidence directory as they are and escalate`,
    });
  }

  const staging = await mkdtemp(join(tmpdir(), 'irctl-bundle-'));
  try {
    const files: string[] = [];
    const written = new Map<string, { size: number; sha256: string }>(); // hashed as written: read once
    const put = async (path: string, content: string | Iterable<string>) => {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      written.set(path, await writeChunks(join(staging, path), typeof content === 'string' ? [content] : content));
      files.push(path);
    };
    for (const format of REPORT_FORMATS) await put(`${REPORT_DIR}report.${format}`, renderReport(report, format));
    // a million records is over a gigabyte of JSON: streamed a page at a time, never one string
    await put(LEDGER_PATH, ledgerLines(db, incidentId, packed.ledgerRecords));
    for (const [index, checkpoint] of packed.checkpoints.entries()) await put(checkpointPath(index), checkpoint.note);
    const head = packed.checkpoints.at(-1); // ordered by seq, then id: the newest of the highest
    await put(PUBLIC_KEY_PATH, publicKeyPem(loadOrCreateSigningKey(home)));
    // Evidence can be many GiB: link, never copy; tar packs the link targets (follow).
    for (const row of packed.evidence) {
      const path = `${EVIDENCE_DIR}${row.path}`;
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await symlink(resolve(options.evidenceDir, row.path), join(staging, path));
      files.push(path);
    }

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      incident: incidentId,
      createdAt: now().toISOString(),
      createdBy: options.actor,
      ledgerRecords: packed.ledgerRecords,
      files: [],
    };
    for (const path of files) manifest.files.push({ path, ...(written.get(path) ?? { size: (await stat(join(staging, path))).size, sha256: await sha256File(join(staging, path)) }) });
    const manifestSha256 = (await writeChunks(join(staging, MANIFEST_PATH), [`${JSON.stringify(manifest, null, 2)}\n`])).sha256;

    const partial = join(dirname(outFile), `.${basename(outFile)}.${randomBytes(4).toString('hex')}.partial`);
    try {
      await createTar({ gzip: true, file: partial, cwd: staging, follow: true, portable: true }, [MANIFEST_PATH, ...files]);
      await rename(partial, outFile);
    } finally {
      await rm(partial, { force: true });
    }
    const sha256 = await sha256File(outFile);
    const size = (await stat(outFile)).size;
    const transfer = recordExport(db, home, incidentId, {
      act: 'transferred',
      actor: options.actor,
      subject: `bundle:${basename(outFile)}`,
      details: { file: outFile, sha256, size, manifest_sha256: manifestSha256, files: files.length + 1, ledger_records: manifest.ledgerRecords },
    });
    return {
      path: outFile,
      sha256,
      size,
      files: files.length + 1,
      checkpoint: head ? { count: head.seq, headHash: head.head_hash, keyId: head.key_id, note: head.note } : null,
      transfer: { seq: transfer.seq, hash: transfer.hash, storeCheckpoint: transfer.checkpoint },
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The ledger as JSON lines, one chunk per page of records. */
function* ledgerLines(db: Db, incidentId: string, throughSeq: number): Generator<string> {
  for (const page of custodyPages(db, incidentId, throughSeq)) yield page.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** Write a new file (never replacing one) chunk by chunk, hashing the bytes as they go. */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(path, 'wx');
  try {
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk);
      hash.update(bytes);
      size += bytes.length;
      await handle.write(bytes);
    }
  } finally {
    await handle.close();
  }
  return { size, sha256: hash.digest('hex') };
}
