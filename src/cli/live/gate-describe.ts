import type { GateState } from '../../engine/approvals.js';
import type { ApprovalStep, Runbook } from '../../runbook/schema.js';
import { color, type Output } from '../output.js';
import { previewGate } from './next-steps.js';
import { plural } from '../../text.js';

export type GateChoice = { kind: 'approve' | 'reject'; comment?: string } | { kind: 'wait' } | { kind: 'detach' };

export interface GatePromptContext {
  runbook: Runbook;
  gate: ApprovalStep;
  state: GateState;
  actor: string;
  initiator: string;
  /** The gate's message with its `${{ }}` filled in for this run (the runbook's text otherwise). */
  message?: string;
  /** What a recover.recreate step after the gate will rebuild from (recreate-preview.ts). */
  recreateImages?: string[];
}

/** Show what the gate guards and what follows it. */
export function describeGate(output: Output, context: GatePromptContext): void {
  const { gate, state, runbook } = context;
  const preview = previewGate(runbook, gate.id);
  const lines = [
    '',
    `${color.yellow('⏸  approval needed')} at ${color.bold(gate.id)}${gate.name ? ` — ${gate.name}` : ''}`,
    ...((context.message ?? gate.approval.message) ? [`   ${context.message ?? gate.approval.message}`] : []),
    `   needs ${plural(gate.approval.quorum, 'approval')} by ${gate.approval.roles.join('/')}${gate.approval.separate_from_initiator ? `, not by the initiator (${context.initiator})` : ''}${gate.approval.require_comment ? ', with a comment' : ''}`,
    `   approvals so far: ${state.approvers.length ? state.approvers.join(', ') : 'none'} (${state.approvers.length} of ${gate.approval.quorum})`,
    `   if approved, next: ${preview.onApprove.length ? '' : 'the run ends'}`,
    ...preview.onApprove.map((step) => `     ${step}`),
    ...(context.recreateImages ?? []).map((line) => `   ${color.bold('image:')} ${line}`),
    `   if rejected: ${preview.onReject}`,
    ...(preview.onTimeout ? [`   if nobody decides: ${preview.onTimeout}`] : []),
    '',
  ];
  output.err(lines.join('\n'));
}
