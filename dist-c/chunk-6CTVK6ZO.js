import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  writeTransaction
} from "./chunk-XO2YUCL3.js";
import {
  EVIDENCE_FILE_MODE,
  PRIVATE_DIR_MODE
} from "./chunk-U7K5EBAV.js";
import {
  insertEvidence,
  pathTaken
} from "./chunk-WANTOCUW.js";
import {
  custodyAppender
} from "./chunk-5G4DN3AP.js";
import {
  ActionFailedError,
  DockerUnreachableError,
  EvidenceDiskError,
  IrctlError,
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/evidence/store.js
import { chmod, link, mkdir, open as open2, rm } from "node:fs/promises";
import { basename, join as join2 } from "node:path";

// dist/evidence/hashed-write.js
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
async function writeHashed(source, filePath, options = {}) {
  if (source instanceof Uint8Array)
    return writeWhole(source, filePath, options);
  const hash = createHash("sha256");
  let size = 0;
  const hasher = new Transform({
    transform(chunk, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      options.onBytes?.(size);
      done(null, chunk);
    }
  });
  const writeHandle = await open(filePath, "wx", 384);
  await pipeline(source, hasher, writeHandle.createWriteStream({ highWaterMark: 256 * 1024 }), { signal: options.signal });
  if (options.sync === false)
    return { sha256: hash.digest("hex"), size };
  const syncHandle = await open(filePath, "r");
  try {
    await syncHandle.sync();
  } finally {
    await syncHandle.close();
  }
  return { sha256: hash.digest("hex"), size };
}
async function writeWhole(bytes, filePath, options) {
  options.signal?.throwIfAborted();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const handle = await open(filePath, "wx", 384);
  try {
    await handle.writeFile(bytes);
    options.onBytes?.(bytes.length);
    if (options.sync !== false)
      await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256, size: bytes.length };
}

// dist/evidence/manifest.js
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
var MANIFEST_NAME = "manifest.jsonl";
var MANIFEST_FORMAT = "irctl-evidence-manifest/2";
function artifactLine(row) {
  return {
    type: "artifact",
    evidence_id: row.id,
    name: row.name,
    path: row.path,
    kind: row.kind,
    media_type: row.media_type,
    status: row.status,
    sha256: row.sha256,
    size: row.size,
    step: row.step_id,
    subject: row.subject,
    captured_at: row.captured_at,
    captured_by: row.captured_by,
    ...row.error ? { error: row.error } : {}
  };
}
function appendManifest(evidenceDir, incidentId, lines) {
  const path = join(evidenceDir, incidentId, MANIFEST_NAME);
  if (lines.length === 0)
    return path;
  try {
    const fd2 = openSync(path, "wx", 384);
    try {
      writeSync(fd2, `${JSON.stringify({ format: MANIFEST_FORMAT, incident: incidentId })}
`);
    } finally {
      closeSync(fd2);
    }
  } catch (error) {
    if (error.code !== "EEXIST")
      throw error;
  }
  const fd = openSync(path, "a", 384);
  try {
    writeSync(fd, lines.map((line) => `${JSON.stringify(line)}
`).join(""));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}
function fsyncPath(path) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// dist/evidence/names.js
import { randomBytes } from "node:crypto";
import { extname } from "node:path";
function newEvidenceId(now = /* @__PURE__ */ new Date()) {
  return `ev-${now.getTime().toString(36)}${randomBytes(5).toString("hex")}`;
}
function safeFileName(name) {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 200);
  return cleaned || "artifact";
}
function* uniqueNames(name) {
  yield name;
  const extension = knownExtension(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 2; ; n += 1)
    yield `${stem}-${n}${extension}`;
}
function knownExtension(name) {
  const double = /(\.(?:stdout|stderr|tar)\.[A-Za-z0-9]+)$/.exec(name);
  return double ? double[1] : extname(name);
}
function assertIncidentFolderName(incidentId) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(incidentId)) {
    throw new UsageError(`incident id "${incidentId}" cannot name an evidence folder`, {
      hint: 'incident ids are letters, digits, ".", "_" and "-", starting with a letter or digit'
    });
  }
}

