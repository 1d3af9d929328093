import { runbookSchema, type Runbook } from '../../../src/runbook/schema.js';

/** A runbook for matching tests: one logging step, the given inputs and triggers. */
export function runbookWith(name: string, triggers: unknown[], inputs: Record<string, unknown> = { container: { required: true } }): Runbook {
  return runbookSchema.parse({
    apiVersion: 'irctl/v1',
    kind: 'Runbook',
    name,
    severity: 'critical',
    inputs,
    triggers,
    steps: [{ id: 'note', uses: 'core.log', with: { message: 'matched' } }],
  });
}
