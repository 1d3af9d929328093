import { describe, expect, it } from 'vitest';
import { timelineEvents } from '../../../src/report/model-timeline.js';
import type { TimelineEntry } from '../../../src/engine/incidents.js';

const entry = (kind: string, detail: Record<string, unknown>, stepId: string | null = null): TimelineEntry => ({
  seq: 1,
  incident_id: 'inc-1',
  at: '2026-11-24T10:00:00.000Z',
  kind,
  step_id: stepId,
  actor: 'alice',
  detail: JSON.stringify(detail),
});

describe('timeline sentences', () => {
  it('says where a run stopped and why, in words rather than JSON', () => {
    const [interrupted, detached] = timelineEvents(
      [entry('run_stopped', { reason: 'SIGINT' }, 'watch'), entry('run_stopped', { reason: 'detach' }, 'approve')],
      [],
    );
    expect(interrupted!.summary).toBe('run stopped at step watch by SIGINT; irctl resume continues it');
    expect(detached!.summary).toBe('run stopped at step approve: the responder detached; irctl resume continues it');
    expect(interrupted!.category).toBe('incident');
  });

  it('names the visit of a gate the run came back to, and says nothing of the first', () => {
    const [first, second] = timelineEvents(
      [entry('approval', { role: 'admin', visit: 1 }, 'gate'), entry('approval', { role: 'admin', visit: 2 }, 'gate')],
      [],
    );
    expect(first!.summary).toBe('gate gate approved by alice (admin)');
    expect(second!.summary).toBe('gate gate (visit 2) approved by alice (admin)');
  });
});
