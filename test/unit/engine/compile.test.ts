import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { compileRunbook, type GateInput, type StepInput, type StepResult } from '../../../src/engine/compile.js';
import { runbookSchema } from '../../../src/runbook/schema.js';

function runbook(steps: unknown[]) {
  return runbookSchema.parse({ apiVersion: 'irctl/v1', kind: 'Runbook', name: 'test', severity: 'high', steps });
}

async function runWith(
  rb: ReturnType<typeof runbook>,
  behaviour: (input: StepInput) => StepResult,
  gate: (input: GateInput) => StepResult = () => ({ outcome: 'approved', outputs: {} }),
) {
  const order: string[] = [];
  const machine = compileRunbook(rb).provide({
    actors: {
      runStep: fromPromise<StepResult, StepInput>(async ({ input }) => {
        order.push(input.stepId);
        return behaviour(input);
      }),
      awaitGate: fromPromise<StepResult, GateInput>(async ({ input }) => {
        order.push(`gate:${input.stepId}`);
        return gate(input);
      }),
      rollback: fromPromise(async () => {
        order.push('rollback');
      }),
    },
  });
  const actor = createActor(machine, { input: { incidentId: 'inc-1', inputs: { n: 2 } } }).start();
  const snapshot = await waitFor(actor, (s) => s.status === 'done');
  return { order, final: snapshot.value as string, context: snapshot.context };
}

const ok = (outputs: Record<string, unknown> = {}): StepResult => ({ outcome: 'done', outputs });

describe('compiled runbook machine', () => {
  it('runs steps in order across phases and ends succeeded', async () => {
    const rb = runbook([
      { id: 'a', phase: 'containment', uses: 'core.log', with: { message: 'x' } },
      { id: 'b', phase: 'evidence', uses: 'core.log', with: { message: 'y' } },
      { id: 'c', uses: 'core.log', with: { message: 'z' } },
    ]);
    const { order, final } = await runWith(rb, () => ok());
    expect(order).toEqual(['a', 'b', 'c']);
    expect(final).toBe('succeeded');
  });

  it('routes a failure by on_failure: continue, a step id, rollback and abort', async () => {
    const rb = runbook([
      { id: 'a', uses: 'core.fail', on_failure: 'continue' },
      { id: 'b', uses: 'core.fail', on_failure: 'd' },
      { id: 'c', uses: 'core.log', with: { message: 'skipped over' } },
      { id: 'd', uses: 'core.fail', on_failure: 'rollback' },
    ]);
    const { order, final, context } = await runWith(rb, (input) => {
      if (input.stepId !== 'c') throw new Error(`boom ${input.stepId}`);
      return ok();
    });
    expect(order).toEqual(['a', 'b', 'd', 'rollback']);
    expect(final).toBe('rolled_back');
    expect(context.steps.a.outcome).toBe('failed');
    expect(context.failure).toEqual({ stepId: 'd', message: 'boom d' });
  });

  it('chooses next by a condition over the step’s own outputs', async () => {
    const rb = runbook([
      { id: 'scan', uses: 'core.log', with: { message: 'x' }, next: [{ if: 'steps.scan.outputs.count > 1', goto: 'big' }, { goto: 'small' }] },
      { id: 'small', uses: 'core.log', with: { message: 'small' }, next: 'end' },
      { id: 'big', uses: 'core.log', with: { message: 'big' } },
    ]);
    const { order } = await runWith(rb, (input) => ok(input.stepId === 'scan' ? { count: 5 } : {}));
    expect(order).toEqual(['scan', 'big']);
  });

  it('waits at an approval gate and routes a rejection by on_reject', async () => {
    const rb = runbook([
      { id: 'gate', approval: { roles: ['admin'], on_reject: 'after' } },
      { id: 'never', uses: 'core.log', with: { message: 'x' } },
      { id: 'after', uses: 'core.log', with: { message: 'y' } },
    ]);
    const { order, context } = await runWith(
      rb,
      () => ok(),
      () => ({ outcome: 'rejected', outputs: { approvers: ['bob'] } }),
    );
    expect(order).toEqual(['gate:gate', 'after']);
    expect(context.steps.gate.outcome).toBe('rejected');
  });

  it('runs parallel branches and then the next step', async () => {
    const rb = runbook([
      {
        id: 'grab',
        parallel: [
          { id: 'p1', uses: 'core.log', with: { message: '1' } },
          { id: 'p2', uses: 'core.log', with: { message: '2' } },
        ],
      },
      { id: 'after', uses: 'core.log', with: { message: 'y' } },
    ]);
    const { order, final, context } = await runWith(rb, (input) => ok({ me: input.stepId }));
    expect(order.slice(0, 2).sort()).toEqual(['p1', 'p2']);
    expect(order[2]).toBe('after');
    expect(final).toBe('succeeded');
    expect(context.steps.grab.outputs).toEqual({ p1: { me: 'p1' }, p2: { me: 'p2' } });
  });

  it('counts visits so a loop re-enters a step as a new visit', async () => {
    const rb = runbook([
      { id: 'poll', uses: 'core.log', with: { message: 'x' }, next: [{ if: 'steps.poll.outputs.visit < 3', goto: 'poll' }, { goto: 'end' }] },
    ]);
    const { order } = await runWith(rb, (input) => ok({ visit: input.visit }));
    expect(order).toEqual(['poll', 'poll', 'poll']);
  });
});

describe('approval gate input', () => {
  it('fills expressions in the gate message from inputs and earlier outputs', async () => {
    const rb = runbook([
      { id: 'scan', uses: 'core.log', with: { message: 'x' } },
      { id: 'gate', approval: { message: 'Recreate ${{ inputs.n }} containers after ${{ steps.scan.outputs.found }} findings?' } },
    ]);
    let message: string | undefined;
    await runWith(
      rb,
      () => ok({ found: 4 }),
      (input) => {
        message = input.approval.message;
        return { outcome: 'approved', outputs: {} };
      },
    );
    expect(message).toBe('Recreate 2 containers after 4 findings?');
  });
});
