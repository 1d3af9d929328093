// Write test/file-durations.json (the order test/helpers/longest-first.ts starts files in) from a
// vitest JSON report:  npx vitest run --reporter=json --outputFile=/tmp/report.json
//                      node scripts/file-durations.mjs /tmp/report.json
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const durations = Object.fromEntries(
  report.testResults
    // the sum of its tests' durations: a file's start and end times are not kept when workers
    // are not isolated (concurrent tests count more than their wall time; it is only an order)
    .map((file) => [relative(root, file.name), Math.round(file.assertionResults.reduce((sum, test) => sum + (test.duration ?? 0), 0))])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
writeFileSync(new URL('../test/file-durations.json', import.meta.url), `${JSON.stringify(durations, null, 1)}\n`);
console.log(`test/file-durations.json: ${Object.keys(durations).length} files`);
