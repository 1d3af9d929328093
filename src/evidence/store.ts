import { chmod, link, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CustodyAppender } from '../custody/ledger.js';
import { ActionFailedError, DockerUnreachableError, EvidenceDiskError, IrctlError } from '../errors.js';
import { writeTransaction, type Db } from '../store/db.js';
import type { JsonValue } from '../json.js';
import { writeHashed, type CaptureSource } from './hashed-write.js';
import { fsyncPath, writeManifest } from './manifest.js';
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
 * rewrites the manifest. A capture that fails leaves no file and says so in the store and ledger.
 */
export class EvidenceStore implements EvidenceWriter {
  private readonly folder: string;
  private readonly now: () => Date;

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
    try {
      await mkdir(this.folder, { recursive: true });
      const written = await writeHashed(request.source, tempPath, {
        signal: this.options.signal,
        onBytes: (bytes) => (bytesWritten = bytes),
      });
      await chmod(tempPath, 0o444);
      const finalName = await this.linkUnique(tempPath, fileName);
      finalPath = join(this.folder, finalName);
      await rm(tempPath);
      fsyncPath(this.folder);
      const relativePath = `${incidentId}/${finalName}`;
      this.commit(this.row(request, evidenceId, finalName, relativePath, { sha256: written.sha256, size: written.size }), request);
      writeManifest(this.options.db, this.options.evidenceDir, incidentId, this.now());
      return { evidenceId, path: relativePath, sha256: written.sha256, size: written.size };
    } catch (error) {
      // a failure before the pipeline started (mkdir, open) would otherwise leave e.g. an HTTP stream open
      (request.source as { destroy?: (error?: Error) => void }).destroy?.();
      await rm(tempPath, { force: true });
      if (finalPath) await rm(finalPath, { force: true });
      const failure = captureFailure(error, { fileName, incidentId, bytesWritten, folder: this.folder });
      // the row points at the (removed) temp file: never at a name a complete artifact may hold
      this.recordFailure(this.row(request, evidenceId, fileName, `${incidentId}/${basename(tempPath)}`, { size: bytesWritten, error: failure.message }), request);
      throw failure;
    }
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

  /** The row and the `acquired` record land together or not at all. */
  private commit(row: EvidenceRow, request: CaptureRequest): void {
    writeTransaction(this.options.db, () => {
      insertEvidence(this.options.db, row);
      this.options.custody.record({
        act: 'acquired',
        actor: this.options.actor,
        subject: request.subject,
        where: request.where,
        how: { ...request.how, step: this.options.stepId },
        artifact: { sha256: row.sha256!, size: row.size, location: row.path, evidenceId: row.id },
        details: { name: row.name, kind: row.kind, media_type: row.media_type },
      });
    });
  }

  /** An incomplete row and a `capture-failed` record: what was tried, how far it got, why it failed. */
  private recordFailure(row: EvidenceRow, request: CaptureRequest): void {
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
      writeManifest(this.options.db, this.options.evidenceDir, this.options.incidentId, this.now());
    } catch {
      // the folder itself may be what failed; the row and the ledger already say what happened,
      // and the capture's own error is the one the responder needs to see
    }
  }
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
