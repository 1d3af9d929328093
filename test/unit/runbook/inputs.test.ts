import { describe, expect, it } from 'vitest';
import { checkRunbookInputs } from '../../../src/runbook/inputs.js';
import { runbookWith } from '../alerts/runbooks.js';

const runbook = runbookWith('r', [], { container: { required: true }, dry_run: { type: 'boolean', default: false }, pid: { type: 'number' } });

describe('runbook inputs from an alert', () => {
  it('coerces text to the declared number and boolean types', () => {
    expect(checkRunbookInputs(runbook, { container: 'web-1', dry_run: 'true', pid: '4242' })).toEqual({
      inputs: { container: 'web-1', dry_run: true, pid: 4242 },
      problems: [],
    });
  });

  it('treats null and empty text as missing, so defaults apply and required inputs are reported', () => {
    expect(checkRunbookInputs(runbook, { container: null, dry_run: '' })).toEqual({
      inputs: { dry_run: false },
      problems: ['required input "container" has no value: give it with --input container=…, or map it from the alert in the trigger'],
    });
  });

  it('reports values the runbook does not declare and values that are not scalars', () => {
    const { problems } = checkRunbookInputs(runbook, { container: ['a'], image: 'x' });
    expect(problems).toEqual(['input "image" is not declared by runbook "r"', 'input "container" resolved to a list, not a string']);
  });

  it('refuses a boolean written any other way than true or false', () => {
    expect(checkRunbookInputs(runbook, { container: 'c', dry_run: 'yes' }).problems).toEqual(['input "dry_run" must be true or false, got "yes"']);
  });
});
