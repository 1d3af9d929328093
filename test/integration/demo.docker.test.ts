import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../scripts/demo.sh', import.meta.url));

function runDemo(out: string) {
  const result = spawnSync('bash', [DEMO], { encoding: 'utf8', env: { ...process.env, IRCTL_DEMO_OUT: out, NO_COLOR: '1' }, timeout: 240_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the demo (npm run demo)', () => {
  it('runs end to end twice in a row, each time recovering the service and writing verified reports and a bundle', { timeout: 480_000 }, () => {
    for (const round of [1, 2]) {
      const out = mkdtempSync(join(tmpdir(), `irctl-demo-${round}-`));
      const { code, output } = runDemo(out);
      expect(code, output).toBe(0);
      expect(output).toMatch(/incident inc-\S+ succeeded/);
      expect(output).toMatch(/ok {3}inc-\S+: \d+ records, \d+ evidence file\(s\)/);
      expect(output).toContain('added /etc/cron.d/sync');
      expect(output).toMatch(/ok {3}\S+incident\.tar\.gz: incident inc-/);
      for (const file of ['report.html', 'report.md', 'incident.tar.gz']) expect(existsSync(join(out, file)), file).toBe(true);
    }
  });
});
