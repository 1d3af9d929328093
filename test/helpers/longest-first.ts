import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Test files start longest first, so two cores are never left waiting on one long file at the
// end. vitest orders by the durations it cached on this machine, which a fresh clone (CI) does not
// have: it then starts files by size, and the longest (several whole processes each) began last.
// test/file-durations.json holds each file's wall time from a full run (written by
// test/helpers/durations-reporter.ts); a file it does not name yet runs first, as vitest does.
const DURATIONS = JSON.parse(readFileSync(new URL('../file-durations.json', import.meta.url), 'utf8')) as Record<string, number>;

export default class LongestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const duration = (spec: TestSpecification) => DURATIONS[relative(root, spec.moduleId)] ?? Number.POSITIVE_INFINITY;
    return Promise.resolve([...files].sort((a, b) => duration(b) - duration(a)));
  }
}
