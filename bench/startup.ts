// Start-up: what a responder waits for before irctl does anything. Each command is run as a whole
// process, interleaved with the floor (`node -e 0`) so load drifts hit both alike; the figure is
// the ratio of medians. Target (issue #14): `irctl --help` ≤ 4× the floor.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNow, stats } from './shared.js';

const BIN = fileURLToPath(new URL('../bin/irctl.js', import.meta.url));
const ROUNDS = 15;
const home = mkdtempSync(join(tmpdir(), 'irctl-bench-startup-'));
const env = { ...process.env, IRCTL_HOME: home, IRCTL_EVIDENCE_DIR: join(home, 'evidence'), NO_COLOR: '1' };

// one finished incident for `status` to show: a runbook that only writes a log line
const runbook = join(home, 'hello.yaml');
writeFileSync(
  runbook,
  [
    'apiVersion: irctl/v1',
    'kind: Runbook',
    'name: hello',
    'severity: low',
    'steps:',
    '  - id: say',
    '    phase: containment',
    '    uses: core.log',
    '    with: { message: hello }',
    '',
  ].join('\n'),
);
const opened = JSON.parse(execFileSync(process.execPath, [BIN, '--json', 'run', runbook, '--no-preflight'], { env, encoding: 'utf8' })) as {
  incidentId: string;
};

function wall(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return performance.now() - started;
}

const commands: [string, string[]][] = [
  ['irctl --help', [BIN, '--help']],
  ['irctl status <incident> --json', [BIN, 'status', opened.incidentId, '--json']],
  ['irctl --version', [BIN, '--version']],
];
const floor: number[] = [];
const measured = new Map<string, number[]>(commands.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, args] of commands) {
    floor.push(wall(['-e', '0']));
    measured.get(name)!.push(wall(args));
  }
}
const floorP50 = stats(floor).p50;
console.log(`start-up, ${ROUNDS} runs each, floor \`node -e 0\` p50 ${floorP50.toFixed(0)} ms (load ${loadNow()})`);
for (const [name, samples] of measured) {
  const p50 = stats(samples).p50;
  const target = name === 'irctl --help' ? '  (target ≤ 4×)' : '';
  console.log(`  ${name.padEnd(32)} p50 ${p50.toFixed(0).padStart(5)} ms  ${(p50 / floorP50).toFixed(2)}× the floor${target}`);
}
rmSync(home, { recursive: true, force: true });
