import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';

/** `ev-` + time (base36 ms, so ids sort roughly by capture time) + 10 random hex digits. */
export function newEvidenceId(now: Date = new Date()): string {
  // randomUUID draws from a cached entropy pool: a batch of 800 files makes 800 ids. Hex digits
  // 0-7 and 9-10 of a v4 UUID are all random (the version digit is the 15th).
  const random = randomUUID();
  return `ev-${now.getTime().toString(36)}${random.slice(0, 8)}${random.slice(9, 11)}`;
}

/**
 * A plain file name for the incident folder. Names are built from container names and paths an
 * attacker may have chosen, so anything but [A-Za-z0-9._-] becomes "_" and leading dots go: the
 * result can never climb out of the folder or hide as a dotfile.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 200);
  return cleaned || 'artifact';
}

/** name, then name-2.ext, name-3.ext, … for a capture whose name is already taken. */
export function* uniqueNames(name: string): Generator<string> {
  yield name;
  const extension = knownExtension(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 2; ; n += 1) yield `${stem}-${n}${extension}`;
}

// ".stdout.log" and ".tar.gz" stay together so a re-capture keeps its file type visible. Only a short
// alphanumeric suffix is an extension: in a name made from a path ("files-web_tmp_.x_f1") the last
// dot is part of the path, and "-2" there would read as another path ("_tmp_-2.x_f1").
function knownExtension(name: string): string {
  const double = /(\.(?:stdout|stderr|tar)\.[A-Za-z0-9]+)$/.exec(name);
  if (double) return double[1]!;
  const single = extname(name);
  return /^\.[A-Za-z0-9]{1,8}$/.test(single) ? single : '';
}

/** Incident ids become folder names: refuse anything that is not a plain name. */
export function assertIncidentFolderName(incidentId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(incidentId)) {
    throw new UsageError(`incident id "${incidentId}" cannot name an evidence folder`, {
      hint: 'incident ids are letters, digits, ".", "_" and "-", starting with a letter or digit',
    });
  }
}
