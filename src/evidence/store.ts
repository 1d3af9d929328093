import { link, mkdir, rm, unlink } from 'node:fs/promises';
import { EVIDENCE_FILE_MODE, PRIVATE_DIR_MODE } from '../private-files.js';
import { basename, join } from 'node:path';
import type { CustodyAppender } from '../custody/ledger.js';
import { ActionFailedError, DockerUnreachableError, EvidenceDiskError, IrctlError } from '../errors.js';
import { syncWal, writeTransaction, writeUnsynced, type Db } from '../store/db.js';
import type { JsonValue } from '../json.js';
import { writeHashed, type CaptureSource } from './hashed-write.js';
import { appendManifest, artifactLine } from './manifest.js';
import { fsyncPath } from '../store/fsync.js';
import { assertIncidentFolderName, newEvidenceId, safeFileName, uniqueNames } from './names.js';
import { insertEvidence, pathTaken, type EvidenceRow } from './records.js';

export interface CaptureRequest {
  name: string; // file name inside the incident's evidence folder, e.g. "logs-web.txt"
  kind: string; // logs | inspect | processes | network | diff | files | image | export | host-command | …
  mediaType?: string;
  source: CaptureSource;
  subject: string; // what it was captured from (container id, host command)
  where?: Record<string, JsonValue>;
  how?: Record<string, JsonValue>;
}

export interface CapturedEvidence {
  evidenceId: string;
  path: string;
  sha256: string;
  size: number;
}

/** The evidence store as an action sees it: bound to the incident, step and actor. */
export interface EvidenceWriter {
  capture(request: CaptureRequest): Promise<CapturedEvidence>;
  /** Many small captures made durable together (one fsync round, one transaction): see EvidenceBatch. */
  batch(): EvidenceBatch;
  /** Paths the step did not capture (over budget, missing, not a file), kept in the manifest and the ledger. */
  notCaptured(entry: { subject: string; reason: string; paths: string[]; where?: Record<string, JsonValue>; how?: Record<string, JsonValue> }): Promise<void>;
}

/**
 * Captures staged one after another (each streamed and hashed into a temp file), then committed
 * at once: files fsynced together, rows and `acquired` records in one transaction. Nothing staged
 * is evidence until commit returns.
 */
export interface EvidenceBatch {
  add(request: CaptureRequest): Promise<void>;
  readonly staged: number;
  commit(): Promise<CapturedEvidence[]>;
  /** Remove what is staged (a failure elsewhere); safe to call after commit. */
  discard(): Promise<void>;
}

export interface EvidenceStoreOptions {
  db: Db;
  evidenceDir: string;
  incidentId: string;
  stepId: string;
  actor: string;
  custody: CustodyAppender;
  /** The step's signal: aborting it stops a capture mid-stream (recorded as incomplete). */
  signal?: AbortSignal;
  now?: () => Date;
}

/**
 * The evidence store, bound to one incident, step and actor. Each capture streams its source to a
 * temp file in the incident folder while hashing it, fsyncs, gives it its final (unique) name,
 * makes it read-only, records the row and the custody `acquired` record in one transaction, and
 * appends it to the manifest. A capture that fails leaves no file and says so in the store and
 * ledger. Many small files (evidence.files) go through a batch: the same steps, made durable together.
 */
export class EvidenceStore implements EvidenceWriter {
  private readonly folder: string;
  private readonly now: () => Date;
  private folderMade = false; // a batch of 800 files need not ask 800 times

  constructor(private readonly options: EvidenceStoreOptions) {
    assertIncidentFolderName(options.incidentId);
    this.folder = join(options.evidenceDir, options.incidentId);
    this.now = options.now ?? (() => new Date());
  }

