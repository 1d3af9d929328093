// Shared by the shipped-runbook end-to-end tests: a state directory with a roles file, the real
// CLI (in-process: the same main() bin.ts calls) against the shipped runbooks, and read-only views of the store.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { testDocker } from '../helpers/docker.js';
import { runCli } from '../helpers/run-cli.js';

export const SHIPPED_RUNBOOKS = new URL('../../runbooks', import.meta.url).pathname;

export interface RunbookWorkspace {
  home: string;
  evidenceDir: string;
  /** Run irctl as `actor` (responder: operator, approver: admin). */
  irctl(actor: 'responder' | 'approver', args: string[]): Promise<{ code: number | null; output: string }>;
  incidentId(): string;
  query<T>(sql: string, ...params: unknown[]): T[];
  /** Remove the forensic images this workspace's incidents committed (evidence.commit labels them). */
  removeForensicImages(): Promise<void>;
}

export function runbookWorkspace(): RunbookWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-runbook-'));
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'roles.yaml'), 'actors:\n  responder: operator\n  approver: admin\n');
  const evidenceDir = join(dir, 'evidence');
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(home, 'irctl.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  return {
    home,
    evidenceDir,
    irctl: async (actor, args) => {
      const result = await runCli(['--home', home, '--evidence-dir', evidenceDir, '--runbooks', SHIPPED_RUNBOOKS, '--as', actor, ...args]);
      return { code: result.code, output: result.out + result.err };
    },
    incidentId: () => query<{ id: string }>('SELECT id FROM incidents ORDER BY created_at DESC LIMIT 1')[0]!.id,
    query,
    removeForensicImages: async () => {
      const docker = testDocker();
      for (const { id } of query<{ id: string }>('SELECT id FROM incidents')) {
        const images = await docker.listImages({ filters: { label: [`irctl.incident=${id}`] } });
        for (const image of images) await docker.getImage(image.Id).remove({ force: true });
      }
    },
  };
}

/** Run a shipped runbook up to its approval gate (exit 3), then approve it and resume to the end. */
export async function runThroughApproval(ws: RunbookWorkspace, runbook: string, inputs: Record<string, string>): Promise<string> {
  const started = await ws.irctl('responder', ['run', runbook, ...Object.entries(inputs).flatMap(([k, v]) => ['--input', `${k}=${v}`])]);
  expect(started.code, started.output).toBe(3);
  const incidentId = ws.incidentId();
  const approved = await ws.irctl('approver', ['approve', incidentId, '--resume']);
  expect(approved.code, approved.output).toBe(0);
  return incidentId;
}

export interface FindingRow {
  step_id: string;
  severity: string;
  kind: string;
  evidence_id: string | null;
  detail: string;
}

export function findings(ws: RunbookWorkspace, incidentId: string): FindingRow[] {
  return ws.query<FindingRow>('SELECT step_id, severity, kind, evidence_id, detail FROM findings WHERE incident_id = ? ORDER BY id', incidentId);
}

/** Every complete artifact's file hashes to its recorded sha256; returns the rows by kind. */
export function expectEvidenceIntact(ws: RunbookWorkspace, incidentId: string): Map<string, { path: string; sha256: string }[]> {
  const rows = ws.query<{ kind: string; path: string; sha256: string }>(
    "SELECT kind, path, sha256 FROM evidence WHERE incident_id = ? AND status = 'complete'",
    incidentId,
  );
  const byKind = new Map<string, { path: string; sha256: string }[]>();
  for (const row of rows) {
    expect(
      createHash('sha256')
        .update(readFileSync(join(ws.evidenceDir, row.path)))
        .digest('hex'),
      row.path,
    ).toBe(row.sha256);
    byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);
  }
  return byKind;
}

/** `irctl custody verify` passes: the chain, every evidence file, every checkpoint signature. */
export async function expectCustodyVerifies(ws: RunbookWorkspace, incidentId: string): Promise<void> {
  const verified = await ws.irctl('responder', ['custody', 'verify', incidentId]);
  expect(verified.code, verified.output).toBe(0);
  expect(verified.output).toContain(`ok   ${incidentId}`);
}
