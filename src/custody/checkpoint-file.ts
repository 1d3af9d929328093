import { readFileSync } from 'node:fs';
import { IntegrityError, NotFoundError, UsageError } from '../errors.js';
import { CHECKPOINT_SHAPE, parseCheckpoint } from './checkpoint.js';
import type { ExternalCheckpoint } from './verify.js';

/**
 * Read a checkpoint the user kept elsewhere (`--checkpoint FILE` of custody verify and
 * verify-bundle). A file that is not a checkpoint at all (empty, say, because the command that
 * should have written it was refused) is a usage error: it proves nothing about the ledger. A
 * note with the checkpoint's shape is returned even when damaged, for the verifier to report as
 * an integrity failure.
 */
export function readCheckpointFile(path: string, incidentId?: string): ExternalCheckpoint {
  const make = `make one on the signing host with: irctl custody checkpoint ${incidentId ?? '<incident>'} > head.txt (needs the operator role); for a bundle, save what irctl export printed on stdout`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`checkpoint file ${path} does not exist`, { hint: make });
    throw new UsageError(`checkpoint file ${path} cannot be read: ${(error as Error).message}`, { hint: make, cause: error });
  }
  try {
    parseCheckpoint(text);
  } catch (error) {
    if (error instanceof UsageError) {
      const what = text.trim() === '' ? 'is empty' : `is not a checkpoint: ${error.message}`;
      throw new UsageError(`checkpoint file ${path} ${what}; ${CHECKPOINT_SHAPE}`, { hint: make, cause: error });
    }
    if (!(error instanceof IntegrityError)) throw error;
  }
  return { label: path, text };
}