  async capture(request: CaptureRequest): Promise<CapturedEvidence> {
    const { incidentId } = this.options;
    const evidenceId = newEvidenceId(this.now());
    const fileName = safeFileName(request.name);
    const tempPath = join(this.folder, `.${evidenceId}.partial`);
    let bytesWritten = 0;
    let finalPath: string | undefined;
    let row: EvidenceRow;
    try {
      await makeFolder(this.folder);
      const written = await writeHashed(request.source, tempPath, {
        signal: this.options.signal,
        mode: EVIDENCE_FILE_MODE,
        onBytes: (bytes) => (bytesWritten = bytes),
      });
      const finalName = await this.linkUnique(tempPath, fileName);
      finalPath = join(this.folder, finalName);
      await unlink(tempPath);
      await fsyncPath(this.folder);
      const relativePath = `${incidentId}/${finalName}`;
      row = this.row(request, evidenceId, finalName, relativePath, { sha256: written.sha256, size: written.size });
      this.commit([{ row, request }]);
    } catch (error) {
      // a failure before the pipeline started (mkdir, open) would otherwise leave e.g. an HTTP stream open
      (request.source as { destroy?: (error?: Error) => void }).destroy?.();
      await rm(tempPath, { force: true });
      if (finalPath) await rm(finalPath, { force: true });
      const failure = captureFailure(error, { fileName, incidentId, bytesWritten, folder: this.folder });
      // the row points at the (removed) temp file: never at a name a complete artifact may hold
      await this.recordFailure(this.row(request, evidenceId, fileName, `${incidentId}/${basename(tempPath)}`, { size: bytesWritten, error: failure.message }), request);
      throw failure;
    }
    // recorded: from here on the file is the ledger's, and a failed sync or manifest write must not remove it
    await syncWal(this.options.db);
    await appendManifest(this.options.evidenceDir, incidentId, [artifactLine(row)]);
    return { evidenceId, path: row.path, sha256: row.sha256!, size: row.size };
  }

  batch(): EvidenceBatch {
    return new StoreBatch(this);
  }

  async notCaptured(entry: { subject: string; reason: string; paths: string[]; where?: Record<string, JsonValue>; how?: Record<string, JsonValue> }): Promise<void> {
    if (entry.paths.length === 0) return;
    const { incidentId, stepId, actor } = this.options;
    this.options.custody.record({
      act: 'not-captured',
      actor,
      subject: entry.subject,
      where: entry.where,
      how: { ...entry.how, step: stepId },
      details: { reason: entry.reason, count: entry.paths.length, paths: entry.paths },
    });
    await appendManifest(this.options.evidenceDir, incidentId, [
      { type: 'not-captured', step: stepId, subject: entry.subject, reason: entry.reason, paths: entry.paths, at: this.now().toISOString() },
    ]);
  }

  /**
   * @internal the batch's stage: stream and hash into a temp file, no fsync yet. A document already
   * in memory is fsynced on its own descriptor right away: the batch writes those side by side.
   */
  async stage(request: CaptureRequest): Promise<Staged> {
    const evidenceId = newEvidenceId(this.now());
    const fileName = safeFileName(request.name);
    const tempPath = join(this.folder, `.${evidenceId}.partial`);
    let bytesWritten = 0;
    try {
      if (!this.folderMade) await makeFolder(this.folder);
      this.folderMade = true;
      const synced = request.source instanceof Uint8Array;
      const written = await writeHashed(request.source, tempPath, {
        signal: this.options.signal,
        sync: synced,
        mode: EVIDENCE_FILE_MODE,
        onBytes: (bytes) => (bytesWritten = bytes),
      });
      return { request, evidenceId, fileName, tempPath, sha256: written.sha256, size: written.size, synced };
    } catch (error) {
      (request.source as { destroy?: (error?: Error) => void }).destroy?.();
      await rm(tempPath, { force: true });
      const failure = captureFailure(error, { fileName, incidentId: this.options.incidentId, bytesWritten, folder: this.folder });
      await this.recordFailure(this.row(request, evidenceId, fileName, `${this.options.incidentId}/${basename(tempPath)}`, { size: bytesWritten, error: failure.message }), request);
      throw failure;
    }
  }

  /**
   * @internal the batch's commit: fsync every staged file (concurrently: the disk commits them
   * together, one journal flush instead of one per file), name them, sync the folder once, then
   * one transaction for every row and record, one manifest append.
   */
  async commitStaged(staged: readonly Staged[]): Promise<CapturedEvidence[]> {
    const { incidentId } = this.options;
    if (staged.length === 0) return [];
    const named: { row: EvidenceRow; request: CaptureRequest; finalPath: string }[] = [];
    try {
      await forEachConcurrently(
        staged.filter((file) => !file.synced),
        FSYNC_CONCURRENCY,
        (file) => fsyncPath(file.tempPath),
      );
      // linked side by side (link never replaces a file, so two of one name still get two names),
      // listed in the order they were staged; every link that was made is known before a failed
      // one is thrown, so the clean-up below removes them all
      const linked = await Promise.allSettled(staged.map((file) => this.linkUnique(file.tempPath, file.fileName)));
      linked.forEach((result, index) => {
        if (result.status !== 'fulfilled') return;
        const file = staged[index]!;
        named.push({ row: this.row(file.request, file.evidenceId, result.value, `${incidentId}/${result.value}`, file), request: file.request, finalPath: join(this.folder, result.value) });
      });
      const failed = linked.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      await Promise.all(staged.map((file) => unlink(file.tempPath))); // unlink, not rm: no lstat first
      await fsyncPath(this.folder);
      this.commit(named);
    } catch (error) {
      await Promise.all([...staged.map((file) => rm(file.tempPath, { force: true })), ...named.map((file) => rm(file.finalPath, { force: true }))]);
      const failure = captureFailure(error, { fileName: `${staged.length} staged files`, incidentId, bytesWritten: 0, folder: this.folder });
      for (const file of staged) {
        await this.recordFailure(this.row(file.request, file.evidenceId, file.fileName, `${incidentId}/${basename(file.tempPath)}`, { size: file.size, error: failure.message }), file.request);
      }
      throw failure;
    }
    await syncWal(this.options.db);
    await appendManifest(this.options.evidenceDir, incidentId, named.map((file) => artifactLine(file.row)));
    return named.map(({ row }) => ({ evidenceId: row.id, path: row.path, sha256: row.sha256!, size: row.size }));
  }

