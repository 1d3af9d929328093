import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { IrctlError, RefusedError, UsageError } from '../errors.js';
import { parseCheckpoint, type ParsedCheckpoint } from './checkpoint.js';

// Witness cosignatures on checkpoints, as C2SP tlog-cosignature (c2sp.org/tlog-cosignature)
// "cosignature/v1" with Ed25519: one more signed-note line on the checkpoint,
//
//   — <witness name> base64(key ID[4] ‖ timestamp[8, big-endian POSIX seconds] ‖ ed25519 signature[64])
//
// key ID = SHA-256(<name> ‖ "\n" ‖ 0x04 ‖ 32-byte public key)[:4], and the signature is over
//
//   cosignature/v1\n
//   time <timestamp>\n
//   <the checkpoint body: origin, count, root hash, each line ending in \n>
//
// The witness key is kept off the irctl host; a cosignature says "as of <time>, I saw this
// checkpoint, signed by the custody key". A host-key holder can re-sign a rewritten ledger, but
// cannot make the witness cosign it after the fact.

const COSIGNATURE_V1 = 0x04;
const SIGNATURE_PREFIX = '\u2014 ';
/** A cosignature stamped this far ahead of the verifier's clock is refused (tlog-cosignature allows refusing future ones). */
const FUTURE_SKEW_SECONDS = 300;

export interface WitnessPublicKey {
  publicKey: KeyObject;
  raw: Buffer; // 32 bytes
  /** The witness name from a verifier key; undefined for a bare PEM key: any name whose key ID matches. */
  name?: string;
}

export interface WitnessSigningKey extends WitnessPublicKey {
  name: string;
  privateKey: KeyObject;
}

export function witnessKeyId(name: string, raw: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([COSIGNATURE_V1]), raw]))
    .digest()
    .subarray(0, 4);
}

/** The name a witness key signs as unless told otherwise: irctl-witness-<first 16 hex of SHA-256(public key)>. */
export function defaultWitnessName(raw: Buffer): string {
  return `irctl-witness-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
}

/** The public key as a C2SP verifier key: name+hex key ID+base64(0x04 ‖ public key). */
export function witnessVerifierKey(key: WitnessSigningKey): string {
  return `${key.name}+${witnessKeyId(key.name, key.raw).toString('hex')}+${Buffer.concat([Buffer.from([COSIGNATURE_V1]), key.raw]).toString('base64')}`;
}

function checkName(name: string): string {
  if (name.length === 0 || /[\s+]/.test(name))
    throw new UsageError(`witness name ${JSON.stringify(name)} must be non-empty, without spaces or "+" (a signed-note key name)`);
  return name;
}

function rawOf(publicKey: KeyObject, what: string): Buffer {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new UsageError(`${what} is ${publicKey.asymmetricKeyType ?? 'not asymmetric'}, expected ed25519`);
  return Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
}

/** A witness private key: Ed25519, PEM (PKCS#8), e.g. from `openssl genpkey -algorithm ed25519`. */
export function parseWitnessSigningKey(text: string, file: string, mode: number | undefined, name?: string): WitnessSigningKey {
  if (mode !== undefined && (mode & 0o077) !== 0) throw new RefusedError(`witness key ${file} is readable by other users`, { hint: `chmod 600 ${file}` });
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(text);
  } catch (error) {
    throw new UsageError(`witness key ${file} is not a PEM private key: ${(error as Error).message}`, {
      hint: 'make one with: openssl genpkey -algorithm ed25519 -out witness.key && openssl pkey -in witness.key -pubout -out witness.pub',
      cause: error,
    });
  }
  const publicKey = createPublicKey(privateKey);
  const raw = rawOf(publicKey, `witness key ${file}`);
  return { publicKey, raw, privateKey, name: checkName(name ?? defaultWitnessName(raw)) };
}

/** A witness public key: a verifier key line (name+keyid+base64(0x04 ‖ key)) or a PEM public key; `#` lines ignored. */
export function parseWitnessPublicKey(text: string, file: string): WitnessPublicKey {
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)?.[0];
  try {
    if (pem) {
      const publicKey = createPublicKey(pem);
      return { publicKey, raw: rawOf(publicKey, `witness public key ${file}`) };
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`witness public key ${file} is not a valid ed25519 key: ${(error as Error).message}`, { cause: error });
  }
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('#')) ?? '';
  const vkey = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(line);
  const encoded = Buffer.from(vkey?.[3] ?? '', 'base64');
  if (!vkey || encoded.length !== 33 || encoded[0] !== COSIGNATURE_V1) {
    throw new UsageError(`witness public key ${file} is neither a PEM public key nor a cosignature/v1 verifier key (name+keyid+base64 of 0x04 and the key)`, {
      hint: 'irctl custody cosign prints the witness verifier key; openssl pkey -in witness.key -pubout gives the PEM',
    });
  }
  const raw = encoded.subarray(1);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  if (!witnessKeyId(vkey[1]!, raw).equals(Buffer.from(vkey[2]!, 'hex')))
    throw new UsageError(`witness public key ${file}: its key ID does not match its name and key`);
  return { publicKey, raw, name: vkey[1]! };
}

