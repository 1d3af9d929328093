import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  authorize
} from "./chunk-JFDYV7WJ.js";
import "./chunk-P54O3VVF.js";
import {
  servicesFor
} from "./chunk-DEGJAGBL.js";
import "./chunk-OJSSQ7C5.js";
import {
  writeTransaction
} from "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-VNXYISXP.js";
import "./chunk-U7K5EBAV.js";
import "./chunk-C77XJCVS.js";
import {
  findEvidence,
  listEvidence,
  verifyEvidenceFile
} from "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import {
  appendCustody,
  listCustody
} from "./chunk-5G4DN3AP.js";
import {
  dockerCall
} from "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import {
  color,
  printJson,
  table
} from "./chunk-W7IXLVWU.js";
import {
  Command
} from "./chunk-7IRVA3UG.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-CHZ3CMJ4.js";
import {
  FINAL_STATUSES,
  addTimeline,
  getIncident
} from "./chunk-LUHRMFHS.js";
import {
  ActionFailedError,
  IntegrityError,
  NotFoundError,
  RefusedError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/evidence/ls.js
var SHOWN = { ok: color.green("ok"), modified: color.red("MODIFIED"), missing: color.red("MISSING"), incomplete: color.dim("-") };
function evidenceLsCommand() {
  return new Command("ls").description("list an incident's evidence and re-hash every file now (ok / MODIFIED / MISSING); exit 7 when one does not match").argument("<incident>", "incident id").action(async (incidentId, _options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const rows = listEvidence(services.db, incidentId);
      if (rows.length === 0)
        getIncident(services.db, incidentId);
      const listed = [];
      for (const row of rows)
        listed.push({ ...row, verification: (await verifyEvidenceFile(services.paths.evidenceDir, row)).state });
      if (output.json)
        printJson(output, listed);
      else if (listed.length === 0)
        output.out(`incident ${incidentId} has no evidence yet`);
      else
        output.out(table(["evidence id", "name", "kind", "size", "sha256", "status", "verified"], listed.map((row) => [row.id, row.name, row.kind, row.size, row.sha256?.slice(0, 16) ?? "", row.status, SHOWN[row.verification]])));
      const bad = listed.filter((row) => row.verification === "modified" || row.verification === "missing");
      if (bad.length > 0) {
        throw new IntegrityError(`${bad.length} evidence file(s) of incident ${incidentId} no longer match their recorded hash: ${bad.map((row) => `${row.path} (${row.verification})`).join(", ")}`, {
          hint: `irctl custody verify ${incidentId} checks them against the ledger`
        });
      }
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/evidence/path.js
import { join } from "node:path";
function evidencePathCommand() {
  return new Command("path").description("print the file path of one piece of evidence (for sha256sum, tar -t, docker load \u2026)").argument("<evidence-id>", "evidence id (ev-\u2026), as irctl evidence ls shows it").action((evidenceId, _options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const row = findEvidence(services.db, evidenceId);
      if (!row)
        throw new NotFoundError(`evidence ${evidenceId} not found`, { hint: "irctl evidence ls <incident> lists the evidence ids" });
      const path = join(services.paths.evidenceDir, row.path);
      if (output.json)
        return printJson(output, { evidence_id: row.id, path, status: row.status, sha256: row.sha256 });
      output.out(path);
    } finally {
      services.close();
    }
  });
}

// dist/evidence/orphan-images.js
var NOT_SAVED = "none (capture interrupted)";
var INCIDENT_LABEL = "irctl.incident";
async function findOrphanImages(docker, incidentId, records, known) {
  const knownIds = new Set(known.map((image) => image.imageId));
  const knownRefs = new Set(known.map((image) => image.imageRef));
  const orphans = [];
  for (const hostName of incidentHosts(records)) {
    const host = docker.host(hostName);
    const labelled = await dockerCall({ host: host.name, url: host.url, what: `list images labelled ${INCIDENT_LABEL}=${incidentId}` }, () => host.docker.listImages({ filters: { label: [`${INCIDENT_LABEL}=${incidentId}`] } }));
    for (const image of labelled) {
      const labels = image.Labels ?? {};
      if (labels[INCIDENT_LABEL] !== incidentId)
        continue;
      const tags = (image.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>");
      if (knownIds.has(image.Id) || tags.some((tag) => knownRefs.has(tag)))
        continue;
      const irctlTag = tags.find((tag) => tag.startsWith("irctl-evidence/"));
      orphans.push({
        evidenceId: null,
        host: hostName,
        imageRef: irctlTag ?? image.Id,
        imageId: image.Id,
        savedCopy: NOT_SAVED,
        inEngine: irctlTag !== void 0 || tags.length === 0,
        orphan: true,
        capture: { step: labels["irctl.step"] ?? "", captured_at: labels["irctl.captured_at"] ?? "", container: labels["irctl.container"] ?? "" }
      });
    }
  }
  return orphans;
}
function incidentHosts(records) {
  const namesDockerHost = (where) => typeof where.container_id === "string" || typeof where.engine_version === "string";
  const hosts = new Set(records.filter((record) => record.where !== null && record.where !== void 0 && namesDockerHost(record.where)).map((record) => record.where?.host).filter((host) => typeof host === "string" && host !== ""));
  return hosts.size > 0 ? [...hosts] : ["local"];
}

// dist/engine/forensic-images.js
var ONLY_COPY = "never saved, and no retry of its step was: it is the only copy of that capture";
async function listForensicImages({ db, docker, evidenceDir }, incidentId) {
  getIncident(db, incidentId);
  const records = listCustody(db, incidentId);
  const images = [];
  for (const record of records) {
    if (record.act !== "acquired" || record.how?.action !== "evidence.commit" || !record.evidenceId)
      continue;
    const row = findEvidence(db, record.evidenceId);
    if (!row)
      continue;
    const host = String(record.where?.host ?? "local");
    const imageRef = String(record.how.image_ref);
    images.push({
      evidenceId: record.evidenceId,
      host,
      imageRef,
      imageId: String(record.how.image_id),
      savedCopy: (await verifyEvidenceFile(evidenceDir, row)).state,
      inEngine: await imageExists(docker, host, imageRef),
      orphan: false
    });
  }
  return [...images, ...await findOrphanImages(docker, incidentId, records, images)];
}
async function removeForensicImages(sources, incidentId, actor) {
  const incident = getIncident(sources.db, incidentId);
  if (!FINAL_STATUSES.has(incident.status)) {
    throw new RefusedError(`incident ${incidentId} is still ${incident.status}; its forensic images may be needed by a step that has not run yet`, {
      hint: `let the run finish, or irctl abort ${incidentId}, then remove them`
    });
  }
  const images = await listForensicImages(sources, incidentId);
  const savedSteps = new Set(images.filter((image) => !image.orphan && image.savedCopy === "ok" && image.evidenceId).map((image) => findEvidence(sources.db, image.evidenceId)?.step_id));
  const results = [];
  for (const image of images) {
    if (!image.inEngine)
      results.push({ ...image, result: "absent" });
    else if (!image.orphan && image.savedCopy !== "ok")
      results.push({ ...image, result: "kept", reason: `its saved copy is ${image.savedCopy}` });
    else if (image.orphan && !savedSteps.has(image.capture?.step))
      results.push({ ...image, result: "kept", reason: ONLY_COPY });
    else
      results.push(await removeOne(sources, incidentId, actor, image));
  }
  return results;
}
function assertAllRemoved(incidentId, results) {
  const kept = results.filter((r) => r.result === "kept");
  if (kept.length === 0)
    return;
  const list = kept.map((r) => `${r.imageRef} (${r.reason})`).join(", ");
  if (kept.some((r) => !r.orphan && r.savedCopy !== "ok")) {
    throw new IntegrityError(`kept ${kept.length} forensic image(s) of ${incidentId}: ${list}`, {
      hint: `irctl custody verify ${incidentId} shows what changed; the engine's copy may be the only good one \u2014 docker save it before anything else`
    });
  }
  const onlyCopies = kept.filter((r) => r.reason === ONLY_COPY);
  throw new RefusedError(`kept ${kept.length} forensic image(s) of ${incidentId}: ${list}`, {
    hint: onlyCopies.length > 0 ? `an interrupted capture that no retry saved is evidence: keep it (docker save ${onlyCopies[0].imageRef} -o FILE) before removing it by hand` : "remove the containers that use them (docker ps -a --filter ancestor=IMAGE), then run this again"
  });
}
async function removeOne(sources, incidentId, actor, image) {
  const host = sources.docker.host(image.host);
  const op = { host: host.name, url: host.url, what: `remove image ${image.imageRef}` };
  try {
    await dockerCall(op, () => host.docker.getImage(image.imageRef).remove(), { changes: true });
  } catch (error) {
    if (error instanceof NotFoundError)
      return { ...image, inEngine: false, result: "absent" };
    if (error instanceof ActionFailedError && error.details?.statusCode === 409)
      return { ...image, result: "kept", reason: "a container uses it" };
    throw error;
  }
  const stillThere = await imageExists(sources.docker, image.host, image.imageId);
  const details = image.orphan ? { orphan: true, image_ref: image.imageRef, saved_copy: "none", ...image.capture, untagged_only: stillThere } : { image_ref: image.imageRef, evidence_id: image.evidenceId, saved_copy: "verified", untagged_only: stillThere };
  writeTransaction(sources.db, () => {
    appendCustody(sources.db, incidentId, { act: "image-removed", actor, subject: image.imageId, where: { host: image.host }, details });
    addTimeline(sources.db, incidentId, "image_removed", { actor, detail: { host: image.host, ...details } });
  });
  return { ...image, inEngine: false, result: stillThere ? "untagged" : "removed" };
}
async function imageExists(docker, hostName, ref) {
  const host = docker.host(hostName);
  try {
    await dockerCall({ host: host.name, url: host.url, what: `inspect image ${ref}` }, () => host.docker.getImage(ref).inspect());
    return true;
  } catch (error) {
    if (error instanceof NotFoundError)
      return false;
    throw error;
  }
}

// dist/cli/commands/evidence/images.js
var RESULT = {
  removed: color.green("removed"),
  untagged: color.yellow("untagged (another tag keeps it)"),
  absent: color.dim("already gone"),
  kept: color.red("KEPT")
};
function evidenceImagesCommand() {
  return new Command("images").description("list the forensic images evidence.commit left in the engine; --remove deletes those whose saved copy still verifies, and orphans").argument("<incident>", "incident id").option("--remove", "remove the engine copies (only after the run ended, and only where the saved tar matches its recorded hash or the image is an orphan)").addHelpText("after", `
Every forensic image is also saved as a tar in the evidence store, so the engine's copy can go
once the incident is over. A copy whose saved tar is modified or missing is kept (exit 7).
An orphan is an image committed for the incident (label irctl.incident) by a run interrupted before
its save was recorded; the retry committed and saved another. Orphans are listed with saved copy
"none (capture interrupted)" and --remove removes them too, each removal a custody record.

Examples:
  irctl evidence images inc-20261124-0612-3fa9c1
  irctl --as alice evidence images inc-20261124-0612-3fa9c1 --remove`).action(async (incidentId, options, command) => {
    const output = commandOutput(command);
    const services = servicesFor(command);
    try {
      const sources = { db: services.db, docker: services.docker, evidenceDir: services.paths.evidenceDir };
      if (!options.remove) {
        const images = await listForensicImages(sources, incidentId);
        if (output.json)
          return printJson(output, images);
        if (images.length === 0)
          return output.out(`incident ${incidentId} has no forensic images`);
        output.out(table(["image", "host", "image id", "in engine", "saved copy", "evidence id"], images.map((i) => [i.imageRef, i.host, shortId(i.imageId), i.inEngine ? "yes" : "no", savedCopy(i), i.evidenceId ?? color.dim("orphan")])));
        if (images.some((i) => i.orphan))
          output.out("orphan: committed by a run interrupted before the save was recorded; --remove removes it");
        return;
      }
      authorize(services, "evidence.release", `remove the forensic images of ${incidentId}`);
      const results = await removeForensicImages(sources, incidentId, services.actor);
      if (output.json)
        printJson(output, results);
      else if (results.length === 0)
        output.out(`incident ${incidentId} has no forensic images`);
      else
        output.out(table(["image", "host", "image id", "result"], results.map((r) => [r.imageRef, r.host, shortId(r.imageId), r.reason ? `${RESULT[r.result]}: ${r.reason}` : RESULT[r.result]])));
      assertAllRemoved(incidentId, results);
    } finally {
      services.close();
    }
  });
}
function savedCopy(image) {
  return image.orphan ? color.yellow(image.savedCopy) : image.savedCopy;
}
function shortId(id) {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

// dist/cli/commands/evidence/index.js
function registerEvidenceCommands(program) {
  const evidence = program.command("evidence").description("the evidence store: captured artifacts, their hashes, whether the files still match, and the forensic images left in the engine");
  for (const command of [evidenceLsCommand(), evidencePathCommand(), evidenceImagesCommand()]) {
    evidence.addCommand(command.copyInheritedSettings(evidence));
  }
}
export {
  registerEvidenceCommands
};
