import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A runbook with core.log steps around one approval gate; `gate` overrides the approval fields. */
export function gateRunbook(gate: Record<string, unknown> = {}, extraSteps: unknown[] = [], containFailure = 'abort'): string {
  return stringify({
    apiVersion: 'irctl/v1',
    kind: 'Runbook',
    name: 'gated',
    severity: 'high',
    steps: [
      { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' }, on_failure: containFailure },
      { id: 'approve-recovery', phase: 'recovery', approval: { message: 'Recreate web-1 from a clean image', roles: ['admin'], ...gate } },
      { id: 'rebuild', uses: 'core.log', with: { message: 'rebuilt' } },
      ...extraSteps,
    ],
  });
}

export const DEFAULT_ROLES = { alice: 'admin', bob: 'admin', carol: 'admin', olga: 'operator', victor: 'viewer' };

/** A state directory with a roles file and a runbook file, and the global CLI flags for it. */
export function approvalWorkspace(runbookYaml: string = gateRunbook(), actors: Record<string, string> = DEFAULT_ROLES) {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-approvals-'));
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'roles.yaml'), stringify({ actors }));
  const runbook = join(dir, 'gated.yaml');
  writeFileSync(runbook, runbookYaml);
  return { dir, home, runbook, db: join(home, 'irctl.db'), args: ['--home', home, '--evidence-dir', join(dir, 'evidence')] };
}

/** contain → gate → note → back to the gate, for as long as the gate is approved. */
export const gateLoopRunbook = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'gate-loop',
  severity: 'high',
  steps: [
    { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' } },
    { id: 'gate', phase: 'recovery', approval: { roles: ['admin'] } },
    { id: 'note', uses: 'core.log', with: { message: 'looked again' }, next: 'gate' },
  ],
});
