import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Checkpoints leave the host as they are made: each signed note is pushed to every configured
// witness (custody.witness in config.yaml) — a directory, ideally on another mount or host, and/or
// an HTTP endpoint. Someone who later holds this host, key included, can rewrite the ledger and
// re-sign it, but cannot reach back into the witnesses: custody verify checks the ledger against
// every checkpoint of the incident the witnesses hold, the latest included.

export type Witness = { dir: string } | { url: string };

export interface WitnessedNote {
  incidentId: string;
  count: number;
  keyId: string;
  createdAt: string;
  note: string;
}

let configured: readonly Witness[] = [];
let onFailure: (message: string) => void = (message) => process.emitWarning(message, 'IrctlWitnessWarning');

/** Set by the process's services when it loads its config; every later checkpoint is pushed. */
export function configureWitnesses(witnesses: readonly Witness[], warn?: (message: string) => void): void {
  configured = witnesses;
  if (warn) onFailure = warn;
}

export const LATEST_NOTE = 'latest.note';
const incidentFolder = (dir: string, incidentId: string) => join(dir, incidentId.replace(/[^A-Za-z0-9._-]/g, '_'));

/**
 * Push one signed note. Directories are written before this returns (the note, then latest.note
 * replaced atomically); HTTP witnesses get a POST (text/plain) that is not awaited — a witness that
 * is down must not stop containment. A failure is reported, never thrown.
 */
export function pushToWitnesses(written: WitnessedNote, witnesses: readonly Witness[] = configured): void {
  for (const witness of witnesses) {
    if ('dir' in witness) {
      try {
        const folder = incidentFolder(witness.dir, written.incidentId);
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        const name = `${String(written.count).padStart(8, '0')}-${written.keyId}-${written.createdAt.replace(/[:.]/g, '')}.note`;
        writeFileSync(join(folder, name), written.note, { mode: 0o600, flag: 'wx' });
        const temp = join(folder, `.${LATEST_NOTE}.${process.pid}.tmp`);
        writeFileSync(temp, written.note, { mode: 0o600 });
        renameSync(temp, join(folder, LATEST_NOTE));
      } catch (error) {
        onFailure(`checkpoint of ${written.incidentId} (${written.count} records) not pushed to witness directory ${witness.dir}: ${(error as Error).message}`);
      }
    } else {
      fetch(witness.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-irctl-incident': written.incidentId },
        body: written.note,
        signal: AbortSignal.timeout(10_000),
      })
        .then((response) => {
          if (!response.ok) onFailure(`witness ${witness.url} refused the checkpoint of ${written.incidentId}: HTTP ${response.status}`);
        })
        .catch((error: Error) => onFailure(`checkpoint of ${written.incidentId} not pushed to witness ${witness.url}: ${error.message}`));
    }
  }
}

/**
 * Every note of an incident each directory witness holds, oldest first, the latest included. All
 * of them, not just latest.note: whoever holds this host could push a re-signed forgery that
 * becomes the latest, but cannot make the older witnessed notes agree with it.
 */
export function witnessedNotes(incidentId: string, witnesses: readonly Witness[] = configured): { label: string; text: string }[] {
  const found: { label: string; text: string }[] = [];
  for (const witness of witnesses) {
    if (!('dir' in witness)) continue;
    const folder = incidentFolder(witness.dir, incidentId);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)
      .filter((n) => n.endsWith('.note') && n !== LATEST_NOTE)
      .sort()) {
      found.push({ label: `witnessed ${join(folder, name)}`, text: readFileSync(join(folder, name), 'utf8') });
    }
  }
  return found;
}

export function witnessesConfigured(): readonly Witness[] {
  return configured;
}
