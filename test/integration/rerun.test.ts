import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { irctl as runIrctl } from '../helpers/run-cli.js';

const RUNBOOK = new URL('../fixtures/runbooks/engine/durable.yaml', import.meta.url).pathname;

describe('irctl rerun', () => {
  it('opens a new incident with the same inputs that starts at the chosen step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irctl-rerun-'));
    const args = ['--home', join(dir, 'home'), '--evidence-dir', join(dir, 'evidence')];
    const first = await runIrctl([...args, '--json', 'run', RUNBOOK, '--input', `marker=${join(dir, 'marker')}`]);
    expect(first.code).toBe(0);
    const firstId = JSON.parse(first.output.slice(first.output.indexOf('{'))).incidentId as string;

    const rerun = await runIrctl([...args, '--json', 'rerun', firstId, '--from', 'fourth']);
    expect(rerun.code).toBe(0);
    const result = JSON.parse(rerun.output.slice(rerun.output.indexOf('{'))) as { incidentId: string; status: string };
    expect(result.status).toBe('succeeded');

    const db = new Database(join(dir, 'home', 'irctl.db'), { readonly: true });
    const steps = db
      .prepare("SELECT step_id FROM step_journal WHERE incident_id = ? AND status = 'finished' ORDER BY attempt, started_at")
      .all(result.incidentId) as { step_id: string }[];
    const incident = db.prepare('SELECT rerun_of, start_at, inputs FROM incidents WHERE id = ?').get(result.incidentId) as {
      rerun_of: string;
      start_at: string;
      inputs: string;
    };
    db.close();
    expect(steps.map((s) => s.step_id).sort()).toEqual(['fifth', 'fourth']);
    expect(incident.rerun_of).toBe(firstId);
    expect(incident.start_at).toBe('fourth');
    expect(JSON.parse(incident.inputs).marker).toBe(join(dir, 'marker'));
  });

  it('refuses a step that is not in the runbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irctl-rerun-'));
    const args = ['--home', join(dir, 'home'), '--evidence-dir', join(dir, 'evidence')];
    const first = await runIrctl([...args, '--json', 'run', RUNBOOK, '--input', `marker=${join(dir, 'marker')}`]);
    const firstId = JSON.parse(first.output.slice(first.output.indexOf('{'))).incidentId as string;
    const rerun = await runIrctl([...args, 'rerun', firstId, '--from', 'nope']);
    expect(rerun.code).toBe(2);
    expect(rerun.output).toContain('step "nope" is not a top-level step of durable');
  });
});
