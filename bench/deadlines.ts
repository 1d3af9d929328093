// Deadline accuracy (npx tsx bench/deadlines.ts): how late gate escalations and timeouts fire.
// INCIDENTS runs (default 20) are driven at once in one process, each waiting at a gate with five
// escalations and a timeout (on_timeout: abort), the first 3 s after the gate opens (after every
// run has started: the bench measures the scheduler, not start-up writes), 0.5 s apart, each run's
// offset by 50 ms × its index (incidents do not all fall due in the same millisecond). Nothing
// polls for them: one timer per store is set to the earliest due row. Lateness = fired_at − due_at
// of each row. Target: p95 ≤ 250 ms.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { table } from '../src/cli/output.js';
import { driveIncident, openIncident } from '../src/engine/runner.js';
import { loadRunbook } from '../src/runbook/load.js';
import { openServices } from '../src/services.js';
import { stats } from './shared.js';

const INCIDENTS = Number(process.env.IRCTL_BENCH_INCIDENTS ?? 20);
const root = mkdtempSync(join(process.env.IRCTL_BENCH_DIR ?? tmpdir(), 'irctl-bench-deadlines-'));
const home = join(root, 'home');
mkdirSync(home, { recursive: true });
writeFileSync(join(home, 'config.yaml'), 'oncall:\n  escalation:\n    default: [{ after: 1h, notify: [on-call] }]\n');

const runbookYaml = (index: number) =>
  stringify({
    apiVersion: 'irctl/v1',
    kind: 'Runbook',
    name: 'deadline-bench',
    severity: 'low',
    steps: [
      { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' } },
      {
        id: 'gate',
        approval: {
          roles: ['admin'],
          escalate: [0, 1, 2, 3, 4].map((n) => ({ after: `${3000 + 500 * n + 50 * index}ms`, notify: `level-${n}` })),
          timeout: `${5500 + 50 * index}ms`,
          on_timeout: 'abort',
        },
      },
      { id: 'after', uses: 'core.log', with: { message: 'not reached' } },
    ],
  });
const file = join(root, 'bench.yaml');

const services = openServices({ home, evidenceDir: join(root, 'evidence'), as: 'bench' });
const lateness: number[] = [];
const handedOut: number[] = [];
const load = loadavg()[0]!.toFixed(1);
try {
  const ids = Array.from({ length: INCIDENTS }, (_, index) =>
    openIncident(services, { loaded: loadRunbook(runbookYaml(index), file), inputs: {}, initiator: 'bench' }),
  );
  const started = performance.now();
  await Promise.all(
    ids.map((id) =>
      driveIncident(services, id, {
        notify: (event) => {
          // fired = marked in the store, just before the notification is handed out
          if (event.kind === 'escalated' || event.kind === 'timed_out') handedOut.push(Date.now());
        },
      }),
    ),
  );
  const wall = performance.now() - started;
  const rows = services.db.prepare("SELECT fired_at - due_at AS late FROM deadlines WHERE step_id = 'gate' AND fired_at IS NOT NULL").all() as {
    late: number;
  }[];
  lateness.push(...rows.map((row) => row.late));
  const s = stats(lateness);
  const sorted = [...lateness].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  console.log(
    table(
      ['deadlines fired', 'p50 late', 'p95 late', 'max late', 'target p95', 'wall', 'load (1 min)'],
      [[String(s.n), `${s.p50} ms`, `${p95} ms`, `${s.max} ms`, '≤ 250 ms', `${(wall / 1000).toFixed(1)} s`, load]],
    ),
  );
  if (s.n !== INCIDENTS * 6 || handedOut.length !== s.n)
    console.log(`warning: expected ${INCIDENTS * 6} deadlines fired and notified, saw ${s.n} and ${handedOut.length}`);
  process.exitCode = p95 <= 250 ? 0 : 1;
} finally {
  services.close();
  rmSync(root, { recursive: true, force: true });
}
