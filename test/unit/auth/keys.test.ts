import { describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from '../../../src/auth/keys.js';
import { NotFoundError } from '../../../src/errors.js';
import { openStore } from '../../../src/schema.js';

describe('API keys', () => {
  it('makes a key with a visible id prefix and at least 32 random bytes', () => {
    const { key, keyId } = createApiKey(openStore(':memory:'), { actor: 'grafana', createdBy: 'alice' });
    expect(key.startsWith(`irk_${keyId}_`)).toBe(true);
    expect(Buffer.from(key.slice(`irk_${keyId}_`.length), 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('stores only a hash of the key, never the key', () => {
    const db = openStore(':memory:');
    const { key, keyId } = createApiKey(db, { actor: 'grafana', createdBy: 'alice' });
    const row = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    expect(row).not.toContain(key.slice(`irk_${keyId}_`.length));
    expect(row).toMatch(/"key_sha256":"[0-9a-f]{64}"/);
  });

  it('verifies a key to its actor and role', () => {
    const db = openStore(':memory:');
    const { key, keyId } = createApiKey(db, { actor: 'alertmanager', role: 'operator', createdBy: 'alice' });
    expect(verifyApiKey(db, key)).toEqual({ keyId, actor: 'alertmanager', createdBy: 'alice', role: 'operator' });
  });

  it('rejects a key with a changed secret, an unknown id, or a malformed shape', () => {
    const db = openStore(':memory:');
    const { key } = createApiKey(db, { actor: 'grafana', createdBy: 'alice' });
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyApiKey(db, key.slice(0, -1) + last)).toBeUndefined();
    expect(verifyApiKey(db, key.replace(/^irk_[0-9a-f]{8}/, 'irk_00000000'))).toBeUndefined();
    expect(verifyApiKey(db, 'Bearer nonsense')).toBeUndefined();
  });

  it('stops verifying a key once it is revoked, and lists who revoked it', () => {
    const db = openStore(':memory:');
    const { key, keyId } = createApiKey(db, { actor: 'grafana', createdBy: 'alice' });
    revokeApiKey(db, keyId, 'bob');
    expect(verifyApiKey(db, key)).toBeUndefined();
    expect(listApiKeys(db)[0]).toMatchObject({ key_id: keyId, revoked_by: 'bob' });
  });

  it('says which key was not found when revoking an unknown id', () => {
    expect(() => revokeApiKey(openStore(':memory:'), 'deadbeef', 'bob')).toThrow(NotFoundError);
  });
});
