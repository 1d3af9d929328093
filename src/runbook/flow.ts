import { isApprovalStep, isParallelStep, type Runbook, type Step } from './schema.js';

// The control flow between a runbook's top-level steps, as edges. The static checks
// (reachability, loops with no way out) and the Mermaid graph both read it, so what the checks
// accept is what the graph shows.
//
// Semantics assumed here (and by the compiler):
// - steps run in order; a step without `next` continues with the one after it (the last one ends);
// - a step whose `if` is false is skipped, and its `next` is still followed (src/engine/compile.ts);
// - `next` entries are tried in order and the first that holds is taken: entries after one without
//   `if` are never taken; when every entry has an `if` and none holds, the run continues in order;
// - `on_failure: continue` continues in order; abort and rollback end the run;
// - an approval's `on_reject` / `on_timeout` are abort, continue, rollback or a step id;
// - a step inside a parallel group is not a jump target: the group runs and fails as one.

export type FlowTarget = number | 'end' | 'abort' | 'rollback';

export type FlowKind = 'sequence' | 'next' | 'failure' | 'reject' | 'timeout';

export interface FlowEdge {
  from: number; // index of a top-level step
  to: FlowTarget;
  kind: FlowKind;
  conditional: boolean; // the edge is taken only sometimes (an `if`, a failure, a human's answer)
  label?: string;
  /** Where the edge is written, for problems: ['steps', 3, 'next', 0, 'goto']. */
  source: (string | number)[];
}

export interface Flow {
  steps: Step[];
  edges: FlowEdge[];
  /** Step ids a jump may name (top-level steps), to index. */
  targets: Map<string, number>;
}

export function buildFlow(runbook: Pick<Runbook, 'steps'>): Flow {
  const steps = runbook.steps;
  const targets = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!targets.has(step.id)) targets.set(step.id, index);
  });
  const edges: FlowEdge[] = [];
  steps.forEach((step, index) => {
    const inOrder: FlowTarget = index + 1 < steps.length ? index + 1 : 'end';
    const resolve = (name: string): FlowTarget | undefined => {
      if (name === 'end') return 'end';
      if (name === 'continue') return inOrder;
      if (name === 'abort' || name === 'rollback') return name;
      return targets.get(name);
    };
    const add = (kind: FlowKind, name: string, conditional: boolean, source: (string | number)[], label?: string) => {
      const to = resolve(name);
      if (to !== undefined) edges.push({ from: index, to, kind, conditional, label, source });
    };
    const here: (string | number)[] = ['steps', index];

    if (step.next === undefined) {
      edges.push({ from: index, to: inOrder, kind: 'sequence', conditional: false, source: here });
    } else if (typeof step.next === 'string') {
      add('next', step.next, false, [...here, 'next']);
    } else {
      const taken = step.next.findIndex((branch) => branch.if === undefined);
      const live = taken === -1 ? step.next : step.next.slice(0, taken + 1);
      live.forEach((branch, branchIndex) => add('next', branch.goto, branch.if !== undefined, [...here, 'next', branchIndex, 'goto'], branch.if));
      if (taken === -1) {
        edges.push({ from: index, to: inOrder, kind: 'sequence', conditional: true, label: 'otherwise', source: [...here, 'next'] });
      }
    }

    for (const [name, source] of failureTargets(step, here)) add('failure', name, true, source, 'on failure');
    if (isApprovalStep(step)) {
      add('reject', step.approval.on_reject, true, [...here, 'approval', 'on_reject'], 'rejected');
      if (step.approval.timeout !== undefined)
        add('timeout', step.approval.on_timeout, true, [...here, 'approval', 'on_timeout'], `no answer in ${step.approval.timeout}`);
    }
  });
  return { steps, edges, targets };
}

/** The step's own on_failure and, for a parallel group, each branch's. */
function failureTargets(step: Step, here: (string | number)[]): [string, (string | number)[]][] {
  const found: [string, (string | number)[]][] = [[step.on_failure, [...here, 'on_failure']]];
  if (isParallelStep(step)) {
    step.parallel.forEach((branch, branchIndex) => {
      // continue lets the branch count as done inside the group: not a move of the run
      if (branch.on_failure !== 'abort' && branch.on_failure !== 'continue') found.push([branch.on_failure, [...here, 'parallel', branchIndex, 'on_failure']]);
    });
  }
  return found;
}

/** Indexes of the top-level steps that no path from the first step reaches. */
export function unreachableSteps(flow: Flow): number[] {
  const outgoing = outgoingEdges(flow, () => true);
  const reached = new Set<number>();
  const queue = flow.steps.length > 0 ? [0] : [];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (reached.has(current)) continue;
    reached.add(current);
    for (const edge of outgoing[current]!) if (typeof edge.to === 'number' && !reached.has(edge.to)) queue.push(edge.to);
  }
  return flow.steps.map((_, index) => index).filter((index) => !reached.has(index));
}

/**
 * Loops the run can never leave: sets of steps that lead only to each other on every path that
 * does not fail. A failure is not a way out: a loop that only ends when something breaks is a bug.
 */
export function loopsWithNoWayOut(flow: Flow): number[][] {
  const outgoing = outgoingEdges(flow, (edge) => edge.kind !== 'failure');
  const successors = (index: number) => outgoing[index]!.map((edge) => edge.to);
  return stronglyConnected(flow.steps.length, (index) => successors(index).filter((to): to is number => typeof to === 'number')).filter((component) => {
    const members = new Set(component);
    const cyclic = component.length > 1 || successors(component[0]!).includes(component[0]!);
    return cyclic && component.every((index) => successors(index).every((to) => typeof to === 'number' && members.has(to)));
  });
}

function outgoingEdges(flow: Flow, keep: (edge: FlowEdge) => boolean): FlowEdge[][] {
  const outgoing = flow.steps.map((): FlowEdge[] => []);
  for (const edge of flow.edges) if (keep(edge)) outgoing[edge.from]!.push(edge);
  return outgoing;
}

/** Tarjan's strongly connected components, iteratively (a runbook may be hostile and long). */
function stronglyConnected(size: number, next: (index: number) => number[]): number[][] {
  const order = new Array<number>(size).fill(-1);
  const low = new Array<number>(size).fill(0);
  const onStack = new Array<boolean>(size).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (order[root] !== -1) continue;
    const work: { node: number; successors: number[]; position: number }[] = [{ node: root, successors: next(root), position: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.position < frame.successors.length) {
        const successor = frame.successors[frame.position++]!;
        if (order[successor] === -1) {
          order[successor] = low[successor] = counter++;
          stack.push(successor);
          onStack[successor] = true;
          work.push({ node: successor, successors: next(successor), position: 0 });
        } else if (onStack[successor]) {
          low[frame.node] = Math.min(low[frame.node]!, order[successor]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] === order[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components;
}
