import { z } from 'zod';

// What an evidence bundle holds and where. Shared by the writer and the verifier, so the
// verifier accepts exactly the shape the writer makes and nothing else.
//
//   manifest.json                         every other file with size and SHA-256
//   report/report.{md,html,json}
//   evidence/<incidentId>/<file>          paths as the ledger's artifact records name them
//   custody/ledger.jsonl                  one custody record per line, chain order
//   custody/checkpoints/NNNN.note         C2SP signed notes
//   custody/public-key.pem                the key the checkpoints are signed with

export const BUNDLE_FORMAT = 'irctl-bundle/1';
export const MANIFEST_PATH = 'manifest.json';
export const LEDGER_PATH = 'custody/ledger.jsonl';
export const PUBLIC_KEY_PATH = 'custody/public-key.pem';
export const CHECKPOINT_DIR = 'custody/checkpoints/';
export const EVIDENCE_DIR = 'evidence/';
export const REPORT_DIR = 'report/';

export const checkpointPath = (index: number) => `${CHECKPOINT_DIR}${String(index + 1).padStart(4, '0')}.note`;

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * A path irctl itself would write: relative, "/"-separated, every segment a plain name (no "..",
 * no ".", no empty segment, no leading dot, no backslash, no control or special characters).
 */
export function isSafeBundlePath(path: string): boolean {
  if (path.length === 0 || path.length > 1024) return false;
  const segments = path.split('/');
  return segments.length <= 8 && segments.every((segment) => SEGMENT.test(segment));
}

export const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    incident: z.string().min(1),
    createdAt: z.string(),
    createdBy: z.string(),
    ledgerRecords: z.number().int().nonnegative(),
    files: z.array(
      z
        .object({
          path: z.string().refine(isSafeBundlePath, { message: 'must be a plain relative path' }),
          size: z.number().int().nonnegative(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        })
        .strict(),
    ),
  })
  .strict();

export type BundleManifest = z.output<typeof manifestSchema>;
