import { describe, expect, it } from 'vitest';
import { findingOutputs, listFindings, saveFindings, type Finding } from '../../../src/investigate/findings.js';
import { evidenceFixture } from '../evidence/fixtures.js';

const cron: Finding = { severity: 'high', kind: 'cron', evidenceId: null, detail: { path: '/etc/cron.d/evil' } };
const log: Finding = { severity: 'low', kind: 'ioc-match', evidenceId: null, detail: { line: 3 } };

describe('findings store', () => {
  it('gives count, max severity and kinds as outputs a runbook if can test', () => {
    expect(findingOutputs([log, cron, log])).toEqual({ count: 3, max_severity: 'high', kinds: ['cron', 'ioc-match'] });
    expect(findingOutputs([])).toEqual({ count: 0, max_severity: 'none', kinds: [] });
  });

  it('keeps one answer per step: a step that runs again replaces what it found before', () => {
    const { db, incidentId } = evidenceFixture();
    saveFindings(db, incidentId, 'review', [cron, log]);
    saveFindings(db, incidentId, 'scan', [log]);
    saveFindings(db, incidentId, 'review', [cron]);
    expect(listFindings(db, incidentId).map((row) => [row.step_id, row.kind, JSON.parse(row.detail)])).toEqual([
      ['scan', 'ioc-match', { line: 3 }],
      ['review', 'cron', { path: '/etc/cron.d/evil' }],
    ]);
  });

  it('refuses a severity outside the scale', () => {
    const { db, incidentId } = evidenceFixture();
    expect(() => saveFindings(db, incidentId, 'x', [{ ...cron, severity: 'urgent' as never }])).toThrow(/CHECK constraint/);
  });
});
