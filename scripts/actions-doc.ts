// npm run docs:actions: write docs/actions.md from the action registry.
import { writeFileSync } from 'node:fs';
import { renderActionsDoc } from '../src/cli/commands/actions/doc.js';

writeFileSync(new URL('../docs/actions.md', import.meta.url), renderActionsDoc());
console.log('wrote docs/actions.md');
