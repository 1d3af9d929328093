import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/custody/witness.js
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
var configured = [];
var onFailure = (message) => process.emitWarning(message, "IrctlWitnessWarning");
function configureWitnesses(witnesses, warn) {
  configured = witnesses;
  if (warn)
    onFailure = warn;
}
var LATEST_NOTE = "latest.note";
var incidentFolder = (dir, incidentId) => join(dir, incidentId.replace(/[^A-Za-z0-9._-]/g, "_"));
function pushToWitnesses(written, witnesses = configured) {
  for (const witness of witnesses) {
    if ("dir" in witness) {
      try {
        const folder = incidentFolder(witness.dir, written.incidentId);
        mkdirSync(folder, { recursive: true, mode: 448 });
        const name = `${String(written.count).padStart(8, "0")}-${written.keyId}-${written.createdAt.replace(/[:.]/g, "")}.note`;
        writeFileSync(join(folder, name), written.note, { mode: 384, flag: "wx" });
        const temp = join(folder, `.${LATEST_NOTE}.${process.pid}.tmp`);
        writeFileSync(temp, written.note, { mode: 384 });
        renameSync(temp, join(folder, LATEST_NOTE));
      } catch (error) {
        onFailure(`checkpoint of ${written.incidentId} (${written.count} records) not pushed to witness directory ${witness.dir}: ${error.message}`);
      }
    } else {
      fetch(witness.url, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8", "x-irctl-incident": written.incidentId },
        body: written.note,
        signal: AbortSignal.timeout(1e4)
      }).then((response) => {
        if (!response.ok)
          onFailure(`witness ${witness.url} refused the checkpoint of ${written.incidentId}: HTTP ${response.status}`);
      }).catch((error) => onFailure(`checkpoint of ${written.incidentId} not pushed to witness ${witness.url}: ${error.message}`));
    }
  }
}
function witnessedNotes(incidentId, witnesses = configured) {
  const found = [];
  for (const witness of witnesses) {
    if (!("dir" in witness))
      continue;
    const folder = incidentFolder(witness.dir, incidentId);
    if (!existsSync(folder))
      continue;
    for (const name of readdirSync(folder).filter((n) => n.endsWith(".note") && n !== LATEST_NOTE).sort()) {
      found.push({ label: `witnessed ${join(folder, name)}`, text: readFileSync(join(folder, name), "utf8") });
    }
  }
  return found;
}
function witnessesConfigured() {
  return configured;
}

export {
  configureWitnesses,
  pushToWitnesses,
  witnessedNotes,
  witnessesConfigured
};
