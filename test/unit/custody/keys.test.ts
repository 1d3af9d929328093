import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, loadPublicKey, parsePublicKey, publicKeyPem, signingKeyPath, verifierKey } from '../../../src/custody/keys.js';
import { NotFoundError, RefusedError, UsageError } from '../../../src/errors.js';

describe('custody signing keys', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'irctl-keys-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('generates an ed25519 key on first use and stores it readable by its owner only', () => {
    const key = loadOrCreateSigningKey(home);
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(statSync(signingKeyPath(home)).mode & 0o777).toBe(0o600);
  });

  it('reuses the stored key on later calls', () => {
    expect(loadOrCreateSigningKey(home).keyId).toBe(loadOrCreateSigningKey(home).keyId);
  });

  it('derives the key id from the first 16 hex digits of SHA-256 of the raw public key', () => {
    const key = loadOrCreateSigningKey(home);
    expect(key.raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash('sha256').update(key.raw).digest('hex').slice(0, 16));
  });

  it('reads the key again once the file is replaced by another key', () => {
    const first = loadOrCreateSigningKey(home);
    rmSync(signingKeyPath(home));
    const second = loadOrCreateSigningKey(home); // a new key generated in its place
    expect(second.keyId).not.toBe(first.keyId);
    expect(loadOrCreateSigningKey(home).keyId).toBe(second.keyId);
  });

  it('refuses a signing key other users can read', () => {
    loadOrCreateSigningKey(home);
    chmodSync(signingKeyPath(home), 0o644);
    expect(() => loadOrCreateSigningKey(home)).toThrow(RefusedError);
  });

  it('does not create a key when only the public half is asked for', () => {
    expect(() => loadPublicKey(home)).toThrow(NotFoundError);
  });

  it('reads back the public key from its PEM form and from its verifier key line', () => {
    const key = loadOrCreateSigningKey(home);
    const printed = `# comment\n# verifier key: ${verifierKey(key)}\n${publicKeyPem(key)}`;
    expect(parsePublicKey(printed).keyId).toBe(key.keyId);
    expect(parsePublicKey(verifierKey(key)).keyId).toBe(key.keyId);
  });

  it('rejects text that is no public key', () => {
    expect(() => parsePublicKey('hello')).toThrow(UsageError);
  });
});