  /** Hard-link the temp file to the first free name: link never replaces an existing file. */
  private async linkUnique(tempPath: string, fileName: string): Promise<string> {
    for (const candidate of uniqueNames(fileName)) {
      if (pathTaken(this.options.db, `${this.options.incidentId}/${candidate}`)) continue;
      try {
        await link(tempPath, join(this.folder, candidate));
        return candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new Error('unreachable: uniqueNames is infinite');
  }

  private row(
    request: CaptureRequest,
    evidenceId: string,
    name: string,
    path: string,
    outcome: { sha256: string; size: number } | { size: number; error: string },
  ): EvidenceRow {
    const complete = 'sha256' in outcome;
    return {
      id: evidenceId,
      incident_id: this.options.incidentId,
      step_id: this.options.stepId,
      name,
      kind: request.kind,
      media_type: request.mediaType ?? 'application/octet-stream',
      path,
      sha256: complete ? outcome.sha256 : null,
      size: outcome.size,
      status: complete ? 'complete' : 'incomplete',
      captured_at: this.now().toISOString(),
      captured_by: this.options.actor,
      subject: request.subject,
      error: complete ? null : outcome.error,
    };
  }

  /**
   * The rows and their `acquired` records land together or not at all. The caller syncs the WAL
   * afterwards (syncWal, off the event loop, shared with the captures beside it), outside its clean-up.
   */
  private commit(captures: readonly { row: EvidenceRow; request: CaptureRequest }[]): void {
    writeUnsynced(this.options.db, () => {
      for (const { row } of captures) insertEvidence(this.options.db, row);
      this.options.custody.recordAll(
        captures.map(({ row, request }) => ({
          act: 'acquired',
          actor: this.options.actor,
          subject: request.subject,
          where: request.where,
          how: { ...request.how, step: this.options.stepId },
          artifact: { sha256: row.sha256!, size: row.size, location: row.path, evidenceId: row.id },
          details: { name: row.name, kind: row.kind, media_type: row.media_type },
        })),
      );
    });
  }

  /** An incomplete row and a `capture-failed` record: what was tried, how far it got, why it failed. */
  private async recordFailure(row: EvidenceRow, request: CaptureRequest): Promise<void> {
    writeTransaction(this.options.db, () => {
      insertEvidence(this.options.db, row);
      this.options.custody.record({
        act: 'capture-failed',
        actor: this.options.actor,
        subject: request.subject,
        where: request.where,
        how: { ...request.how, step: this.options.stepId },
        details: { evidence_id: row.id, name: row.name, kind: row.kind, bytes_written: row.size, error: row.error ?? '' },
      });
    });
    try {
      await appendManifest(this.options.evidenceDir, this.options.incidentId, [artifactLine(row)]);
    } catch {
      // the folder itself may be what failed; the row and the ledger already say what happened,
      // and the capture's own error is the one the responder needs to see
    }
  }
}

/** mkdir -p, made once for the captures that ask at the same time (side by side in front of isolate). */
function makeFolder(folder: string): Promise<unknown> {
  let made = foldersBeingMade.get(folder);
  if (!made) {
    made = mkdir(folder, { recursive: true, mode: PRIVATE_DIR_MODE }).finally(() => foldersBeingMade.delete(folder));
    foldersBeingMade.set(folder, made);
  }
  return made;
}
const foldersBeingMade = new Map<string, Promise<unknown>>();

/** Files fsynced at once by a batch commit: enough to keep libuv's pool busy, few enough to bound open descriptors. */
const FSYNC_CONCURRENCY = 16;

interface Staged {
  request: CaptureRequest;
  evidenceId: string;
  fileName: string;
  tempPath: string;
  sha256: string;
  size: number;
  synced: boolean; // fsynced when staged (a document from memory); the rest are fsynced at commit
}

/** In-memory documents a batch writes side by side at most: bounds the memory and descriptors they hold. */
const STAGE_CONCURRENCY = 16;

class StoreBatch implements EvidenceBatch {
  /** In the order add() was called, whichever finished staging first: adds may run side by side. */
  private files: { order: number; staged: Staged }[] = [];
  /** Documents from memory still being written: add() returns before they finish. */
  private readonly writing = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private added = 0;
  constructor(private readonly store: EvidenceStore) {}

  get staged(): number {
    return this.files.length + this.writing.size;
  }

  /**
   * A stream is staged before this returns (the caller's next read depends on it). A document
   * already in memory is written in the background, a bounded number at a time, so the caller
   * goes on reading (the next entry of an archive) while the disk works; a failure comes out of
   * the next add() or of commit().
   */
  async add(request: CaptureRequest): Promise<void> {
    this.throwFailure();
    const order = this.added++;
    const staging = this.store.stage(request).then(
      (staged) => {
        this.files.push({ order, staged });
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    if (!(request.source instanceof Uint8Array)) {
      await staging;
      this.throwFailure();
      return;
    }
    const tracked = staging.finally(() => this.writing.delete(tracked));
    this.writing.add(tracked);
    while (this.writing.size >= STAGE_CONCURRENCY) await Promise.race(this.writing);
    this.throwFailure();
  }

  async commit(): Promise<CapturedEvidence[]> {
    await Promise.all(this.writing);
    this.throwFailure();
    const files = this.files.sort((a, b) => a.order - b.order).map((file) => file.staged);
    this.files = [];
    return this.store.commitStaged(files);
  }

  async discard(): Promise<void> {
    await Promise.all(this.writing);
    const files = this.files;
    this.files = [];
    await Promise.all(files.map((file) => rm(file.staged.tempPath, { force: true })));
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// The source stream broke: the engine connection was cut mid-stream (a proxy, a restarted daemon).
const CONNECTION_CUT = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNREFUSED']);
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

interface FailedCapture {
  fileName: string;
  incidentId: string;
  bytesWritten: number;
  folder: string;
}

function captureFailure(error: unknown, at: FailedCapture): IrctlError {
  if (error instanceof IrctlError) return error;
  const { fileName, incidentId, bytesWritten, folder } = at;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const after = `capture of "${fileName}" for incident ${incidentId} stopped after ${bytesWritten} bytes`;
  const kept = 'the partial file was removed and the attempt recorded (capture-failed)';
  if (DISK_FULL.has(code)) {
    // at least as much again as had been written when the disk filled
    return new EvidenceDiskError(`the evidence disk is full: free ${Math.max(bytesWritten, 1)} bytes in ${folder}, then irctl resume ${incidentId}`, {
      hint: `${after}; ${kept}. Free space there (or move the evidence directory), then irctl resume ${incidentId} retries the step in the same incident`,
      cause: error,
      details: { code, folder, bytes_written: bytesWritten },
    });
  }
  if (code === 'EIO') {
    return new EvidenceDiskError(`the evidence disk failed (EIO) writing in ${folder}: check the disk, then irctl resume ${incidentId}`, {
      hint: `${after}; ${kept}`,
      cause: error,
      details: { code, folder, bytes_written: bytesWritten },
    });
  }
  if (CONNECTION_CUT.has(code) || (error as Error).message === 'aborted') {
    return new DockerUnreachableError(`the connection to the Docker engine was cut (${code || 'aborted'}) during the ${after}`, {
      hint: `${kept}. Once the engine answers again (docker version), irctl resume ${incidentId} retries the step in the same incident`,
      cause: error,
      details: { code, bytes_written: bytesWritten },
    });
  }
  const why = (error as Error).name === 'AbortError' ? 'the step was aborted' : ((error as Error).message ?? String(error));
  return new ActionFailedError(`capture of "${fileName}" for incident ${incidentId} failed after ${bytesWritten} bytes: ${why}`, {
    hint: `the partial file was removed and the attempt recorded as incomplete; re-run the step once the cause is fixed (irctl evidence ls ${incidentId})`,
    cause: error,
  });
}
