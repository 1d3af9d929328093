import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/report/model.js';
import { reportSchema, type Report } from '../../../src/report/schema.js';
import { createIncidentFixture, type IncidentFixture } from './fixtures/incident.js';

describe('report model of a real incident', () => {
  let fixture: IncidentFixture;
  let report: Report;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    report = await buildReport(fixture.services.db, {
      incidentId: fixture.incidentId,
      evidenceDir: fixture.evidenceDir,
      home: fixture.home,
      generatedBy: 'dave',
    });
  });
  afterAll(() => fixture.cleanup());

  it('conforms to the published report schema', () => {
    expect(reportSchema.safeParse(report).success).toBe(true);
  });

  it('summarises runbook, target, severity, status and initiator', () => {
    expect(report.incident).toMatchObject({ runbook: 'web-compromise', target: 'web-1', severity: 'critical', status: 'succeeded', initiator: 'alice' });
  });

  it('names everyone involved with how they took part', () => {
    const byActor = Object.fromEntries(report.involved.map((person) => [person.actor, person.as]));
    expect(byActor.alice).toEqual(['initiator', 'responder', 'custody']);
    expect(byActor.bob).toEqual(['responder', 'approver', 'custody']);
    expect(byActor.carol).toEqual(['responder', 'approver', 'custody']);
  });

  it('has the four phases as bands in order', () => {
    expect(report.phases.map((band) => band.phase)).toEqual(['containment', 'evidence', 'investigation', 'recovery']);
    expect(report.phases.every((band) => band.endedAt !== null)).toBe(true);
  });

  it('meets the critical SLA with time to contain and time to recover', () => {
    expect(report.sla).toMatchObject({ severity: 'critical', budget: '4 h', state: 'met' });
    expect(report.sla.containedBy).toMatch(/^(step isolate finished|custody record \d+ \(contained\))$/);
    expect(report.sla.timeToContainMs).not.toBeNull();
    expect(report.sla.timeToRecoverMs).not.toBeNull();
    expect(report.sla.timeToRecoverMs!).toBeGreaterThanOrEqual(report.sla.timeToContainMs!);
  });

  it('lists every step with its phase, status and duration', () => {
    expect(report.steps.map((step) => [step.stepId, step.phase, step.status])).toEqual([
      ['isolate', 'containment', 'finished'],
      ['snapshot', 'evidence', 'finished'],
      ['scan', 'investigation', 'failed'],
      ['rebuild', 'recovery', 'finished'],
    ]);
    expect(report.steps.every((step) => step.durationMs !== null)).toBe(true);
  });

  it('puts approvals with who and comment, and the failure, in the timeline', () => {
    const approvals = report.timeline.filter((event) => event.kind === 'approval');
    expect(approvals.map((event) => event.actor)).toEqual(['bob', 'carol']);
    expect(approvals[0]!.comment).toBe('image digest checked | rebuild <now>');
    const failure = report.timeline.find((event) => event.kind === 'step_failed');
    expect(failure).toMatchObject({ category: 'failure', stepId: 'scan', phase: 'investigation' });
    expect(failure!.summary).toContain('IoC feed unreachable');
  });

  it('lists the containment act taken', () => {
    expect(report.containment).toEqual([expect.objectContaining({ kind: 'taken', action: 'docker.isolate', actor: 'alice', host: 'local' })]);
  });

  it('lists the evidence with hashes, capturer and a verified state', () => {
    expect(report.evidence.map((item) => [item.name, item.kind, item.capturedBy, item.verification])).toEqual([
      ['inspect-web-1.json', 'inspect', 'alice', 'ok'],
      ['logs-web-1.txt', 'logs', 'alice', 'ok'],
    ]);
    expect(report.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('carries the custody verification and the newest signed head', () => {
    expect(report.custody.ok).toBe(true);
    expect(report.custody.signedHead).not.toBeNull();
    expect(report.custody.signedHead!.keyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(report.custody.signedHead!.note).toContain(`irctl.local/incident/${fixture.incidentId}`);
  });
});
