import { findAction } from '../actions/registry.js';
import { buildFlow, type FlowEdge, type FlowTarget } from './flow.js';
import { isActionStep, isApprovalStep, isParallelStep, type Runbook, type Step } from './schema.js';

// A runbook as a Mermaid flowchart (renders in GitHub and GitLab): a subgraph per phase, a node
// per step, approval gates as hexagons, parallel groups as nested subgraphs, and an edge for every
// way the run can move (the same edges the static checks reason about, from flow.ts).
// Every label is escaped into Mermaid entity codes, so step names, conditions and messages from a
// runbook can never break out of their label.

const MAX_LABEL = 60;
const TERMINALS: Record<Exclude<FlowTarget, number>, { id: string; shape: string }> = {
  end: { id: 'finished', shape: '(["end"])' },
  abort: { id: 'aborted', shape: '(["aborted"])' },
  rollback: { id: 'rolledback', shape: '(["rollback"])' },
};

/** Mermaid `flowchart TD` text. `phaseOf` gives each top-level step's phase (the compiler's rule). */
export function runbookGraph(runbook: Runbook, phaseOf: (step: Step, index: number) => string): string {
  const lines = ['flowchart TD', `  start((" ")) --> ${runbook.steps.length > 0 ? nodeId(0) : TERMINALS.end.id}`];
  const phases = new Map<string, number[]>();
  runbook.steps.forEach((step, index) => {
    const phase = phaseOf(step, index);
    phases.set(phase, [...(phases.get(phase) ?? []), index]);
  });
  const approvals: string[] = [];
  for (const [phase, indexes] of phases) {
    lines.push(`  subgraph phase_${safeId(phase)}["${escapeLabel(phase)}"]`, '    direction TB');
    for (const index of indexes) {
      const step = runbook.steps[index]!;
      if (isParallelStep(step)) {
        lines.push(`    subgraph ${nodeId(index)}["${escapeLabel(`${step.id} (parallel)`)}"]`);
        step.parallel.forEach((branch, branchIndex) => lines.push(`      ${nodeId(index, branchIndex)}["${stepLabel(branch)}"]`));
        lines.push('    end');
      } else if (isApprovalStep(step)) {
        approvals.push(nodeId(index));
        lines.push(`    ${nodeId(index)}{{"${stepLabel(step)}"}}`);
      } else {
        lines.push(`    ${nodeId(index)}["${stepLabel(step)}"]`);
      }
    }
    lines.push('  end');
  }

  const flow = buildFlow(runbook);
  const used = new Set<string>();
  for (const edge of flow.edges) {
    if (edge.kind === 'failure' && edge.to === 'abort') continue; // the default of every step: drawing it would bury the graph
    const target = typeof edge.to === 'number' ? nodeId(edge.to) : TERMINALS[edge.to].id;
    if (typeof edge.to !== 'number') used.add(edge.to);
    lines.push(`  ${edgeSource(edge)} ${arrow(edge)} ${target}`);
  }
  if (runbook.steps.length === 0) used.add('end');
  for (const terminal of ['end', 'abort', 'rollback'] as const) {
    if (used.has(terminal)) lines.push(`  ${TERMINALS[terminal].id}${TERMINALS[terminal].shape}`);
  }
  if (approvals.length > 0) {
    lines.push('  classDef approval fill:#fff4d6,stroke:#b7791f', `  class ${approvals.join(',')} approval`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeId(index: number, branch?: number): string {
  return branch === undefined ? `step${index}` : `step${index}_${branch}`;
}

/** A failure of a parallel branch leaves from the branch, not from the group. */
function edgeSource(edge: FlowEdge): string {
  const [, , where, branch] = edge.source;
  return where === 'parallel' && typeof branch === 'number' ? nodeId(edge.from, branch) : nodeId(edge.from);
}

function arrow(edge: FlowEdge): string {
  const label = edge.kind === 'next' && edge.label !== undefined ? `if ${edge.label}` : edge.label;
  const dashed = edge.kind === 'failure' || edge.kind === 'reject' || edge.kind === 'timeout';
  const line = dashed ? '-.->' : '-->';
  return label === undefined ? line : `${line}|"${escapeLabel(truncate(label))}"|`;
}

function stepLabel(step: Step): string {
  const title = step.name ? `${step.id}: ${step.name}` : step.id;
  let detail: string;
  if (isApprovalStep(step)) {
    const { roles, quorum, timeout } = step.approval;
    detail = `approval: ${roles.join(', ')}${quorum > 1 ? ` ×${quorum}` : ''}${timeout ? `, ${timeout}` : ''}`;
  } else if (isActionStep(step)) {
    const auto = step.auto ? ' (auto)' : '';
    detail = `${step.uses}${auto}${findAction(step.uses) ? '' : ' (unknown action)'}`;
  } else {
    detail = 'parallel';
  }
  const condition = step.if !== undefined ? `<br/>${escapeLabel(`if ${truncate(step.if)}`)}` : '';
  return `${escapeLabel(truncate(title))}<br/>${escapeLabel(detail)}${condition}`;
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_LABEL ? `${oneLine.slice(0, MAX_LABEL - 1)}…` : oneLine;
}

/** Everything but plain letters, digits and a few safe marks becomes a `#code;` entity. */
export function escapeLabel(text: string): string {
  return [...text].map((char) => (/[A-Za-z0-9 _.,:/()=!'+×…-]/.test(char) ? char : `#${char.codePointAt(0)};`)).join('');
}

function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}
