import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { decisionHint, refuseSkipOfReadOutputs, stepsReadingOutputs } from '../../../src/engine/skip-rule.js';
import { loadRunbook } from '../../../src/runbook/load.js';

const log = (id: string, message: string, extra: Record<string, unknown> = {}) => ({ id, uses: 'core.log', with: { message }, ...extra });
const cutOff = { id: 'rebuild', phase: 'recovery', uses: 'exec.host', with: { command: ['true'] } };

function runbookOf(steps: unknown[]) {
  const source = stringify({ apiVersion: 'irctl/v1', kind: 'Runbook', name: 'skip-rule', severity: 'high', steps });
  return loadRunbook(source, 'skip-rule.yaml').runbook;
}

describe('stepsReadingOutputs', () => {
  it('names a later step whose with reads the step outputs', () => {
    const runbook = runbookOf([cutOff, log('verify', 'container ${{ steps.rebuild.outputs.stdout }}')]);
    expect(stepsReadingOutputs(runbook, 'rebuild')).toEqual(['verify']);
  });

  it('names a later step whose bare if reads the step outputs', () => {
    const runbook = runbookOf([cutOff, log('verify', 'checked', { if: 'steps.rebuild.outputs.exit_code == 0' })]);
    expect(stepsReadingOutputs(runbook, 'rebuild')).toEqual(['verify']);
  });

  it('names the step itself when its own next condition reads its outputs', () => {
    const runbook = runbookOf([{ ...cutOff, next: [{ if: "steps.rebuild.outputs.stdout == ''", goto: 'end' }] }, log('verify', 'checked')]);
    expect(stepsReadingOutputs(runbook, 'rebuild')).toEqual(['rebuild']);
  });

  it('names a parallel branch that reads the step outputs', () => {
    const runbook = runbookOf([cutOff, { id: 'checks', parallel: [log('probe', '${{ steps.rebuild.outputs.stdout }}'), log('other', 'x')] }]);
    expect(stepsReadingOutputs(runbook, 'rebuild')).toEqual(['probe']);
  });

  it('ignores a step that cannot run after the skipped one', () => {
    const runbook = runbookOf([
      log('route', 'routing', { next: [{ if: "incident.id == 'elsewhere'", goto: 'fallback' }] }),
      { ...cutOff, next: 'end' },
      log('fallback', 'rebuild said ${{ steps.rebuild.outputs.stdout }}'),
    ]);
    expect(stepsReadingOutputs(runbook, 'rebuild')).toEqual([]);
  });

  it('ignores reads of the step outcome, which a skip still sets', () => {
    const runbook = runbookOf([cutOff, log('verify', 'rebuild was ${{ steps.rebuild.outcome }}')]);
    expect(stepsReadingOutputs(runbook, 'rebuild')).toEqual([]);
  });
});

describe('refuseSkipOfReadOutputs', () => {
  it('throws a usage error naming the reading step with a retry hint', () => {
    const runbook = runbookOf([cutOff, log('verify', '${{ steps.rebuild.outputs.stdout }}')]);
    let thrown: unknown;
    try {
      refuseSkipOfReadOutputs(runbook, 'inc-1', 'rebuild');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).exitCode).toBe(2);
    expect((thrown as UsageError).message).toContain('step "verify" uses its outputs');
    expect((thrown as UsageError).hint).toContain('irctl resume inc-1 --retry-step rebuild');
  });

  it('lets a skip through when nothing reads the step outputs', () => {
    const runbook = runbookOf([cutOff, log('verify', 'checked')]);
    expect(() => refuseSkipOfReadOutputs(runbook, 'inc-1', 'rebuild')).not.toThrow();
  });
});

describe('decisionHint', () => {
  it('offers skipping only when no step reads the outputs', () => {
    expect(decisionHint('inc-1', 'rebuild', [])).toBe('irctl resume inc-1 --retry-step rebuild  or  --skip-step rebuild');
    const refused = decisionHint('inc-1', 'rebuild', ['verify']);
    expect(refused).toContain('irctl resume inc-1 --retry-step rebuild (');
    expect(refused).not.toContain('or  --skip-step');
    expect(refused).toContain('irctl abort inc-1, then irctl release inc-1');
  });
});
