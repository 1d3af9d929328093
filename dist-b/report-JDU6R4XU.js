import {
  CHECKPOINT_DIR,
  EVIDENCE_DIR,
  LEDGER_PATH,
  MANIFEST_PATH,
  PUBLIC_KEY_PATH,
  assertWritableTarget,
  checkBinding,
  evidenceAsOfSeq,
  isSafeBundlePath,
  validateManifest
} from "./chunk-S3Y6QXP3.js";
import {
  recordExport
} from "./chunk-L4PYR2WM.js";
import {
  findCosignatures,
  parseWitnessPublicKey,
  readCheckpointFile
} from "./chunk-S6ZK2NAJ.js";
import {
  buildReport,
  reportJsonSchema
} from "./chunk-4I2CUKCE.js";
import "./chunk-JMMGUXVQ.js";
import {
  verifyCustody
} from "./chunk-KT6XSSTL.js";
import {
  REPORT_FORMATS,
  parseReportFormat,
  renderReport
} from "./chunk-7P6UVESU.js";
import "./chunk-EBT4LAK7.js";
import {
  annotateIncident
} from "./chunk-DSDNAXDN.js";
import "./chunk-PPE2D4RA.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import {
  parseCheckpoint,
  parsePublicKey,
  parseTrustFile
} from "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import "./chunk-H6XEEHUO.js";
import {
  plural
} from "./chunk-ZGDHL663.js";
import "./chunk-R7BDC3QQ.js";
import "./chunk-NTHYNA2H.js";
import {
  checkArtifactHashes
} from "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import {
  RECORD_COLUMNS,
  insertRecord,
  recordFromRow
} from "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson
} from "./chunk-NULSSLA3.js";
import "./chunk-GCLPYPTX.js";
import {
  openStore
} from "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import {
  parseFileMode
} from "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import {
  loadConfig,
  resolvePaths
} from "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import {
  IntegrityError,
  IrctlError,
  NotFoundError,
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/cli/commands/report/annotate.js
import { Command } from "commander";
function incidentAnnotateCommand() {
  return new Command("annotate").description("fill in the post-incident review (root cause, what went well, what to change, controls to update); shown in every report").argument("<incident>", "incident id").option("--root-cause <text>", "what caused the incident").option("--went-well <text>", "what went well in the response").option("--to-change <text>", "what to change next time").option("--controls <text>", "controls to update").action((incidentId, options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const review = annotateIncident(services.db, incidentId, services.actor, options);
      if (output.json)
        return printJson(output, review);
      output.out(`review of ${incidentId} updated by ${services.actor}; it appears in: irctl report ${incidentId}`);
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/report/export.js
import { Command as Command2 } from "commander";
function exportCommand() {
  return new Command2("export").description("write the verifiable evidence bundle (.tar.gz): reports, evidence files, ledger, checkpoints, public key, manifest; print the bundle's signed checkpoint on stdout for the receiver to pin").argument("<incident>", "incident id").requiredOption("-o, --output <file>", "the bundle to write, e.g. incident.tar.gz").option("--mode <octal>", "file mode of the bundle", "600").action(async (incidentId, options, command) => {
    const mode = parseFileMode(options.mode);
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const { exportBundle } = await import("./bundle-JRLUGJOQ.js");
      const bundle = await exportBundle({
        db: services.db,
        incidentId,
        outFile: options.output,
        evidenceDir: services.paths.evidenceDir,
        home: services.paths.home,
        actor: services.actor,
        mode
      });
      if (output.json)
        return printJson(output, bundle);
      if (bundle.checkpoint)
        output.out(bundle.checkpoint.note);
      output.err(`wrote ${bundle.path}: ${bundle.files} files, ${bundle.size} bytes`);
      output.err(`sha256 ${bundle.sha256}  (custody record ${bundle.transfer.seq} on this host: transferred)`);
      if (!bundle.checkpoint)
        return output.err("the bundle holds no custody records, so no checkpoint pins it");
      output.err(`keep the checkpoint on stdout (it pins the bundle's ${plural(bundle.checkpoint.count, "custody record")}) and the sha256 outside this host; the receiver checks the bundle with: irctl verify-bundle ${bundle.path} --pubkey custody.pub --checkpoint bundle-head.txt`);
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/report/report.js
import { Command as Command3, Option } from "commander";
import { createHash } from "node:crypto";
import { chmod, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
function reportCommand() {
  return new Command3("report").description("write the post-incident report (Markdown, HTML or JSON); recorded in custody as an export and signed").argument("[incident]", "incident id").addOption(new Option("-f, --format <format>", "md | html | json").choices([...REPORT_FORMATS]).default("md")).option("-o, --output <file>", "write to FILE instead of stdout").option("--mode <octal>", "file mode of the written report", "600").option("--schema", "print the JSON Schema of the JSON report (docs/report.schema.json) and exit").action(async (incidentId, options, command) => {
    const output = commandOutput(command);
    if (options.schema)
      return printJson(output, reportJsonSchema());
    if (!incidentId)
      throw new UsageError("name the incident to report on", { hint: "irctl report <incident> --format md|html|json [-o FILE]" });
    const format = parseReportFormat(options.format);
    const file = options.output === void 0 ? void 0 : resolve(options.output);
    if (file)
      await assertWritableTarget(file, "report");
    const mode = parseFileMode(options.mode ?? "600");
    const services = servicesFor(command);
    try {
      const report = await buildReport(services.db, {
        incidentId,
        evidenceDir: services.paths.evidenceDir,
        home: services.paths.home,
        generatedBy: services.actor
      });
      const content = renderReport(report, format);
      if (file) {
        await writeFile(file, content, { mode }).then(() => chmod(file, mode)).catch((error) => {
          throw new UsageError(`cannot write the report to ${file}: ${error.message}`, { hint: "choose another path with -o FILE", cause: error });
        });
      } else {
        output.out(content);
      }
      const bytes = Buffer.from(content);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (!report.custody.ok) {
        throw new IntegrityError(`the custody chain of ${incidentId} does not verify: the report ${file ? `in ${file} ` : ""}shows what failed, and no export was recorded`, {
          hint: `irctl custody verify ${incidentId}`
        });
      }
      if (!file) {
        output.err(`printed the ${format} report (${bytes.length} bytes, sha256 ${sha256}) as a preview; nothing was recorded \u2014 write it with -o FILE to record an export`);
        return;
      }
      const exported = recordExport(services.db, services.paths.home, incidentId, {
        act: "exported",
        actor: services.actor,
        subject: `report:${format}`,
        details: { format, file, sha256, size: bytes.length }
      });
      if (output.json)
        return printJson(output, { file, format, sha256, size: bytes.length, custodySeq: exported.seq, checkpoint: exported.checkpoint });
      output.err(`wrote ${file} (${bytes.length} bytes, sha256 ${sha256}); custody record ${exported.seq} (exported), checkpoint of ${exported.checkpoint.count} records signed by key ${exported.checkpoint.keyId}`);
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/report/verify-bundle.js
import { Command as Command4 } from "commander";
import { existsSync, readFileSync } from "node:fs";

// dist/report/bundle-verify.js
import { stat } from "node:fs/promises";
import { z } from "zod";

// dist/report/bundle-stream.js
import { createHash as createHash2, hash as hashOnce } from "node:crypto";
import { closeSync, createReadStream, mkdirSync, openSync, readdirSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { createGunzip } from "node:zlib";

// dist/report/tar-reader.js
var BLOCK = 512;
var MAX_META_BYTES = 1024 * 1024;
var TYPES = {
  "0": "File",
  "\0": "OldFile",
  "7": "ContiguousFile",
  "1": "Link",
  "2": "SymbolicLink",
  "3": "CharacterDevice",
  "4": "BlockDevice",
  "5": "Directory",
  "6": "FIFO"
};
var TarFormatError = class extends Error {
};
var TarReader = class {
  onEntry;
  header = Buffer.alloc(BLOCK);
  headerFill = 0;
  remaining = 0;
  // data bytes of the current entry still to come
  padding = 0;
  // bytes after it up to the next block
  sink;
  current;
  meta;
  pending = {};
  zeroBlocks = 0;
  finished = false;
  /** `onEntry` sees each entry's header and returns where its bytes go (or nothing, to skip them). */
  constructor(onEntry) {
    this.onEntry = onEntry;
  }
  /** True once the end-of-archive marker (two zero blocks) has been read; later bytes are ignored. */
  get ended() {
    return this.finished;
  }
  write(chunk) {
    let offset = 0;
    while (offset < chunk.length && !this.finished) {
      if (this.remaining > 0) {
        const take2 = Math.min(this.remaining, chunk.length - offset);
        this.passData(chunk.subarray(offset, offset + take2));
        offset += take2;
        this.remaining -= take2;
        if (this.remaining === 0)
          this.endEntry();
        continue;
      }
      if (this.padding > 0) {
        const skip = Math.min(this.padding, chunk.length - offset);
        offset += skip;
        this.padding -= skip;
        continue;
      }
      if (this.headerFill === 0 && chunk.length - offset >= BLOCK) {
        this.readHeader(chunk, offset);
        offset += BLOCK;
        continue;
      }
      const take = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + take);
      this.headerFill += take;
      offset += take;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader(this.header, 0);
      }
    }
  }
  /** The input is over: throws unless it stopped at an entry boundary. */
  end() {
    if (this.finished)
      return;
    if (this.remaining > 0 || this.headerFill > 0 || this.meta || this.hasPending()) {
      const where = this.current ? ` inside ${JSON.stringify(this.current.path)}` : "";
      throw new TarFormatError(`the archive ends in the middle of an entry${where}`);
    }
    this.finished = true;
  }
  hasPending() {
    return this.pending.path !== void 0 || this.pending.linkpath !== void 0 || this.pending.size !== void 0;
  }
  readHeader(block, at) {
    if (isZero(block, at)) {
      if (this.meta || this.hasPending())
        throw new TarFormatError("metadata (a pax or long-name header) is followed by the end of the archive");
      this.zeroBlocks += 1;
      if (this.zeroBlocks === 2)
        this.finished = true;
      return;
    }
    if (this.zeroBlocks > 0)
      throw new TarFormatError("an entry follows a zero block: the archive is damaged or has been appended to");
    checkChecksum(block, at);
    const flag = String.fromCharCode(block[at + 156]);
    const size = this.pending.size ?? parseNumber(block, at + 124, 12, "size");
    if (flag === "x" || flag === "g" || flag === "L" || flag === "K") {
      if (size > MAX_META_BYTES)
        throw new TarFormatError(`a ${size}-byte metadata entry: more than any archive writer produces`);
      const kind = flag === "x" ? "pax" : flag === "g" ? "global" : flag === "L" ? "longname" : "longlink";
      this.meta = { kind, parts: [] };
      this.current = void 0;
      this.startData(size);
      return;
    }
    const ustar = block[at + 257] === 117 && block[at + 262] === 0 && block.toString("latin1", at + 257, at + 262) === "ustar";
    const name = cString(block, at, 100);
    const prefix = ustar ? cString(block, at + 345, 155) : "";
    const header = {
      path: this.pending.path ?? (prefix ? `${prefix}/${name}` : name),
      type: TYPES[flag] ?? "Unsupported",
      flag,
      size,
      linkpath: this.pending.linkpath ?? cString(block, at + 157, 100)
    };
    this.pending = {};
    if (size > 0 && header.type !== "File" && header.type !== "OldFile" && header.type !== "ContiguousFile")
      throw new TarFormatError(`${JSON.stringify(header.path)} is a ${header.type === "Unsupported" ? `type ${JSON.stringify(flag)}` : header.type} entry with ${size} bytes of data`);
    this.current = header;
    this.sink = this.onEntry(header);
    this.startData(header.size);
  }
  startData(size) {
    this.remaining = size;
    this.padding = (BLOCK - size % BLOCK) % BLOCK;
    if (size === 0)
      this.endEntry();
  }
  passData(data) {
    if (this.meta) {
      this.meta.parts.push(Buffer.from(data));
    } else {
      this.sink?.data(data);
    }
  }
  endEntry() {
    if (this.meta) {
      const { kind, parts } = this.meta;
      this.meta = void 0;
      const body = Buffer.concat(parts);
      if (kind === "pax")
        Object.assign(this.pending, parsePax(body));
      else if (kind === "global")
        refuseGlobalNames(parsePax(body));
      else if (kind === "longname")
        this.pending.path = cString(body, 0, body.length);
      else
        this.pending.linkpath = cString(body, 0, body.length);
      return;
    }
    const sink = this.sink;
    this.sink = void 0;
    this.current = void 0;
    sink?.end();
  }
};
function isZero(block, at) {
  for (let i = at; i < at + BLOCK; i += 1)
    if (block[i] !== 0)
      return false;
  return true;
}
function cString(buffer, start, length) {
  let end = start;
  let ascii = true;
  for (const limit = start + length; end < limit; end += 1) {
    const byte = buffer[end];
    if (byte === 0)
      break;
    if (byte > 127)
      ascii = false;
  }
  return buffer.toString(ascii ? "latin1" : "utf8", start, end);
}
function parseNumber(block, start, length, what) {
  const first = block[start];
  if (first & 128) {
    if (first === 255)
      throw new TarFormatError(`the ${what} field is negative`);
    let value2 = first & 127;
    for (let i2 = start + 1; i2 < start + length; i2 += 1)
      value2 = value2 * 256 + block[i2];
    if (!Number.isSafeInteger(value2))
      throw new TarFormatError(`the ${what} field is too large`);
    return value2;
  }
  const end = start + length;
  let i = start;
  while (i < end && block[i] === 32)
    i += 1;
  let value = 0;
  for (; i < end && block[i] >= 48 && block[i] <= 55; i += 1)
    value = value * 8 + (block[i] - 48);
  for (; i < end; i += 1) {
    if (block[i] !== 0 && block[i] !== 32) {
      throw new TarFormatError(`the ${what} field ${JSON.stringify(block.toString("latin1", start, end).replace(/\0+$/, ""))} is not an octal number`);
    }
  }
  return value;
}
function checkChecksum(block, at) {
  const recorded = parseNumber(block, at + 148, 8, "checksum");
  let unsigned = 0;
  for (let i = at; i < at + BLOCK; i += 1)
    unsigned += block[i];
  let field = 0;
  for (let i = at + 148; i < at + 156; i += 1)
    field += block[i];
  unsigned += 8 * 32 - field;
  if (recorded === unsigned)
    return;
  let high = 0;
  for (let i = at; i < at + BLOCK; i += 1)
    if (block[i] > 127 && (i < at + 148 || i >= at + 156))
      high += 1;
  if (recorded !== unsigned - 256 * high)
    throw new TarFormatError("a header fails its checksum");
}
function parsePax(body) {
  const meta = {};
  let offset = 0;
  while (offset < body.length) {
    if (body[offset] === 0)
      break;
    const space = body.indexOf(32, offset);
    const lengthText = space === -1 ? "" : body.toString("latin1", offset, space);
    const length = /^[1-9][0-9]{0,7}$/.test(lengthText) ? Number(lengthText) : NaN;
    if (!Number.isFinite(length) || offset + length > body.length || body[offset + length - 1] !== 10)
      throw new TarFormatError("a pax header record is malformed");
    const record = body.toString("utf8", space + 1, offset + length - 1);
    const equals = record.indexOf("=");
    if (equals <= 0)
      throw new TarFormatError("a pax header record has no key");
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === "path")
      meta.path = value;
    else if (key === "linkpath")
      meta.linkpath = value;
    else if (key === "size") {
      if (!/^[0-9]{1,16}$/.test(value) || !Number.isSafeInteger(Number(value)))
        throw new TarFormatError(`a pax size ${JSON.stringify(value)} is not a size`);
      meta.size = Number(value);
    } else if (key.startsWith("GNU.sparse."))
      throw new TarFormatError("a sparse file (GNU.sparse pax records): not something a bundle holds");
    offset += length;
  }
  return meta;
}
function refuseGlobalNames(meta) {
  if (meta.path !== void 0 || meta.linkpath !== void 0 || meta.size !== void 0)
    throw new TarFormatError("a global pax header sets a path, link or size for every later entry");
}

// dist/report/bundle-stream.js
var MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
var REGULAR = /* @__PURE__ */ new Set(["File", "OldFile", "ContiguousFile"]);
function declaredBudget(manifest, manifestSize) {
  const entry = (size) => 3 * 512 + Math.ceil(size / 512) * 512;
  return manifest.files.reduce((sum, file) => sum + entry(file.size), entry(manifestSize)) + 64 * 1024;
}
async function streamBundle(bundleFile, options = {}) {
  await assertGzip(bundleFile);
  if (options.extractDir)
    prepareExtractDir(options.extractDir);
  const problems = [];
  const files = /* @__PURE__ */ new Map();
  const seen = /* @__PURE__ */ new Set();
  let manifest;
  let listedFiles = /* @__PURE__ */ new Map();
  let budget = MAX_MANIFEST_BYTES + 4096;
  let bytes = 0;
  let first = true;
  let stopped = false;
  const openFds = /* @__PURE__ */ new Set();
  const results = { files, problems, openFds };
  const stop = (problem) => {
    problems.push(problem);
    stopped = true;
    for (const fd of openFds)
      closeSync(fd);
    openFds.clear();
  };
  const onEntry = (entry) => {
    const path = entry.path;
    if (first) {
      first = false;
      if (path !== MANIFEST_PATH || !REGULAR.has(entry.type) || entry.size > MAX_MANIFEST_BYTES) {
        stop({
          kind: "manifest",
          path: MANIFEST_PATH,
          message: `the first entry is ${JSON.stringify(path)}, not ${MANIFEST_PATH}: a bundle starts with its manifest, which says what may follow; nothing else was read`
        });
        return void 0;
      }
      const chunks = [];
      return {
        data: (chunk) => chunks.push(Buffer.from(chunk)),
        end: () => {
          const text = Buffer.concat(chunks);
          const read = parseManifest(text.toString("utf8"), problems);
          if (!read)
            return stop({ kind: "manifest", path: MANIFEST_PATH, message: "the manifest cannot be read, so nothing in the bundle can be checked; stopped" });
          ({ manifest, byPath: listedFiles } = read);
          budget = declaredBudget(manifest, text.length);
        }
      };
    }
    if (!manifest)
      return void 0;
    const skip = (problem) => void problems.push(problem);
    if (entry.type === "Directory") {
      const name = path.replace(/\/+$/, "");
      if (!isSafeBundlePath(name))
        skip({ kind: "unsafe-path", path, message: `directory entry ${JSON.stringify(path)} is not a plain relative path` });
      return void 0;
    }
    if (entry.type === "SymbolicLink" || entry.type === "Link") {
      const what = entry.type === "SymbolicLink" ? "a symbolic link" : "a hard link";
      return skip({
        kind: "link",
        path,
        message: `${JSON.stringify(path)} is ${what} to ${JSON.stringify(entry.linkpath)}: a bundle holds regular files only`
      });
    }
    if (!REGULAR.has(entry.type)) {
      const type = entry.type === "Unsupported" ? `type ${JSON.stringify(entry.flag)}` : entry.type;
      return skip({ kind: "special-file", path, message: `${JSON.stringify(path)} is a ${type} entry: a bundle holds regular files only` });
    }
    const listed = path === MANIFEST_PATH ? void 0 : listedFiles.get(path);
    if (!listed && !isSafeBundlePath(path))
      return skip({ kind: "unsafe-path", path, message: `${JSON.stringify(path)} is not a plain relative path (absolute, "..", or unexpected characters)` });
    if (seen.has(path) || path === MANIFEST_PATH)
      return skip({ kind: "duplicate", path, message: `${path} appears more than once in the archive; only the first copy was checked` });
    seen.add(path);
    if (!listed)
      return skip({ kind: "added", path, message: `${path} is in the bundle but not in the manifest` });
    if (entry.size !== listed.size) {
      return skip({ kind: "mismatch", path, message: `${path} is ${entry.size} bytes in the archive, the manifest says ${listed.size}` });
    }
    const consumer = options.consumerFor?.(path, manifest);
    const fd = options.extractDir ? openExtractTarget(options.extractDir, path) : void 0;
    if (fd !== void 0)
      openFds.add(fd);
    return new EntryCheck(path, listed, consumer, fd, results);
  };
  await readArchive(bundleFile, new TarReader(onEntry), () => stopped, (count) => {
    bytes += count;
    if (bytes > budget) {
      stop({
        kind: "too-large",
        path: null,
        message: manifest ? `the archive unpacks past the ${budget} bytes its manifest declares (its files plus tar headers): stopped reading there (a decompression bomb, or data the manifest does not list)` : `the manifest entry runs past ${MAX_MANIFEST_BYTES} bytes: stopped reading`
      });
    }
  });
  if (!stopped && manifest) {
    for (const file of manifest.files) {
      if (!seen.has(file.path))
        problems.push({ kind: "missing", path: file.path, message: `${file.path} is listed in the manifest but missing from the bundle` });
    }
  }
  if (!stopped && !manifest && problems.length === 0)
    problems.push({ kind: "missing", path: MANIFEST_PATH, message: "manifest.json is missing: nothing says what the bundle should hold" });
  return { manifest, files, problems, bytes };
}
var EntryCheck = class {
  path;
  listed;
  consumer;
  fd;
  into;
  hash;
  whole;
  // a small entry arrives in one piece and is hashed in one call
  constructor(path, listed, consumer, fd, into) {
    this.path = path;
    this.listed = listed;
    this.consumer = consumer;
    this.fd = fd;
    this.into = into;
  }
  data(chunk) {
    if (!this.hash && this.whole === void 0 && chunk.length === this.listed.size)
      this.whole = hashOnce("sha256", chunk);
    else
      (this.hash ??= createHash2("sha256")).update(chunk);
    this.consumer?.data(chunk);
    if (this.fd !== void 0)
      writeSync(this.fd, chunk);
  }
  end() {
    if (this.fd !== void 0 && this.into.openFds.delete(this.fd))
      closeSync(this.fd);
    this.consumer?.end();
    const sha256 = this.whole ?? (this.hash ?? createHash2("sha256")).digest("hex");
    this.into.files.set(this.path, { size: this.listed.size, sha256 });
    if (sha256 !== this.listed.sha256)
      this.into.problems.push({ kind: "mismatch", path: this.path, message: `${this.path} has SHA-256 ${sha256}, the manifest says ${this.listed.sha256}` });
  }
};
function parseManifest(text, problems) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push({ kind: "manifest", path: MANIFEST_PATH, message: `manifest.json is not JSON: ${error.message}` });
    return void 0;
  }
  const parsed = validateManifest(raw);
  if ("issue" in parsed) {
    problems.push({ kind: "manifest", path: MANIFEST_PATH, message: `manifest.json is malformed: ${parsed.issue}` });
    return void 0;
  }
  const byPath = /* @__PURE__ */ new Map();
  for (const file of parsed.manifest.files) {
    if (byPath.has(file.path))
      problems.push({ kind: "duplicate", path: file.path, message: `${file.path} is listed twice in the manifest` });
    else
      byPath.set(file.path, file);
  }
  return { manifest: parsed.manifest, byPath };
}
async function readArchive(bundleFile, reader, stopped, onBytes) {
  const damaged = (why, error) => new UsageError(`${bundleFile} is not a readable bundle: ${why}: ${error.message}`, {
    hint: "the file is truncated or corrupt; copy it again from its source and compare its SHA-256 with the transferred record"
  });
  const input = createReadStream(bundleFile, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  let readError;
  input.on("error", (error) => {
    readError = error;
    gunzip.destroy(error);
  });
  input.pipe(gunzip);
  const read = (feed) => {
    try {
      feed();
    } catch (error) {
      throw error instanceof TarFormatError ? damaged("the tar stream is damaged", error) : error;
    }
  };
  const chunks = gunzip[Symbol.asyncIterator]();
  try {
    for (; ; ) {
      let next;
      try {
        next = await chunks.next();
      } catch (error) {
        throw damaged(readError ? "it cannot be read" : "the gzip stream is damaged", error);
      }
      if (next.done)
        break;
      onBytes(next.value.length);
      if (stopped())
        return;
      read(() => reader.write(next.value));
      if (stopped())
        return;
    }
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  read(() => reader.end());
}
async function assertGzip(bundleFile) {
  const handle = await open(bundleFile, "r");
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    if (bytesRead < 2 || magic[0] !== 31 || magic[1] !== 139) {
      throw new UsageError(`${bundleFile} is not a gzip file, so not an irctl bundle`, { hint: "irctl export <incident> -o FILE.tar.gz writes one" });
    }
  } finally {
    await handle.close();
  }
}
function prepareExtractDir(dir) {
  mkdirSync(dir, { recursive: true, mode: 448 });
  if (readdirSync(dir).length > 0)
    throw new UsageError(`--extract directory ${dir} is not empty`, { hint: "give a new or empty directory: nothing is ever overwritten" });
}
function openExtractTarget(dir, path) {
  const segments = path.split("/");
  mkdirSync(join(dir, ...segments.slice(0, -1)), { recursive: true, mode: 448 });
  return openSync(join(dir, ...segments), "wx", 384);
}

// dist/report/bundle-verify.js
var jsonObject = z.record(z.string(), z.json()).nullable();
var ledgerLineSchema = z.object({
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
  hash: z.string()
}).strict();
async function verifyBundle(bundleFile, options = {}) {
  try {
    if (!(await stat(bundleFile)).isFile())
      throw new NotFoundError(`${bundleFile} is not a file`);
  } catch (error) {
    if (error instanceof IrctlError)
      throw error;
    throw new NotFoundError(`bundle ${bundleFile} not found`, { hint: "give the path of the .tar.gz that irctl export wrote" });
  }
  const db = openStore(":memory:");
  try {
    return await verifyStream(bundleFile, db, options);
  } finally {
    db.close();
  }
}
async function verifyStream(bundleFile, db, options) {
  const problems = [];
  const warnings = [];
  const texts = /* @__PURE__ */ new Map();
  let ledger;
  const streamed = await streamBundle(bundleFile, {
    extractDir: options.extractDir,
    consumerFor: (path, manifest2) => {
      if (path === LEDGER_PATH)
        return ledger = new LedgerLoader(db, manifest2.incident, problems);
      if (path === PUBLIC_KEY_PATH || path.startsWith(CHECKPOINT_DIR))
        return textConsumer((text) => texts.set(path, text));
      return void 0;
    }
  });
  const { manifest, files } = streamed;
  problems.unshift(...streamed.problems);
  const incidentId = manifest?.incident ?? null;
  const records = ledger?.records ?? 0;
  if (manifest && !files.has(LEDGER_PATH) && !problems.some((p) => p.path === LEDGER_PATH)) {
    problems.push({ kind: "missing", path: LEDGER_PATH, message: "the custody ledger is missing from the bundle" });
  }
  if (manifest && ledger && records !== manifest.ledgerRecords) {
    problems.push({ kind: "ledger", path: LEDGER_PATH, message: `the ledger holds ${records} records, the manifest says ${manifest.ledgerRecords}` });
  }
  const key = resolveKey(texts.get(PUBLIC_KEY_PATH), options, problems, warnings);
  const notes = [...texts.entries()].filter(([path]) => path.startsWith(CHECKPOINT_DIR)).sort(([a], [b]) => a < b ? -1 : 1).map(([label, text]) => ({ label, text }));
  let headHash = null;
  if (incidentId && manifest && ledger) {
    const last = lastRecord(db, incidentId);
    const asOf = evidenceAsOfSeq(last);
    const lookup = (location) => files.get(`${EVIDENCE_DIR}${location}`);
    if (!key && notes.length > 0)
      problems.push({ kind: "key", path: PUBLIC_KEY_PATH, message: "no public key to check the checkpoint signatures with (none bundled, none pinned)" });
    const custody = await verifyCustody(db, {
      incidentId,
      evidenceDir: "(bundle)",
      publicKey: key?.key,
      externalCheckpoints: key ? [...notes, ...options.externalCheckpoints ?? []] : [],
      checkArtifacts: async (claims) => checkArtifactHashes(incidentId, claims.filter((claim) => claim.seq <= asOf), lookup, "the bundle")
    });
    for (const problem of custody.problems) {
      const where = problem.seq === null ? "" : `record ${problem.seq}: `;
      problems.push({
        kind: "custody",
        path: custodyPath(problem.message),
        message: `${where}[${problem.kind}] ${problem.message}`,
        custodyKind: problem.kind
      });
    }
    headHash = custody.headHash;
    problems.push(...unrecordedEvidence(files, db));
    problems.push(...unsignedTail(notes, records));
    problems.push(...checkBinding(manifest, last));
  }
  const cosignatures = checkCosignatures(options.witnessKeys ?? [], [...notes, ...options.externalCheckpoints ?? []], problems);
  if (key?.source === "embedded" && !options.trustEmbeddedKey)
    problems.push(unanchored(key.key));
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
    anchored: key !== void 0 && key.source !== "embedded",
    cosignatures,
    problems,
    warnings
  };
}
function checkCosignatures(witnesses, notes, problems) {
  const { found, missing } = findCosignatures(witnesses, notes);
  for (const m of missing)
    problems.push({ kind: "cosignature", path: m.checkpoint?.startsWith(CHECKPOINT_DIR) ? m.checkpoint : null, message: m.message });
  return found;
}
function textConsumer(done) {
  const chunks = [];
  return { data: (chunk) => void chunks.push(chunk), end: () => done(Buffer.concat(chunks).toString("utf8")) };
}
var LedgerLoader = class {
  db;
  incidentId;
  problems;
  records = 0;
  rest = "";
  line = 0;
  constructor(db, incidentId, problems) {
    this.db = db;
    this.incidentId = incidentId;
    this.problems = problems;
  }
  data(chunk) {
    const lines = (this.rest + chunk.toString("utf8")).split("\n");
    this.rest = lines.pop() ?? "";
    this.db.transaction(() => lines.forEach((line) => this.add(line)))();
  }
  end() {
    if (this.rest.trim() !== "")
      this.add(this.rest);
    this.rest = "";
  }
  add(line) {
    this.line++;
    if (line.trim() === "")
      return;
    const problem = (message) => void this.problems.push({ kind: "ledger", path: LEDGER_PATH, message: `line ${this.line} of the ledger ${message}` });
    let parsed;
    try {
      parsed = ledgerLineSchema.safeParse(JSON.parse(line));
    } catch (error) {
      return problem(`is not JSON: ${error.message}`);
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(`is not a custody record: ${issue?.path.join(".") || "(line)"}: ${issue?.message}`);
    }
    const record = parsed.data;
    if (record.incidentId !== this.incidentId)
      return problem(`holds record ${record.seq} of incident ${record.incidentId}, not ${this.incidentId}`);
    try {
      insertRecord(this.db, record);
    } catch (error) {
      if (error.code !== "SQLITE_CONSTRAINT_UNIQUE")
        throw error;
      return problem(`repeats record ${record.seq}`);
    }
    this.records++;
  }
};
function lastRecord(db, incidentId) {
  const row = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1`).get(incidentId);
  return row ? recordFromRow(row) : void 0;
}
function resolveKey(bundled, options, problems, warnings) {
  let bundledKey;
  if (bundled !== void 0) {
    try {
      bundledKey = parsePublicKey(bundled);
    } catch (error) {
      if (!(error instanceof IrctlError))
        throw error;
      problems.push({ kind: "key", path: PUBLIC_KEY_PATH, message: `the bundled public key cannot be read: ${error.message}` });
    }
  }
  const pinned = options.pinnedKey;
  if (pinned) {
    if (bundledKey && bundledKey.keyId !== pinned.keyId) {
      warnings.push(`the bundle carries key ${bundledKey.keyId}, not the pinned key ${pinned.keyId}; signatures were checked against the pinned key`);
    }
    return { key: pinned, source: "pinned" };
  }
  if (!bundledKey)
    return void 0;
  if (options.trustedKeys?.some((trusted) => trusted.keyId === bundledKey.keyId))
    return { key: bundledKey, source: "trust-file" };
  warnings.push(`checkpoint signatures were checked against the public key inside the bundle (${bundledKey.keyId}): that proves the bundle is consistent, not who made it. Pin the signer's key, obtained out of band, with --pubkey FILE (irctl custody pubkey on the signing host prints it).`);
  return { key: bundledKey, source: "embedded" };
}
function unanchored(key) {
  return {
    kind: "unverified",
    path: PUBLIC_KEY_PATH,
    message: `UNVERIFIED: the bundle's own key vouches for it (key ${key.keyId}); a forger re-signing a rewritten bundle with a fresh key looks the same. Pin the signer's key with --pubkey FILE (or list it in custody.trust_file), or pass --trust-embedded-key to accept consistency alone`
  };
}
var custodyPath = (message) => {
  const file = /evidence file (\S+)/.exec(message)?.[1];
  if (file)
    return `${EVIDENCE_DIR}${file}`;
  return /^external checkpoint (\S+):/.exec(message)?.[1] ?? LEDGER_PATH;
};
function unrecordedEvidence(files, db) {
  const rows = db.prepare("SELECT DISTINCT artifact_location AS location FROM custody_records WHERE artifact_location IS NOT NULL").all();
  const claimed = new Set(rows.map((row) => `${EVIDENCE_DIR}${row.location}`));
  return [...files.keys()].filter((path) => path.startsWith(EVIDENCE_DIR) && !claimed.has(path)).map((path) => ({ kind: "unrecorded-evidence", path, message: `${path} is not vouched for by any custody record` }));
}
function unsignedTail(notes, records) {
  if (records === 0)
    return [];
  let pinned = 0;
  for (const note of notes) {
    try {
      pinned = Math.max(pinned, parseCheckpoint(note.text).count);
    } catch {
    }
  }
  if (pinned >= records)
    return [];
  const range = pinned + 1 === records ? `record ${records} is` : `records ${pinned + 1}\u2013${records} are`;
  return [
    {
      kind: "unsigned-tail",
      path: LEDGER_PATH,
      message: `${range} not pinned by any signed checkpoint in the bundle: they could have been rewritten or appended after export`
    }
  ];
}

// dist/cli/commands/report/verify-bundle.js
function trustedKeys(command) {
  const config = loadConfig(resolvePaths(command.optsWithGlobals()).configFile);
  const file = config.custody.trust_file;
  return file ? parseTrustFile(readInput(file, "trust file (custody.trust_file)")) : [];
}
function readInput(path, what) {
  if (!existsSync(path))
    throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync(path, "utf8");
}
function show(output, result) {
  const summary = `${result.files} files, ${result.records} custody records, ${result.checkpoints} checkpoint(s), key ${result.keyFingerprint ?? "(none)"} (${result.keySource ?? "none"})`;
  if (result.ok && !result.anchored) {
    output.out(`${color.yellow("ok, UNANCHORED")} ${result.bundle}: incident ${result.incidentId}; ${summary}: consistent, and only its own key vouches for it (--trust-embedded-key)`);
  } else if (result.ok) {
    output.out(`${color.green("ok")}   ${result.bundle}: incident ${result.incidentId}; ${summary}; head ${result.headHash?.slice(0, 16) ?? "(empty)"}`);
    for (const c of result.cosignatures)
      output.out(`     cosigned by witness ${c.witness} at ${c.cosignedAt} (${c.checkpoint})`);
  } else {
    output.out(`${color.red("FAIL")} ${result.bundle}: incident ${result.incidentId ?? "(unknown)"}; ${summary}; ${result.problems.length} problem(s):`);
    for (const problem of result.problems)
      output.out(`  [${problem.kind}] ${problem.message}`);
  }
}
function verifyBundleCommand() {
  return new Command4("verify-bundle").description("verify an evidence bundle on any machine, in one streaming pass: every file hash, the whole custody chain, the checkpoint signatures, the files bound to the signed head; exit 7 on any break or without a trusted key, 2 if unreadable").argument("<bundle>", "the .tar.gz irctl export wrote").option("--pubkey <file>", "the signer's public key obtained out of band (PEM or verifier key): proves who signed, not just consistency").option("--checkpoint <file>", "a checkpoint kept elsewhere (what irctl export printed, a ticket); prove the bundled ledger extends it (repeatable)", (file, files) => [...files, file], []).option("--extract <dir>", "also write the files to DIR (new or empty; files 0600) as they are checked; by default nothing is written anywhere").option("--witness-key <file>", "a witness public key (PEM, or its verifier key line): one of the checkpoints must carry its C2SP cosignature, else exit 7 (repeatable)", (file, files) => [...files, file], []).option("--trust-embedded-key", "accept the bundle's own key as the anchor (consistency only: a forger can re-sign with a fresh key); the result says so").action(async (bundle, options, command) => {
    const output = commandOutput(command);
    const pinnedKey = options.pubkey ? parsePublicKey(readInput(options.pubkey, "public key file")) : void 0;
    const externalCheckpoints = options.checkpoint.map((file) => readCheckpointFile(file));
    const witnessKeys = options.witnessKey.map((file) => ({
      label: `witness key ${file}`,
      key: parseWitnessPublicKey(readInput(file, "witness public key file"), file)
    }));
    const result = await verifyBundle(bundle, {
      pinnedKey,
      trustedKeys: trustedKeys(command),
      trustEmbeddedKey: options.trustEmbeddedKey === true,
      externalCheckpoints,
      extractDir: options.extract,
      witnessKeys
    });
    if (output.json)
      printJson(output, result);
    else
      show(output, result);
    for (const warning of result.warnings)
      output.err(`${color.yellow("warning:")} ${warning}`);
    if (!result.ok) {
      const first = result.problems[0];
      const onlyAhead = result.problems.every((problem) => problem.custodyKind === "checkpoint-ahead");
      if (result.problems.every((problem) => problem.kind === "cosignature")) {
        throw new IntegrityError(`bundle ${bundle} failed verification: ${first.message}`, {
          hint: "pass the checkpoint the witness cosigned with --checkpoint (the witness makes it with: irctl custody cosign --witness-key witness.key --pubkey custody.pub bundle-head.txt); without it nothing outside this host vouches for the head",
          details: { problems: result.problems }
        });
      }
      if (result.problems.every((problem) => problem.kind === "unverified")) {
        throw new IntegrityError(first.message, {
          hint: `get the signer's public key out of band (irctl custody pubkey on the exporting host) and run: irctl verify-bundle ${bundle} --pubkey custody.pub --checkpoint bundle-head.txt`,
          details: { problems: result.problems }
        });
      }
      throw new IntegrityError(`bundle ${bundle} failed verification: ${first.message}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problem(s))` : ""}`, {
        hint: onlyAhead ? "if that checkpoint was taken after this bundle was exported (the export itself adds a record), it is newer than the bundle: verify with the checkpoint irctl export printed; otherwise the bundle's ledger was cut short: do not rely on it" : "do not rely on this bundle; get a fresh copy from the exporting host and compare its SHA-256 with the transferred custody record",
        details: { problems: result.problems }
      });
    }
  });
}

// dist/cli/commands/report/index.js
function registerReportCommands(program) {
  for (const command of [reportCommand(), exportCommand(), verifyBundleCommand()]) {
    program.addCommand(command.copyInheritedSettings(program));
  }
  const incident = program.commands.find((command) => command.name() === "incident") ?? program.command("incident").description("one incident: its post-incident review");
  incident.addCommand(incidentAnnotateCommand().copyInheritedSettings(incident));
}
export {
  registerReportCommands
};
