import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../store/db.js';
import type { Migration } from '../../store/migrations.js';

// Signed posts. X-Irctl-Timestamp is Unix seconds; X-Irctl-Signature is "sha256=" and the hex
// HMAC-SHA256, with the shared secret, of the signing string
//
//   <timestamp> "\n" <METHOD> "\n" <path> "\n" <raw body>
//
// where <path> is the request target exactly as sent (with its query string, if any). Method and
// path are signed so a signature for one endpoint cannot be replayed at another; the timestamp so
// it cannot be moved. docs/alerts-server.md shows it with openssl.
export const TIMESTAMP_HEADER = 'x-irctl-timestamp';
export const SIGNATURE_HEADER = 'x-irctl-signature';
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface SignedRequest {
  timestampSeconds: number;
  method: string;
  path: string;
  body: Buffer | string;
}

export function signingString(request: Omit<SignedRequest, 'body'>): string {
  return `${request.timestampSeconds}\n${request.method.toUpperCase()}\n${request.path}\n`;
}

export function signRequest(secret: string, request: SignedRequest): string {
  return `sha256=${createHmac('sha256', secret).update(signingString(request)).update(request.body).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'bad_signature' | 'stale_signature' | 'replayed_signature'; message: string };

// Signatures already accepted, kept until their signed timestamp leaves the window (after that the
// same request is refused as stale anyway), in SQLite so a restart does not reopen the window.
export const replaySchema: Migration[] = [
  {
    id: 'server-replays-1',
    sql: `
CREATE TABLE server_signature_replays (
  signature TEXT PRIMARY KEY,        -- sha256=<hex> as presented
  expires_at INTEGER NOT NULL        -- epoch ms: signed timestamp + window; then it is stale anyway
);
CREATE INDEX server_signature_replays_expiry ON server_signature_replays(expires_at);
`,
  },
];

export class ReplayCache {
  constructor(
    private readonly db: Db,
    private readonly windowMs = SIGNATURE_WINDOW_MS,
  ) {}

  /** True the first time a signature is offered; false for a replay. */
  claim(signature: string, signedAtMs: number, now: number): boolean {
    this.db.prepare('DELETE FROM server_signature_replays WHERE expires_at < ?').run(now);
    const inserted = this.db
      .prepare('INSERT OR IGNORE INTO server_signature_replays (signature, expires_at) VALUES (?, ?)')
      .run(signature, signedAtMs + this.windowMs);
    return inserted.changes === 1;
  }
}

/**
 * Check a signed request: well-formed, fresh (±5 minutes of the signed timestamp), matching, and
 * not seen before. A stale answer does not tell the caller the server's time.
 */
export function verifySignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  request: { method: string; path: string; body: Buffer },
  replays: ReplayCache,
  now = Date.now(),
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: `a signed request needs ${TIMESTAMP_HEADER} (Unix seconds) and ${SIGNATURE_HEADER} (sha256=<64 hex>)`,
    };
  }
  const signedAtMs = Number(timestamp) * 1000;
  if (Math.abs(now - signedAtMs) > SIGNATURE_WINDOW_MS) {
    return {
      ok: false,
      reason: 'stale_signature',
      message: `the signature timestamp is outside the accepted window of ±${SIGNATURE_WINDOW_MS / 1000} s; sign with the current time`,
    };
  }
  const expected = Buffer.from(signRequest(secret, { timestampSeconds: Number(timestamp), method: request.method, path: request.path, body: request.body }));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
    return {
      ok: false,
      reason: 'bad_signature',
      message: 'the signature does not match (HMAC-SHA256 of "<timestamp>\\n<METHOD>\\n<path>\\n<body>" with the shared secret)',
    };
  }
  if (!replays.claim(signature, signedAtMs, now)) {
    return { ok: false, reason: 'replayed_signature', message: 'this signed request was already received; each signed request is accepted once' };
  }
  return { ok: true };
}
