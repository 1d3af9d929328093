import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceRow } from '../evidence/records.js';
import { verifyEvidenceFile } from '../evidence/verify.js';
import { listFindings } from '../investigate/findings.js';
import type { Db } from '../store/db.js';
import { redactDeep, redactEnvEntry, redactText } from './redact.js';
import type { EvidenceItem, Report } from './schema.js';

/** An inspect document larger than this is not parsed for the report (it is still listed and hashed). */
const MAX_INSPECT_BYTES = 16 * 1024 * 1024;

type ContainerConfig = NonNullable<EvidenceItem['containerConfig']>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** What the container ran, read from an inspect document: image, command, and env NAMES only. */
async function containerConfig(evidenceDir: string, row: EvidenceRow): Promise<ContainerConfig | null> {
  if (row.kind !== 'inspect' || row.status !== 'complete' || row.size > MAX_INSPECT_BYTES) return null;
  let handle;
  try {
    handle = await open(join(evidenceDir, row.path), 'r');
    const document = JSON.parse(await handle.readFile('utf8')) as { Config?: Record<string, unknown> };
    const config = document.Config ?? {};
    return {
      image: typeof config.Image === 'string' ? redactText(config.Image) : null,
      command: [...strings(config.Entrypoint), ...strings(config.Cmd)].map(redactText),
      env: strings(config.Env).map(redactEnvEntry),
    };
  } catch {
    return null; // missing, unreadable or not JSON: the verification column already says which
  } finally {
    await handle?.close();
  }
}

export async function evidenceItems(evidenceDir: string, rows: readonly EvidenceRow[]): Promise<EvidenceItem[]> {
  const items: EvidenceItem[] = [];
  for (const row of rows) {
    items.push({
      evidenceId: row.id,
      name: row.name,
      kind: row.kind,
      mediaType: row.media_type,
      size: row.size,
      sha256: row.sha256,
      capturedAt: row.captured_at,
      capturedBy: row.captured_by,
      stepId: row.step_id,
      subject: redactText(row.subject),
      status: row.status,
      verification: (await verifyEvidenceFile(evidenceDir, row)).state,
      error: row.error === null ? null : redactText(row.error),
      containerConfig: await containerConfig(evidenceDir, row),
    });
  }
  return items;
}

/** Findings, when this store has the investigation module's table; absent is not an error. */
export function findingItems(db: Db, incidentId: string): Report['findings'] {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'findings'").get();
  if (!table) return { available: false, items: [] };
  return {
    available: true,
    items: listFindings(db, incidentId).map((row) => ({
      stepId: row.step_id,
      severity: row.severity,
      kind: row.kind,
      evidenceId: row.evidence_id,
      detail: redactDeep(parseJson(row.detail)),
      createdAt: row.created_at,
    })),
  };
}

function parseJson(text: string): NonNullable<Report['findings']['items'][number]['detail']> {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
