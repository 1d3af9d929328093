import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

// Writes test/file-durations.json, the order test/helpers/longest-first.ts starts files in, from
// each file's own wall time in this run (as vitest measures it per module, concurrent tests
// counted once). Regenerate after adding or reshaping long tests:
//   npx vitest run --reporter=default --reporter=./test/helpers/durations-reporter.ts
export default class DurationsReporter implements Reporter {
  private readonly durations = new Map<string, number>();
  private root = process.cwd();

  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
  }

  onTestModuleEnd(module: TestModule): void {
    this.durations.set(relative(this.root, module.moduleId), Math.round(module.diagnostic().duration));
  }

  onTestRunEnd(): void {
    const sorted = Object.fromEntries([...this.durations].sort(([a], [b]) => (a < b ? -1 : 1)));
    writeFileSync(new URL('../file-durations.json', import.meta.url), `${JSON.stringify(sorted, null, 1)}\n`);
  }
}
