// Reports are pasted into tickets and wikis; secrets captured as evidence must not travel with
// them. The evidence files keep their bytes (their hashes are what custody verifies); only what a
// report shows is redacted.

export const REDACTED = '‹redacted›';

/** Names that announce a secret: API_KEY, GITHUB_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, … */
const SECRET_NAME = /(?:KEY|TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIALS?|AUTH)/i;

// NAME=value inside free text; NAME must not follow a base64/word character, so hashes,
// signatures and base64 padding ("…SECRET=") are left alone.
const ASSIGNMENT = /(^|[^A-Za-z0-9_+/=-])([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|[^\s"',;&]*)/g;
// AWS access key ids stand out on their own, named or not.
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/g;
// --password value, --api-key=value, -p is too short to tell: only long flags with a secret name.
const FLAG = /(^|\s)(--[A-Za-z][A-Za-z0-9_-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)/g;
// "password": "…" in JSON (logs, inspect output pasted in a comment)
const JSON_FIELD = /("([A-Za-z0-9_.-]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
// JSON Web Tokens: header.payload.signature, the first two base64url JSON objects ("eyJ")
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Redact secret-looking values in free text: `NAME=value` and `--name value` with a secret name,
 * `"name": "value"` in JSON, AWS key ids, bearer/basic credentials, JWTs, private-key blocks.
 */
export function redactText(text: string): string {
  return text
    .replace(PRIVATE_KEY_BLOCK, (_match, kind: string) => `-----BEGIN ${kind}PRIVATE KEY----- ${REDACTED} -----END ${kind}PRIVATE KEY-----`)
    .replace(JWT, REDACTED)
    .replace(FLAG, (match, before: string, flag: string, separator: string, value: string) =>
      isSecretName(flag) && value !== REDACTED && !value.startsWith('--') ? `${before}${flag}${separator}${REDACTED}` : match,
    )
    .replace(JSON_FIELD, (match, head: string, name: string, value: string) =>
      isSecretName(name) && value.length > 0 && value !== REDACTED ? `${head}"${REDACTED}"` : match,
    )
    .replace(ASSIGNMENT, (match, before: string, name: string, value: string) =>
      isSecretName(name) && value !== REDACTED && value.length > 0 ? `${before}${name}=${REDACTED}` : match,
    )
    .replace(AWS_ACCESS_KEY_ID, REDACTED)
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}

/** An environment entry from an inspect document: the name stays, the value never appears. */
export function redactEnvEntry(entry: string): string {
  const equals = entry.indexOf('=');
  return equals < 0 ? entry : `${entry.slice(0, equals)}=${REDACTED}`;
}

/** Redact every string in a JSON value; a value under a secret-named key is redacted whole. */
export function redactDeep<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return key !== undefined && isSecretName(key) && value.length > 0 ? REDACTED : redactText(value);
  if (Array.isArray(value)) {
    // Env arrays (["NAME=value", …]) under a key named env: every value goes
    if (key !== undefined && /^env$/i.test(key)) return value.map((item) => (typeof item === 'string' ? redactEnvEntry(item) : redactValue(item, undefined)));
    return value.map((item) => redactValue(item, undefined));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, redactValue(inner, name)]));
  }
  return value;
}
