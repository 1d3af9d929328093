import type { SourcePath } from './positions.js';
import { valueAt, type Problem } from './problem.js';
import { runbookSchema } from './schema.js';
import { schemaProblems } from './schema-issues.js';
import { checkRunbook } from './checks/index.js';

// When a runbook does not fit the schema, the static checks (unknown actions, duplicate ids,
// dangling references, expressions) would normally wait for the next round of `validate`. Here
// each offending key is taken out of a copy and the checks run on what is left, so one run
// reports every problem it can. Nothing is guessed: when the fix would need a value (a required
// key is missing, a list item is broken) no more problems are reported than the schema's.

const MAX_ROUNDS = 5;
/** Keys that say what a step is: without one the checks would judge a step the author did not write. */
const STRUCTURAL_KEYS = new Set(['id', 'uses', 'approval', 'parallel']);
/** Required top-level keys that no check reads: a bad value is swapped for a valid stand-in, so a
 *  typo such as `severity: critcal` does not hide the rest of the file's problems. */
const STAND_INS: Record<string, string> = { apiVersion: 'irctl/v1', kind: 'Runbook', name: 'runbook', severity: 'low' };
/** Keys whose removal changes which steps can run: after removing one, reachability is not judged. */
const FLOW_KEYS = new Set(['next', 'goto', 'if', 'on_failure', 'on_reject', 'on_timeout', 'parallel']);

export function problemsBeyondSchema(data: unknown, firstProblems: readonly Problem[], knownKeys: ReadonlySet<string>): Problem[] {
  const copy: unknown = structuredClone(data);
  const removed: SourcePath[] = [];
  let problems = firstProblems;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (const problem of problems) {
      if (!removeAt(copy, problem.path)) return [];
      removed.push(problem.path);
    }
    const parsed = runbookSchema.safeParse(copy);
    if (parsed.success) {
      const touchedFlow = removed.some((path) => path.some((part) => typeof part === 'string' && FLOW_KEYS.has(part)));
      return checkRunbook(parsed.data, { flow: !touchedFlow }).filter((problem) => !removed.some((path) => startsWith(problem.path, path)));
    }
    problems = schemaProblems(parsed.error.issues, copy, knownKeys);
  }
  return [];
}

/** Delete an object's own key (or put a stand-in in a required top-level one); false when there is
 *  nothing to delete there (a missing key, a list item) or the key says what a step is. */
function removeAt(data: unknown, path: SourcePath): boolean {
  const key = path[path.length - 1];
  const parent = valueAt(data, path.slice(0, -1));
  if (typeof key !== 'string' || STRUCTURAL_KEYS.has(key) || parent === null || typeof parent !== 'object' || Array.isArray(parent)) return false;
  if (path.length === 1 && key in STAND_INS) {
    (parent as Record<string, unknown>)[key] = STAND_INS[key]; // wrong or missing: either way a stand-in
    return true;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) return false;
  delete (parent as Record<string, unknown>)[key];
  return true;
}

function startsWith(path: SourcePath, prefix: SourcePath): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}
