import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError, RefusedError, UsageError } from '../errors.js';

export const SIGNING_KEY_FILE = 'custody-signing.key';

/** An ed25519 key that signs checkpoints, or only its public half (enough to verify). */
export interface CustodyPublicKey {
  publicKey: KeyObject;
  raw: Buffer; // 32 bytes
  keyId: string; // first 16 hex of SHA-256(raw public key): what a responder compares
  keyName: string; // the signer name in signed notes
  noteKeyHash: Buffer; // C2SP signed-note key hash: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ raw)[:4]
}

export interface CustodySigningKey extends CustodyPublicKey {
  privateKey: KeyObject;
}

export function signingKeyPath(home: string): string {
  return join(home, SIGNING_KEY_FILE);
}

export function describePublicKey(publicKey: KeyObject): CustodyPublicKey {
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(`custody public key is ${publicKey.asymmetricKeyType ?? 'not asymmetric'}, expected ed25519`);
  }
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  const keyName = `irctl-custody-${keyId}`;
  const noteKeyHash = createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${keyName}\n`), Buffer.from([0x01]), raw]))
    .digest()
    .subarray(0, 4);
  return { publicKey, raw, keyId, keyName, noteKeyHash };
}

/** The public key as a C2SP verifier key line: name+hexkeyhash+base64(0x01 ‖ raw). */
export function verifierKey(key: CustodyPublicKey): string {
  return `${key.keyName}+${key.noteKeyHash.toString('hex')}+${Buffer.concat([Buffer.from([0x01]), key.raw]).toString('base64')}`;
}

export function publicKeyPem(key: CustodyPublicKey): string {
  return key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

/** Read a public key from PEM (SPKI) or a C2SP verifier key line; `#` comment lines are ignored,
 *  so the output of `irctl custody pubkey` can be saved and passed back as is. */
export function parsePublicKey(text: string): CustodyPublicKey {
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)?.[0];
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('#')) ?? '';
  try {
    if (pem) return describePublicKey(createPublicKey(pem));
    // name+hexhash+base64: the base64 part may itself hold '+', so split on the first two only
    const vkey = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(line);
    const encoded = Buffer.from(vkey?.[3] ?? '', 'base64');
    if (vkey && encoded.length === 33 && encoded[0] === 0x01) {
      const x = encoded.subarray(1).toString('base64url');
      return describePublicKey(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }));
    }
  } catch (error) {
    throw new UsageError(`custody public key is not a valid ed25519 key: ${(error as Error).message}`, { cause: error });
  }
  throw new UsageError('custody public key is neither a PEM public key nor a verifier key line (name+hash+base64)', {
    hint: 'irctl custody pubkey prints both forms',
  });
}

/** Every key in a trust file: PEM public keys and verifier key lines, `#` comments ignored. */
export function parseTrustFile(text: string): CustodyPublicKey[] {
  const keys: CustodyPublicKey[] = [];
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  for (const pem of pems) keys.push(parsePublicKey(pem));
  const rest = text.replace(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g, '');
  for (const line of rest.split(/\r?\n/).map((l) => l.trim())) {
    if (line.length > 0 && !line.startsWith('#')) keys.push(parsePublicKey(line));
  }
  return keys;
}

/** Keys already parsed, by path, with the file's identity when read: a replaced or rewritten file is read again. */
const loadedKeys = new Map<string, { identity: string; key: CustodySigningKey }>();

function loadPrivate(path: string): CustodySigningKey {
  const stats = statSync(path);
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    throw new RefusedError(`custody signing key ${path} is readable by other users`, { hint: `chmod 600 ${path}` });
  }
  // a checkpoint is signed at every phase end, one of them between the volatile captures and
  // isolate: parsing the key each time cost ~2 ms there
  const identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  const kept = loadedKeys.get(path);
  if (kept?.identity === identity) return kept.key;
  const privateKey = createPrivateKey(readFileSync(path));
  const key = { ...describePublicKey(createPublicKey(privateKey)), privateKey };
  loadedKeys.set(path, { identity, key });
  return key;
}

/** The signing key of this state directory, generated (0600) on first use. Safe when several
 *  processes race: the key is written to a private temp file and linked into place atomically. */
export function loadOrCreateSigningKey(home: string): CustodySigningKey {
  const path = signingKeyPath(home);
  if (existsSync(path)) return loadPrivate(path);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return loadPrivate(path);
}

/** The public key of this state directory's signing key, without creating one. */
export function loadPublicKey(home: string): CustodyPublicKey {
  const path = signingKeyPath(home);
  if (!existsSync(path)) {
    throw new NotFoundError(`no custody signing key at ${path}`, {
      hint: "pass the signer's public key with --pubkey FILE, or point --home at the state directory that signed",
    });
  }
  const { privateKey: _private, ...publicHalf } = loadPrivate(path);
  return publicHalf;
}
