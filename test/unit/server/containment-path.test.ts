import { describe, expect, it } from 'vitest';
import { loadRunbookFile } from '../../../src/runbook/load.js';
import { containmentPath } from '../../../src/server/runner-pool.js';

describe('containmentPath (the runner pool gives these steps the containment budget)', () => {
  it('covers what the shipped shell-in-container runbook runs until it has isolated and paused, and the later containment steps', () => {
    const { runbook } = loadRunbookFile(new URL('../../../runbooks/shell-in-container.yaml', import.meta.url).pathname);
    const path = containmentPath(runbook);
    expect([...path]).toEqual(expect.arrayContaining(['volatile', 'inspect', 'processes', 'connections', 'isolate', 'freeze']));
    for (const later of ['logs', 'diff', 'dropped-files', 'review-processes']) expect(path.has(later)).toBe(false);
    expect(path.has('kill')).toBe(true); // a later containment phase keeps its own budget
  });
});
