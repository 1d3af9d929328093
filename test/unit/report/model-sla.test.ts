import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '../../../src/engine/incidents.js';
import { computeSla } from '../../../src/report/model-sla.js';
import type { PhaseBand, StepRun } from '../../../src/report/schema.js';

const OPENED = '2025-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(OPENED) + minutes * 60_000).toISOString();

function incident(fields: Partial<IncidentRow>): IncidentRow {
  return { created_at: OPENED, severity: 'critical', status: 'running', finished_at: null, ...fields } as IncidentRow;
}

const containStep: StepRun = {
  stepId: 'isolate',
  attempt: 1,
  action: 'docker.isolate',
  phase: 'containment',
  status: 'finished',
  startedAt: at(1),
  endedAt: at(2),
  durationMs: 60_000,
  summary: null,
  error: null,
};
const recovery = (end: string | null): PhaseBand[] => [
  { phase: 'containment', startedAt: at(0), endedAt: at(30) },
  { phase: 'recovery', startedAt: at(30), endedAt: end },
];

describe('response SLA', () => {
  it('is met when recovery ends inside the budget, with time to contain from the first containment step', () => {
    const sla = computeSla(incident({ status: 'succeeded', finished_at: at(90) }), recovery(at(90)), [containStep], [], new Date(at(100)));
    expect(sla).toMatchObject({ budget: '4 h', state: 'met', timeToContainMs: 2 * 60_000, containedBy: 'step isolate finished', timeToRecoverMs: 90 * 60_000 });
  });

  it('does not count a log line in the containment phase as containing anything', () => {
    const announce: StepRun = { ...containStep, stepId: 'announce', action: 'core.log', endedAt: at(0.5) };
    expect(computeSla(incident({}), [], [announce, containStep], [], new Date(at(5)))).toMatchObject({
      containedBy: 'step isolate finished',
      timeToContainMs: 2 * 60_000,
    });
    expect(computeSla(incident({}), [], [announce], [], new Date(at(5)))).toMatchObject({ containedBy: null, timeToContainMs: null });
  });

  it('takes an earlier contained custody act over a later step', () => {
    const record = { act: 'contained', recordedAt: at(1), seq: 3 } as never;
    expect(computeSla(incident({}), [], [containStep], [record], new Date(at(5))).containedBy).toBe('custody record 3 (contained)');
  });

  it('is breached when recovery ends after the budget', () => {
    expect(computeSla(incident({ status: 'succeeded', finished_at: at(300) }), recovery(at(300)), [], [], new Date(at(301))).state).toBe('breached');
  });

  it('is pending while unresolved before the deadline, breached after it', () => {
    expect(computeSla(incident({}), recovery(null), [], [], new Date(at(60))).state).toBe('pending');
    expect(computeSla(incident({}), recovery(null), [], [], new Date(at(241))).state).toBe('breached');
  });

  it('does not count a recovery phase cut short by a failure as recovered', () => {
    const sla = computeSla(incident({ status: 'failed', finished_at: at(40) }), recovery(at(40)), [], [], new Date(at(60)));
    expect(sla).toMatchObject({ recoveredAt: null, state: 'pending' });
  });

  it('uses a week for medium and a month for low severity', () => {
    expect(computeSla(incident({ severity: 'medium' }), [], [], [], new Date(OPENED)).budgetMs).toBe(7 * 24 * 3_600_000);
    expect(computeSla(incident({ severity: 'low' }), [], [], [], new Date(OPENED)).budget).toBe('1 month');
  });
});
