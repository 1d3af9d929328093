import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
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
} from "./chunk-GKJEHZKU.js";
import {
  REPORT_FORMATS,
  renderReport
} from "./chunk-CYP3YIAM.js";
import {
  recordExport
} from "./chunk-UNBBOY7F.js";
import "./chunk-WH65N5NF.js";
import {
  buildReport
} from "./chunk-W7QWCAPU.js";
import "./chunk-RBUMQWAE.js";
import "./chunk-U2N7A6JM.js";
import "./chunk-E34VK4DJ.js";
import "./chunk-SFHTDEVQ.js";
import {
  loadOrCreateSigningKey,
  publicKeyPem
} from "./chunk-HYS6PUCY.js";
import "./chunk-IN4RJBDR.js";
import "./chunk-STHBQWTZ.js";
import {
  writeTransaction
} from "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import {
  PRIVATE_FILE_MODE
} from "./chunk-U7K5EBAV.js";
import {
  Jn
} from "./chunk-P3CPHEVT.js";
import "./chunk-ZXGC47PD.js";
import "./chunk-QXBLVMJS.js";
import "./chunk-C77XJCVS.js";
import {
  listEvidence
} from "./chunk-WANTOCUW.js";
import {
  sha256File
} from "./chunk-2J2BT77Z.js";
import {
  custodyPages
} from "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-LUHRMFHS.js";
import {
  IntegrityError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/report/bundle.js
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, open, rename, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
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
      await Jn({ gzip: true, file: partial, cwd: staging, follow: true, portable: true }, [MANIFEST_PATH, ...files]);
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
