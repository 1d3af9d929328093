import {
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/private-files.js
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
var PRIVATE_UMASK = 63;
var PRIVATE_DIR_MODE = 448;
var PRIVATE_FILE_MODE = 384;
var EVIDENCE_FILE_MODE = 256;
function parseFileMode(text) {
  const digits = text.replace(/^0o/, "");
  if (!/^[0-7]{3,4}$/.test(digits) || Number.parseInt(digits, 8) > 511) {
    throw new UsageError(`--mode ${JSON.stringify(text)} is not an octal file mode like 600 or 640`);
  }
  return Number.parseInt(digits, 8);
}
var octal = (mode) => `0${(mode & 511).toString(8)}`;
function check(path, loose, what) {
  let mode;
  try {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink())
      return;
    mode = stats.mode & 511;
  } catch {
    return;
  }
  if ((mode & PRIVATE_UMASK) !== 0) {
    loose.push({
      path,
      mode,
      message: `${what} ${path} is ${octal(mode)}: readable or writable by other users (want ${octal(mode & ~PRIVATE_UMASK)}; chmod go-rwx)`
    });
  }
}
function findLoosePermissions(paths, incidentIds) {
  const loose = [];
  check(paths.home, loose, "state directory");
  for (const suffix of ["", "-wal", "-shm"])
    check(`${paths.db}${suffix}`, loose, "store file");
  if (existsSync(paths.home)) {
    for (const name of readdirSync(paths.home))
      if (name.endsWith(".key"))
        check(join(paths.home, name), loose, "key file");
  }
  check(paths.evidenceDir, loose, "evidence directory");
  if (!existsSync(paths.evidenceDir))
    return loose;
  const incidents = incidentIds ?? readdirSync(paths.evidenceDir);
  for (const incident of incidents) {
    const folder = join(paths.evidenceDir, incident);
    if (!existsSync(folder) || !lstatSync(folder).isDirectory())
      continue;
    check(folder, loose, "evidence folder");
    for (const name of readdirSync(folder))
      check(join(folder, name), loose, "evidence file");
  }
  return loose;
}

export {
  PRIVATE_UMASK,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  EVIDENCE_FILE_MODE,
  parseFileMode,
  findLoosePermissions
};
