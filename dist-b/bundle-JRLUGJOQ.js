import {
  BUNDLE_FORMAT,
  EVIDENCE_DIR,
  LEDGER_PATH,
  MANIFEST_PATH,
  PUBLIC_KEY_PATH,
  REPORT_DIR,
  assertWritableTarget,
  bindContents,
  checkpointPath
} from "./chunk-S3Y6QXP3.js";
import {
  recordExport
} from "./chunk-L4PYR2WM.js";
import {
  buildReport
} from "./chunk-4I2CUKCE.js";
import "./chunk-JMMGUXVQ.js";
import "./chunk-KT6XSSTL.js";
import {
  REPORT_FORMATS,
  renderReport
} from "./chunk-7P6UVESU.js";
import "./chunk-EBT4LAK7.js";
import "./chunk-DSDNAXDN.js";
import "./chunk-PPE2D4RA.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import {
  loadOrCreateSigningKey,
  publicKeyPem
} from "./chunk-JOVG2KOV.js";
import "./chunk-H6XEEHUO.js";
import "./chunk-ZGDHL663.js";
import "./chunk-R7BDC3QQ.js";
import {
  listEvidence
} from "./chunk-NTHYNA2H.js";
import {
  sha256File
} from "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import {
  custodyPages
} from "./chunk-72I7VOGQ.js";
import "./chunk-GCLPYPTX.js";
import "./chunk-PBYITGF3.js";
import {
  writeTransaction
} from "./chunk-URVRDTQG.js";
import {
  PRIVATE_FILE_MODE
} from "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-5OCVQCD3.js";
import {
  IntegrityError
} from "./chunk-JMAPXXTL.js";

// dist/report/bundle.js
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, open, rename, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { create as createTar } from "tar";
async function exportBundle(options) {
  const { db, incidentId, home } = options;
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const outFile = resolve(options.outFile);
  await assertWritableTarget(outFile, "bundle");
  const packed = writeTransaction(db, () => ({
    asOfSeq: db.prepare("SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?").get(incidentId).seq ?? 0,
    evidence: listEvidence(db, incidentId).filter((row) => row.status === "complete")
  }));
  const report = await buildReport(db, { incidentId, evidenceDir: options.evidenceDir, home, generatedBy: options.actor, now: now() });
  if (!report.custody.ok) {
    const first = report.custody.problems[0];
    throw new IntegrityError(`refusing to export incident ${incidentId}: custody verification failed: ${first.message}`, {
      hint: `irctl custody verify ${incidentId}; preserve the store and evidence directory as they are and escalate`
    });
  }
  const staging = await mkdtemp(join(tmpdir(), "irctl-bundle-"));
  try {
    const files = [];
    const written = /* @__PURE__ */ new Map();
    const put = async (path, content) => {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      written.set(path, await writeChunks(join(staging, path), typeof content === "string" ? [content] : content));
      files.push(path);
    };
    const describe = async (paths) => {
      const described = [];
      for (const path of paths)
        described.push({ path, ...written.get(path) ?? { size: (await stat(join(staging, path))).size, sha256: await sha256File(join(staging, path)) } });
      return described;
    };
    for (const format of REPORT_FORMATS)
      await put(`${REPORT_DIR}report.${format}`, renderReport(report, format));
    await put(PUBLIC_KEY_PATH, publicKeyPem(loadOrCreateSigningKey(home)));
    for (const row of packed.evidence) {
      const path = `${EVIDENCE_DIR}${row.path}`;
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await symlink(resolve(options.evidenceDir, row.path), join(staging, path));
      files.push(path);
    }
    const contents = await describe(files);
    const bound = bindContents(db, home, incidentId, {
      actor: options.actor,
      subject: `bundle:${basename(outFile)}`,
      asOfSeq: packed.asOfSeq,
      files: contents
    });
    const custodyFiles = files.length;
    await put(LEDGER_PATH, ledgerLines(db, incidentId, bound.ledgerRecords));
    for (const [index, checkpoint] of bound.checkpoints.entries())
      await put(checkpointPath(index), checkpoint.note);
    const head = bound.checkpoints.at(-1);
    const manifest = {
      format: BUNDLE_FORMAT,
      incident: incidentId,
      createdAt: now().toISOString(),
      createdBy: options.actor,
      ledgerRecords: bound.ledgerRecords,
      files: [...contents, ...await describe(files.slice(custodyFiles))]
    };
    const manifestSha256 = (await writeChunks(join(staging, MANIFEST_PATH), [`${JSON.stringify(manifest, null, 2)}
`])).sha256;
    const partial = join(dirname(outFile), `.${basename(outFile)}.${randomBytes(4).toString("hex")}.partial`);
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
      act: "transferred",
      actor: options.actor,
      subject: `bundle:${basename(outFile)}`,
      details: { file: outFile, sha256, size, manifest_sha256: manifestSha256, files: files.length + 1, ledger_records: manifest.ledgerRecords }
    });
    return {
      path: outFile,
      sha256,
      size,
      files: files.length + 1,
      checkpoint: head ? { count: head.seq, headHash: head.head_hash, keyId: head.key_id, note: head.note } : null,
      transfer: { seq: transfer.seq, hash: transfer.hash, storeCheckpoint: transfer.checkpoint }
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
function* ledgerLines(db, incidentId, throughSeq) {
  for (const page of custodyPages(db, incidentId, throughSeq))
    yield page.map((record) => `${JSON.stringify(record)}
`).join("");
}
async function writeChunks(path, chunks) {
  const hash = createHash("sha256");
  let size = 0;
  const handle = await open(path, "wx");
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
  return { size, sha256: hash.digest("hex") };
}
export {
  exportBundle
};
