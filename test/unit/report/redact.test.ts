import { describe, expect, it } from 'vitest';
import { REDACTED, redactDeep, redactEnvEntry, redactText } from '../../../src/report/redact.js';

describe('redaction', () => {
  it('redacts NAME=value when the name announces a secret', () => {
    expect(redactText('export DB_PASSWORD=hunter2 and API_KEY=abc123; GITHUB_TOKEN="x y"')).toBe(
      `export DB_PASSWORD=${REDACTED} and API_KEY=${REDACTED}; GITHUB_TOKEN=${REDACTED}`,
    );
  });

  it('keeps NAME=value when the name is not secret-looking', () => {
    expect(redactText('PORT=8080 MODE=prod')).toBe('PORT=8080 MODE=prod');
  });

  it('redacts AWS access key ids wherever they appear', () => {
    expect(redactText('found AKIAIOSFODNN7EXAMPLE in /root/.aws')).toBe(`found ${REDACTED} in /root/.aws`);
  });

  it('redacts bearer tokens', () => {
    expect(redactText('Authorization: Bearer eyJhbGciOi.abc.def')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('leaves base64 signatures and hashes alone even when they spell SECRET=', () => {
    const signature = 'uK7YEvkZT7wUaAvU3dRANcmsv7rZ1tDMsVZRsdkiSECRET=';
    expect(redactText(signature)).toBe(signature);
  });

  it('redacts every environment value, keeping the name', () => {
    expect(redactEnvEntry('PATH=/usr/bin')).toBe(`PATH=${REDACTED}`);
    expect(redactEnvEntry('NOVALUE')).toBe('NOVALUE');
  });

  it('redacts nested JSON: secret-named keys whole, env arrays by entry, free text by pattern', () => {
    expect(redactDeep({ password: 'p', Env: ['A=1'], note: 'TOKEN=t', nested: [{ aws_secret_access_key: 'k' }], count: 3 })).toEqual({
      password: REDACTED,
      Env: [`A=${REDACTED}`],
      note: `TOKEN=${REDACTED}`,
      nested: [{ aws_secret_access_key: REDACTED }],
      count: 3,
    });
  });
});

describe('redaction of more secret shapes', () => {
  it('redacts the value after a secret-named long flag, with a space or =', () => {
    expect(redactText('mysql -u root --password hunter2 --host db')).toBe(`mysql -u root --password ${REDACTED} --host db`);
    expect(redactText('curl --api-key=abc123 https://x')).toBe(`curl --api-key=${REDACTED} https://x`);
    expect(redactText('run --verbose --port 8080')).toBe('run --verbose --port 8080');
  });

  it('redacts secret-named JSON fields, escaped quotes included', () => {
    expect(redactText('{"user":"bob","password":"p\\"w","token": "t-1"}')).toBe(`{"user":"bob","password":"${REDACTED}","token": "${REDACTED}"}`);
  });

  it('redacts JWTs and private-key blocks wherever they appear', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(redactText(`cookie=${'x'} auth ${jwt} end`)).toBe(`cookie=x auth ${REDACTED} end`);
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    expect(redactText(`key:\n${pem}\nafter`)).toBe(`key:\n-----BEGIN RSA PRIVATE KEY----- ${REDACTED} -----END RSA PRIVATE KEY-----\nafter`);
    expect(redactText('Authorization: Bearer abc.def-ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
  });
});
