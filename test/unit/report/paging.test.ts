import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../src/engine/incidents.js';
import { pagingOf } from '../../../src/report/model-paging.js';

let seq = 0;
const entry = (kind: string, detail: Record<string, unknown>, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({
  seq: ++seq,
  incident_id: 'inc-1',
  at: `2026-12-02T10:00:0${seq}.000Z`,
  kind,
  step_id: null,
  actor: null,
  detail: JSON.stringify(detail),
  ...extra,
});

describe('the report’s paging section', () => {
  it('lists pages and gate escalations sent, acknowledgements, SLA marks and failed notifications', () => {
    const paging = pagingOf([
      entry('escalated', { source: 'oncall', level: 0, notify: ['on-call'] }),
      entry('escalated', { notify: 'security-lead', visit: 1 }, { step_id: 'approve' }),
      entry('acknowledged', { comment: 'on it' }, { actor: 'alice' }),
      entry('sla_at_risk', { budget: '4 h' }),
      entry('notification_failed', { event: 'escalated', channel: 'slack', to: 'https://hooks.slack.com/…', error: 'HTTP 503', attempts: 5 }),
      entry('step_started', {}),
    ]);
    expect(paging.escalations).toEqual([
      { at: expect.any(String), source: 'oncall', stepId: null, notify: ['on-call'], level: 0 },
      { at: expect.any(String), source: 'gate', stepId: 'approve', notify: ['security-lead'], level: null },
    ]);
    expect(paging.acknowledgements).toEqual([{ at: expect.any(String), actor: 'alice', comment: 'on it' }]);
    expect(paging.slaAtRiskAt).not.toBeNull();
    expect(paging.slaBreachedAt).toBeNull();
    expect(paging.failedNotifications).toEqual([{ at: expect.any(String), event: 'escalated', channel: 'slack', error: 'HTTP 503' }]);
  });
});
