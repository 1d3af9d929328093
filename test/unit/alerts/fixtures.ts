import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePayloadText } from '../../../src/alerts/payload-text.js';

/** The project's own copies of alert payloads (never ../shared, which a user's clone lacks). */
export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/alerts/', import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURE_DIR}${name}`;
}

/** A fixture file parsed as a payload (JSON, or JSON lines → list). */
export function loadFixture(name: string): unknown {
  return parsePayloadText(readFileSync(fixturePath(name), 'utf8'));
}
