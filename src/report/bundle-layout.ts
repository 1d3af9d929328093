import { z } from 'zod';
import type { CustodyRecord } from '../custody/canonical.js';

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

const manifestTopSchema = manifestSchema.extend({ files: z.array(z.unknown()) });
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * manifestSchema's check, written out for the file list: a 100k-file manifest took zod seconds,
 * this loop milliseconds. Returns the manifest, or where and why it is malformed.
 */
export function validateManifest(raw: unknown): { manifest: BundleManifest } | { issue: string } {
  const top = manifestTopSchema.safeParse(raw);
  if (!top.success) {
    const issue = top.error.issues[0];
    return { issue: `${issue?.path.join('.') || '(top)'}: ${issue?.message}` };
  }
  const files = top.data.files;
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as Record<string, unknown> | null;
    const at = `files.${i}`;
    if (typeof file !== 'object' || file === null || Array.isArray(file)) return { issue: `${at}: must be an object` };
    const keys = Object.keys(file);
    if (keys.length !== 3 || !('path' in file) || !('size' in file) || !('sha256' in file)) return { issue: `${at}: must have exactly path, size and sha256` };
    if (typeof file.path !== 'string' || !isSafeBundlePath(file.path)) return { issue: `${at}.path: must be a plain relative path` };
    if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size < 0) return { issue: `${at}.size: must be a non-negative integer` };
    if (typeof file.sha256 !== 'string' || !SHA256.test(file.sha256)) return { issue: `${at}.sha256: must be 64 lowercase hex digits` };
  }
  return { manifest: top.data as BundleManifest };
}

/** One record as a line of the bundle's ledger (no newline): its fields in store order. Export writes it; verify-bundle accepts only it. */
export function ledgerLine(record: CustodyRecord): string {
  const { incidentId, seq, recordedAt, actor, act, subject, where, how, details } = record;
  const { artifactSha256, artifactSize, artifactLocation, evidenceId, prevHash, hash } = record;
  return JSON.stringify({
    incidentId,
    seq,
    recordedAt,
    actor,
    act,
    subject,
    where,
    how,
    details,
    artifactSha256,
    artifactSize,
    artifactLocation,
    evidenceId,
    prevHash,
    hash,
  });
}