// dist/evidence/store.js
var EvidenceStore = class {
  options;
  folder;
  now;
  folderMade = false;
  // a batch of 800 files need not ask 800 times
  constructor(options) {
    this.options = options;
    assertIncidentFolderName(options.incidentId);
    this.folder = join2(options.evidenceDir, options.incidentId);
    this.now = options.now ?? (() => /* @__PURE__ */ new Date());
  }
  async capture(request) {
    const { incidentId } = this.options;
    const evidenceId = newEvidenceId(this.now());
    const fileName = safeFileName(request.name);
    const tempPath = join2(this.folder, `.${evidenceId}.partial`);
    let bytesWritten = 0;
    let finalPath;
    try {
      await mkdir(this.folder, { recursive: true, mode: PRIVATE_DIR_MODE });
      const written = await writeHashed(request.source, tempPath, {
        signal: this.options.signal,
        onBytes: (bytes) => bytesWritten = bytes
      });
      await chmod(tempPath, EVIDENCE_FILE_MODE);
      const finalName = await this.linkUnique(tempPath, fileName);
      finalPath = join2(this.folder, finalName);
      await rm(tempPath);
      fsyncPath(this.folder);
      const relativePath = `${incidentId}/${finalName}`;
      const row = this.row(request, evidenceId, finalName, relativePath, { sha256: written.sha256, size: written.size });
      this.commit([{ row, request }]);
      appendManifest(this.options.evidenceDir, incidentId, [artifactLine(row)]);
      return { evidenceId, path: relativePath, sha256: written.sha256, size: written.size };
    } catch (error) {
      request.source.destroy?.();
      await rm(tempPath, { force: true });
      if (finalPath)
        await rm(finalPath, { force: true });
      const failure = captureFailure(error, { fileName, incidentId, bytesWritten, folder: this.folder });
      this.recordFailure(this.row(request, evidenceId, fileName, `${incidentId}/${basename(tempPath)}`, { size: bytesWritten, error: failure.message }), request);
      throw failure;
    }
  }
  batch() {
    return new StoreBatch(this);
  }
  notCaptured(entry) {
    if (entry.paths.length === 0)
      return;
    const { incidentId, stepId, actor } = this.options;
    this.options.custody.record({
      act: "not-captured",
      actor,
      subject: entry.subject,
      where: entry.where,
      how: { ...entry.how, step: stepId },
      details: { reason: entry.reason, count: entry.paths.length, paths: entry.paths }
    });
    appendManifest(this.options.evidenceDir, incidentId, [
      { type: "not-captured", step: stepId, subject: entry.subject, reason: entry.reason, paths: entry.paths, at: this.now().toISOString() }
    ]);
  }
  /** @internal the batch's stage: stream and hash into a temp file, no fsync yet. */
  async stage(request) {
    const evidenceId = newEvidenceId(this.now());
    const fileName = safeFileName(request.name);
    const tempPath = join2(this.folder, `.${evidenceId}.partial`);
    let bytesWritten = 0;
    try {
      if (!this.folderMade)
        await mkdir(this.folder, { recursive: true, mode: PRIVATE_DIR_MODE });
      this.folderMade = true;
      const written = await writeHashed(request.source, tempPath, { signal: this.options.signal, sync: false, onBytes: (bytes) => bytesWritten = bytes });
      return { request, evidenceId, fileName, tempPath, sha256: written.sha256, size: written.size };
    } catch (error) {
      request.source.destroy?.();
      await rm(tempPath, { force: true });
      const failure = captureFailure(error, { fileName, incidentId: this.options.incidentId, bytesWritten, folder: this.folder });
      this.recordFailure(this.row(request, evidenceId, fileName, `${this.options.incidentId}/${basename(tempPath)}`, { size: bytesWritten, error: failure.message }), request);
      throw failure;
    }
  }
  /**
   * @internal the batch's commit: fsync every staged file (concurrently: the disk commits them
   * together, one journal flush instead of one per file), name them, sync the folder once, then
   * one transaction for every row and record, one manifest append.
   */
  async commitStaged(staged) {
    const { incidentId } = this.options;
    if (staged.length === 0)
      return [];
    const named = [];
    try {
      await forEachConcurrently(staged, FSYNC_CONCURRENCY, async (file) => {
        const handle = await open2(file.tempPath, "r");
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await chmod(file.tempPath, EVIDENCE_FILE_MODE);
      });
      const linked = await Promise.allSettled(staged.map((file) => this.linkUnique(file.tempPath, file.fileName)));
      linked.forEach((result, index) => {
        if (result.status !== "fulfilled")
          return;
        const file = staged[index];
        named.push({ row: this.row(file.request, file.evidenceId, result.value, `${incidentId}/${result.value}`, file), request: file.request, finalPath: join2(this.folder, result.value) });
      });
      const failed = linked.find((result) => result.status === "rejected");
      if (failed)
        throw failed.reason;
      await Promise.all(staged.map((file) => rm(file.tempPath)));
      fsyncPath(this.folder);
      this.commit(named);
    } catch (error) {
      await Promise.all([...staged.map((file) => rm(file.tempPath, { force: true })), ...named.map((file) => rm(file.finalPath, { force: true }))]);
      const failure = captureFailure(error, { fileName: `${staged.length} staged files`, incidentId, bytesWritten: 0, folder: this.folder });
      for (const file of staged) {
        this.recordFailure(this.row(file.request, file.evidenceId, file.fileName, `${incidentId}/${basename(file.tempPath)}`, { size: file.size, error: failure.message }), file.request);
      }
      throw failure;
    }
    appendManifest(this.options.evidenceDir, incidentId, named.map((file) => artifactLine(file.row)));
    return named.map(({ row }) => ({ evidenceId: row.id, path: row.path, sha256: row.sha256, size: row.size }));
  }
  /** Hard-link the temp file to the first free name: link never replaces an existing file. */
  async linkUnique(tempPath, fileName) {
    for (const candidate of uniqueNames(fileName)) {
      if (pathTaken(this.options.db, `${this.options.incidentId}/${candidate}`))
        continue;
      try {
        await link(tempPath, join2(this.folder, candidate));
        return candidate;
      } catch (error) {
        if (error.code !== "EEXIST")
          throw error;
      }
    }
    throw new Error("unreachable: uniqueNames is infinite");
  }
  row(request, evidenceId, name, path, outcome) {
    const complete = "sha256" in outcome;
    return {
      id: evidenceId,
      incident_id: this.options.incidentId,
      step_id: this.options.stepId,
      name,
      kind: request.kind,
      media_type: request.mediaType ?? "application/octet-stream",
      path,
      sha256: complete ? outcome.sha256 : null,
      size: outcome.size,
      status: complete ? "complete" : "incomplete",
      captured_at: this.now().toISOString(),
      captured_by: this.options.actor,
      subject: request.subject,
      error: complete ? null : outcome.error
    };
  }
  /** The rows and their `acquired` records land together or not at all. */
  commit(captures) {
    writeTransaction(this.options.db, () => {
      for (const { row, request } of captures)
        this.acquired(row, request);
    });
  }
  acquired(row, request) {
    insertEvidence(this.options.db, row);
    this.options.custody.record({
      act: "acquired",
      actor: this.options.actor,
      subject: request.subject,
      where: request.where,
      how: { ...request.how, step: this.options.stepId },
      artifact: { sha256: row.sha256, size: row.size, location: row.path, evidenceId: row.id },
      details: { name: row.name, kind: row.kind, media_type: row.media_type }
    });
  }
  /** An incomplete row and a `capture-failed` record: what was tried, how far it got, why it failed. */
  recordFailure(row, request) {
    writeTransaction(this.options.db, () => {
      insertEvidence(this.options.db, row);
      this.options.custody.record({
        act: "capture-failed",
        actor: this.options.actor,
        subject: request.subject,
        where: request.where,
        how: { ...request.how, step: this.options.stepId },
        details: { evidence_id: row.id, name: row.name, kind: row.kind, bytes_written: row.size, error: row.error ?? "" }
      });
    });
    try {
      appendManifest(this.options.evidenceDir, this.options.incidentId, [artifactLine(row)]);
    } catch {
    }
  }
};
var FSYNC_CONCURRENCY = 16;
var StoreBatch = class {
  store;
  /** In the order add() was called, whichever finished staging first: adds may run side by side. */
  files = [];
  added = 0;
  bytes = 0;
  constructor(store) {
    this.store = store;
  }
  get staged() {
    return this.files.length;
  }
  get stagedBytes() {
    return this.bytes;
  }
  async add(request) {
    const order = this.added++;
    const staged = await this.store.stage(request);
    this.files.push({ order, staged });
    this.bytes += staged.size;
  }
  async commit() {
    const files = this.files.sort((a, b) => a.order - b.order).map((file) => file.staged);
    this.files = [];
    this.bytes = 0;
    return this.store.commitStaged(files);
  }
  async discard() {
    const files = this.files;
    this.files = [];
    this.bytes = 0;
    await Promise.all(files.map((file) => rm(file.staged.tempPath, { force: true })));
  }
};
async function forEachConcurrently(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length)
      await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
