import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { listApiKeys } from '../../auth/keys.js';
import type { Config } from '../../config.js';
import { UsageError } from '../../errors.js';
import type { Db } from '../../store/db.js';

const MIN_SECRET_LENGTH = 32;
const MIN_SECRET_BITS = 100;

/**
 * Entropy the secret's own character frequencies suggest (Shannon, per character, times length):
 * 64 random hex digits give ~250 bits; "aaaa…" or sixteen spaces give 0. An estimate, so the floor
 * is well under what `openssl rand -hex 32` gives.
 */
export function estimatedSecretBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / length) * Math.log2(count / length);
  return perChar * length;
}

/** The HMAC secret: IRCTL_HMAC_SECRET, else the file named by server.hmac_secret_file. Never from the repo. */
export function loadHmacSecret(config: Config, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let secret = env.IRCTL_HMAC_SECRET;
  let from = 'IRCTL_HMAC_SECRET';
  const file = config.server.hmac_secret_file;
  if (secret === undefined && file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`HMAC secret file ${file} does not exist`, { hint: 'fix server.hmac_secret_file in the config file' });
    secret = readFileSync(file, 'utf8').trim();
    from = file;
  }
  if (secret === undefined) return undefined;
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new UsageError(`the HMAC secret from ${from} is ${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed`, {
      hint: 'make one with: openssl rand -hex 32',
    });
  }
  if (estimatedSecretBits(secret) < MIN_SECRET_BITS) {
    throw new UsageError(`the HMAC secret from ${from} is too predictable (repeated or few distinct characters)`, {
      hint: 'make one with: openssl rand -hex 32',
    });
  }
  return secret;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Refuse to serve without a way to authenticate: at least one live API key or an HMAC secret,
 * unless --insecure-no-auth was given AND the server listens on loopback only.
 */
export function checkServeAuth(options: { db: Db; hmacSecret?: string; insecureNoAuth: boolean; host: string }): void {
  const liveKeys = listApiKeys(options.db).filter((key) => key.revoked_at === null).length;
  if (options.insecureNoAuth) {
    if (!isLoopback(options.host)) {
      throw new UsageError(`--insecure-no-auth is refused on ${options.host}: without authentication the server may only listen on loopback`, {
        hint: 'use --host 127.0.0.1, or drop --insecure-no-auth and create an API key (irctl keys create)',
      });
    }
    return;
  }
  if (liveKeys === 0 && !options.hmacSecret) {
    throw new UsageError('irctl serve refuses to start: no API key and no HMAC secret is configured, so anyone could post alerts', {
      hint: 'irctl keys create --actor alertmanager, or set IRCTL_HMAC_SECRET (or server.hmac_secret_file); for a local trial only: --insecure-no-auth --host 127.0.0.1',
    });
  }
}
