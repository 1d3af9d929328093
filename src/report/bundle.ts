import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, open, rename, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { sha256File } from '../custody/artifacts.js';
import type { WrittenCheckpoint } from '../custody/checkpoint.js';
import { publicKeyPem, loadOrCreateSigningKey } from '../custody/keys.js';
import { custodyPages } from '../custody/ledger.js';
import { IntegrityError } from '../errors.js';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { listEvidence } from '../evidence/records.js';
import { writeTransaction, type Db } from '../store/db.js';
import {
  BUNDLE_FORMAT,
  checkpointPath,
  EVIDENCE_DIR,
  LEDGER_PATH,
  ledgerLine,
  MANIFEST_PATH,
  PUBLIC_KEY_PATH,
  REPORT_DIR,
  type BundleManifest,
} from './bundle-layout.js';
import { recordExport } from './export-record.js';
import { bindContents, type ManifestFile } from './bundle-binding.js';
import { buildReport } from './model.js';
import { assertWritableTarget } from './output-file.js';
import { REPORT_FORMATS, renderReport } from './render.js';
import { partialName, stagingPrefix, sweepExportLeftovers } from './export-leftovers.js';

export interface ExportBundleOptions {
  db: Db;
  incidentId: string;
  outFile: string;
  evidenceDir: string;
  home: string;
  actor: string;
  mode?: number; // of the bundle file; default 0600
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

  // The evidence to pack, and the last record it was recorded by, read together: a file whose
  // record lands later is not expected in this bundle (the bundled record says up to which seq).
  const packed = writeTransaction(db, () => ({
    asOfSeq: (db.prepare('SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?').get(incidentId) as { seq: number | null }).seq ?? 0,
    evidence: listEvidence(db, incidentId).filter((row) => row.status === 'complete'),
  }));
  const report = await buildReport(db, { incidentId, evidenceDir: options.evidenceDir, home, generatedBy: options.actor, now: now() });
  if (!report.custody.ok) {
    const first = report.custody.problems[0]!;
    throw new IntegrityError(`refusing to export incident ${incidentId}: custody verification failed: ${first.message}`, {
      hint: `irctl custody verify ${incidentId}; preserve the store and evidence directory as they are and escalate`,
    });
  }

  sweepExportLeftovers(tmpdir(), dirname(outFile)); // what exports killed midway left behind
  const staging = await mkdtemp(join(tmpdir(), stagingPrefix()));
  try {
    const files: string[] = [];
    const written = new Map<string, { size: number; sha256: string }>(); // hashed as written: read once
    const put = async (path: string, content: string | Iterable<string>) => {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      written.set(path, await writeChunks(join(staging, path), typeof content === 'string' ? [content] : content));
      files.push(path);
    };
    const describe = async (paths: string[]) => {
      const described: ManifestFile[] = [];
      for (const path of paths)
        described.push({ path, ...(written.get(path) ?? { size: (await stat(join(staging, path))).size, sha256: await sha256File(join(staging, path)) }) });
      return described;
    };
    for (const format of REPORT_FORMATS) await put(`${REPORT_DIR}report.${format}`, renderReport(report, format));
    await put(PUBLIC_KEY_PATH, publicKeyPem(loadOrCreateSigningKey(home)));
    // Evidence can be many GiB: link, never copy; tar packs the link targets (follow).
    for (const row of packed.evidence) {
      const path = `${EVIDENCE_DIR}${row.path}`;
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await symlink(resolve(options.evidenceDir, row.path), join(staging, path));
      files.push(path);
    }
    const contents = await describe(files);

    // Bind those files to the signed head, then pack the ledger as it stands right after.
    const bound = bindContents(db, home, incidentId, {
      actor: options.actor,
      subject: `bundle:${basename(outFile)}`,
      asOfSeq: packed.asOfSeq,
      files: contents,
    });
    const custodyFiles = files.length;
    // a million records is over a gigabyte of JSON: streamed a page at a time, never one string
    await put(LEDGER_PATH, ledgerLines(db, incidentId, bound.ledgerRecords));
    for (const [index, checkpoint] of bound.checkpoints.entries()) await put(checkpointPath(index), checkpoint.note);
    const head = bound.checkpoints.at(-1); // ordered by seq, then id: the one signed after the bundled record

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      incident: incidentId,
      createdAt: now().toISOString(),
      createdBy: options.actor,
      ledgerRecords: bound.ledgerRecords,
      files: [...contents, ...(await describe(files.slice(custodyFiles)))],
    };
    const manifestSha256 = (await writeChunks(join(staging, MANIFEST_PATH), [`${JSON.stringify(manifest, null, 2)}\n`])).sha256;

    const partial = join(dirname(outFile), partialName(basename(outFile), randomBytes(4).toString('hex')));
    try {
      await createTar({ gzip: true, file: partial, cwd: staging, follow: true, portable: true }, [MANIFEST_PATH, ...files]);
      await chmod(partial, options.mode ?? PRIVATE_FILE_MODE);
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
  for (const page of custodyPages(db, incidentId, throughSeq)) yield page.map((record) => `${ledgerLine(record)}\n`).join('');
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