var CONNECTION_CUT = /* @__PURE__ */ new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE", "ECONNREFUSED"]);
var DISK_FULL = /* @__PURE__ */ new Set(["ENOSPC", "EDQUOT"]);
function captureFailure(error, at) {
  if (error instanceof IrctlError)
    return error;
  const { fileName, incidentId, bytesWritten, folder } = at;
  const code = error.code ?? "";
  const after = `capture of "${fileName}" for incident ${incidentId} stopped after ${bytesWritten} bytes`;
  const kept = "the partial file was removed and the attempt recorded (capture-failed)";
  if (DISK_FULL.has(code)) {
    return new EvidenceDiskError(`the evidence disk is full: free ${Math.max(bytesWritten, 1)} bytes in ${folder}, then irctl resume ${incidentId}`, {
      hint: `${after}; ${kept}. Free space there (or move the evidence directory), then irctl resume ${incidentId} retries the step in the same incident`,
      cause: error,
      details: { code, folder, bytes_written: bytesWritten }
    });
  }
  if (code === "EIO") {
    return new EvidenceDiskError(`the evidence disk failed (EIO) writing in ${folder}: check the disk, then irctl resume ${incidentId}`, {
      hint: `${after}; ${kept}`,
      cause: error,
      details: { code, folder, bytes_written: bytesWritten }
    });
  }
  if (CONNECTION_CUT.has(code) || error.message === "aborted") {
    return new DockerUnreachableError(`the connection to the Docker engine was cut (${code || "aborted"}) during the ${after}`, {
      hint: `${kept}. Once the engine answers again (docker version), irctl resume ${incidentId} retries the step in the same incident`,
      cause: error,
      details: { code, bytes_written: bytesWritten }
    });
  }
  const why = error.name === "AbortError" ? "the step was aborted" : error.message ?? String(error);
  return new ActionFailedError(`capture of "${fileName}" for incident ${incidentId} failed after ${bytesWritten} bytes: ${why}`, {
    hint: `the partial file was removed and the attempt recorded as incomplete; re-run the step once the cause is fixed (irctl evidence ls ${incidentId})`,
    cause: error
  });
}

// dist/engine/action-context.js
function buildActionContext(options) {
  const custody = custodyAppender(options.services.db, options.incidentId);
  return {
    params: options.params,
    incidentId: options.incidentId,
    stepId: options.stepId,
    attempt: options.attempt,
    visit: options.visit ?? 1,
    actor: options.actor,
    ...options.scope ? { scope: options.scope } : {},
    services: options.services,
    custody,
    evidence: new EvidenceStore({
      db: options.services.db,
      evidenceDir: options.services.evidenceDir,
      incidentId: options.incidentId,
      stepId: options.stepId,
      actor: options.actor,
      custody,
      signal: options.signal
    }),
    log: options.log.child({ incidentId: options.incidentId, stepId: options.stepId }),
    signal: options.signal,
    progress: options.progress ?? { update: () => void 0 }
  };
}

export {
  buildActionContext
};