export function cosignedMessage(body: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

/** The checkpoint note with this witness's cosignature line appended (replacing an earlier one by the same witness). */
export function cosignCheckpoint(
  checkpoint: ParsedCheckpoint,
  key: WitnessSigningKey,
  now: Date = new Date(),
): { note: string; timestamp: number; line: string } {
  const timestamp = Math.floor(now.getTime() / 1000);
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignedMessage(checkpoint.body, timestamp), key.privateKey);
  const keyId = witnessKeyId(key.name, key.raw);
  const line = `${SIGNATURE_PREFIX}${key.name} ${Buffer.concat([keyId, stamp, signature]).toString('base64')}`;
  const others = checkpoint.signatures
    .filter((s) => !(s.keyName === key.name && s.keyHash.equals(keyId)))
    .map((s) => `${SIGNATURE_PREFIX}${s.keyName} ${s.encoded}`);
  return { note: `${checkpoint.body}\n${[...others, line].join('\n')}\n`, timestamp, line };
}

export type CosignatureCheck = { ok: true; witness: string; timestamp: number } | { ok: false; present: boolean; reason: string };

/**
 * Does the checkpoint carry a valid cosignature by this witness key? Lines by other keys are
 * ignored, as signed-note says; with a PEM key (no name) a line counts as the witness's when its
 * key ID matches the key under the line's own name.
 */
export function verifyCosignature(checkpoint: ParsedCheckpoint, key: WitnessPublicKey, now: Date = new Date()): CosignatureCheck {
  const lines = checkpoint.signatures.filter((s) => (key.name === undefined || s.keyName === key.name) && s.keyHash.equals(witnessKeyId(s.keyName, key.raw)));
  const who = key.name ?? `the witness key ${defaultWitnessName(key.raw)}`;
  if (lines.length === 0) {
    const names = checkpoint.signatures.map((s) => s.keyName).join(', ') || 'none';
    return { ok: false, present: false, reason: `no cosignature by ${who} (signed by: ${names})` };
  }
  for (const line of lines) {
    const bytes = Buffer.from(line.encoded, 'base64').subarray(4);
    if (bytes.length !== 8 + 64)
      return { ok: false, present: true, reason: `the cosignature line of ${line.keyName} is not a cosignature/v1 (timestamp and Ed25519 signature)` };
    const timestamp = bytes.readBigUInt64BE(0);
    if (timestamp > BigInt(Math.floor(now.getTime() / 1000) + FUTURE_SKEW_SECONDS)) {
      return { ok: false, present: true, reason: `the cosignature of ${line.keyName} is dated in the future (${timestamp})` };
    }
    if (verify(null, cosignedMessage(checkpoint.body, Number(timestamp)), key.publicKey, bytes.subarray(8)))
      return { ok: true, witness: line.keyName, timestamp: Number(timestamp) };
  }
  return { ok: false, present: true, reason: `the cosignature of ${lines[0]!.keyName} does not verify: the checkpoint or its cosignature was altered` };
}

/** A witness cosignature found on a checkpoint: who, when (POSIX seconds), on which note. */
export interface FoundCosignature {
  witness: string;
  timestamp: number;
  cosignedAt: string;
  checkpoint: string;
}

/** Why one witness key's requirement failed: which key, and the note it is about (when one had a bad line). */
export interface MissingCosignature {
  witnessLabel: string;
  checkpoint: string | null;
  message: string;
}

/**
 * Each witness key must have cosigned at least one of the notes. Whether each note is itself signed
 * by the custody key and fits the ledger is the custody verifier's job; damaged notes are skipped here.
 */
export function findCosignatures(
  witnesses: { label: string; key: WitnessPublicKey }[],
  notes: { label: string; text: string }[],
  now: Date = new Date(),
): { found: FoundCosignature[]; missing: MissingCosignature[] } {
  const parsed = notes.flatMap((note) => {
    try {
      return [{ label: note.label, checkpoint: parseCheckpoint(note.text) }];
    } catch (error) {
      if (error instanceof IrctlError) return [];
      throw error;
    }
  });
  const found: FoundCosignature[] = [];
  const missing: MissingCosignature[] = [];
  for (const witness of witnesses) {
    const checks = parsed.map((note) => ({ label: note.label, check: verifyCosignature(note.checkpoint, witness.key, now) }));
    const good = checks.find((c) => c.check.ok);
    if (good?.check.ok) {
      found.push({
        witness: good.check.witness,
        timestamp: good.check.timestamp,
        cosignedAt: new Date(good.check.timestamp * 1000).toISOString(),
        checkpoint: good.label,
      });
      continue;
    }
    const bad = checks.find((c) => !c.check.ok && c.check.present);
    const where =
      parsed.length === 0
        ? 'there is no checkpoint to check'
        : bad && !bad.check.ok
          ? `${bad.label}: ${bad.check.reason}`
          : `none of the ${parsed.length} checkpoint(s) (${parsed.map((n) => n.label).join(', ')}) carries a cosignature by it`;
    missing.push({
      witnessLabel: witness.label,
      checkpoint: bad?.label ?? null,
      message: `witness cosignature missing or wrong for ${witness.label}: ${where}`,
    });
  }
  return { found, missing };
}
