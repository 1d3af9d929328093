import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors.js';

// irctl's state and evidence are private to the user that runs it: the process runs with umask
// 077 (src/bin.ts) and every file is also created with an explicit mode, so in-process callers and
// a permissive umask get the same result. Anything looser found later is reported, never "fixed"
// silently: a changed mode on evidence is itself worth knowing about.

export const PRIVATE_UMASK = 0o077;
export const PRIVATE_DIR_MODE = 0o700; // home, evidence directories, log directories
export const PRIVATE_FILE_MODE = 0o600; // store, keys, reports, bundles
export const EVIDENCE_FILE_MODE = 0o400; // evidence bytes: read-only, owner only

/** An output mode given on the command line (--mode 640 or 0o640): octal, at most 0777. */
export function parseFileMode(text: string): number {
  const digits = text.replace(/^0o/, '');
  if (!/^[0-7]{3,4}$/.test(digits) || Number.parseInt(digits, 8) > 0o777) {
    throw new UsageError(`--mode ${JSON.stringify(text)} is not an octal file mode like 600 or 640`);
  }
  return Number.parseInt(digits, 8);
}

export interface LoosePermission {
  path: string;
  mode: number; // the permission bits found
  message: string;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function check(path: string, loose: LoosePermission[], what: string): void {
  let mode: number;
  try {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) return;
    mode = stats.mode & 0o777;
  } catch {
    return; // absent: nothing to expose
  }
  if ((mode & PRIVATE_UMASK) !== 0) {
    loose.push({
      path,
      mode,
      message: `${what} ${path} is ${octal(mode)}: readable or writable by other users (want ${octal(mode & ~PRIVATE_UMASK)}; chmod go-rwx)`,
    });
  }
}

/**
 * Everything under irctl's control that should be private and is not: the state directory, the
 * store and its WAL, the signing key, the evidence directory, each incident's folder and file.
 */
export function findLoosePermissions(paths: { home: string; db: string; evidenceDir: string }, incidentIds?: readonly string[]): LoosePermission[] {
  const loose: LoosePermission[] = [];
  check(paths.home, loose, 'state directory');
  for (const suffix of ['', '-wal', '-shm']) check(`${paths.db}${suffix}`, loose, 'store file');
  if (existsSync(paths.home)) {
    for (const name of readdirSync(paths.home)) if (name.endsWith('.key')) check(join(paths.home, name), loose, 'key file');
  }
  check(paths.evidenceDir, loose, 'evidence directory');
  if (!existsSync(paths.evidenceDir)) return loose;
  const incidents = incidentIds ?? readdirSync(paths.evidenceDir);
  for (const incident of incidents) {
    const folder = join(paths.evidenceDir, incident);
    if (!existsSync(folder) || !lstatSync(folder).isDirectory()) continue;
    check(folder, loose, 'evidence folder');
    for (const name of readdirSync(folder)) check(join(folder, name), loose, 'evidence file');
  }
  return loose;
}
