import { stepPhases } from '../../engine/compile.js';
import { isActionStep, isApprovalStep, type Runbook, type Step } from '../../runbook/schema.js';

export interface GatePreview {
  onApprove: string[]; // "rebuild (recover.recreate)" …, up to the next gate or the end
  onReject: string;
  onTimeout?: string;
}

const describe = (step: Step): string =>
  isActionStep(step)
    ? `${step.id} (${step.uses})`
    : isApprovalStep(step)
      ? `${step.id} (another approval gate)`
      : `${step.id} (in parallel: ${step.parallel.map((b) => b.uses).join(', ')})`;

function routeText(runbook: Runbook, value: string): string {
  if (value === 'abort') return 'the run stops as failed';
  if (value === 'continue') return 'the run goes on with the next step';
  if (value === 'rollback') return 'finished steps are rolled back';
  const step = runbook.steps.find((s) => s.id === value);
  return step ? `the run goes to ${describe(step)}` : `the run goes to ${value}`;
}

/** What a responder is about to allow: the steps an approval lets run, and where a reject goes. */
export function previewGate(runbook: Runbook, gateId: string, limit = 6): GatePreview {
  const index = runbook.steps.findIndex((s) => s.id === gateId);
  const gate = runbook.steps[index];
  if (!gate || !isApprovalStep(gate)) return { onApprove: [], onReject: '' };
  const phases = stepPhases(runbook);
  const onApprove: string[] = [];
  let position =
    typeof gate.next === 'string' && gate.next !== 'end' ? runbook.steps.findIndex((s) => s.id === gate.next) : gate.next === 'end' ? -1 : index + 1;
  while (position >= 0 && position < runbook.steps.length && onApprove.length < limit) {
    const step = runbook.steps[position]!;
    onApprove.push(`[${phases.get(step.id)}] ${describe(step)}${step.if ? ` if ${step.if}` : ''}`);
    if (isApprovalStep(step) || Array.isArray(step.next)) break; // beyond here depends on more decisions
    position = typeof step.next === 'string' ? (step.next === 'end' ? -1 : runbook.steps.findIndex((s) => s.id === step.next)) : position + 1;
  }
  return {
    onApprove,
    onReject: routeText(runbook, gate.approval.on_reject),
    onTimeout: gate.approval.timeout ? `after ${gate.approval.timeout} ${routeText(runbook, gate.approval.on_timeout)}` : undefined,
  };
}
