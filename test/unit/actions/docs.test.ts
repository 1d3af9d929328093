import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actions } from '../../../src/actions/registry.js';
import { renderActionsDoc } from '../../../src/cli/commands/actions/doc.js';

describe('docs/actions.md', () => {
  it('is what the registry makes of it now (run `npm run docs:actions` after changing an action)', () => {
    expect(readFileSync(new URL('../../../docs/actions.md', import.meta.url), 'utf8')).toBe(renderActionsDoc());
  });

  it('has a section with the parameters and example of every action', () => {
    const doc = renderActionsDoc();
    for (const action of actions) {
      expect(doc).toContain(`## ${action.name}\n`);
      expect(doc).toContain(action.example);
    }
  });
});
