// Report and export benchmark (npx tsx bench/report.ts): `irctl report --format json` and
// `irctl export` of one incident whose ledger holds 10k, 100k and 1M records, each run as the built
// CLI in its own process under /usr/bin/time (whole-process time and peak RSS, as a responder runs
// it), against floors measured in the same run on the same ledger:
//   report: read every row and SHA-256 it (the least a verifying report can do);
//   export: read every row, write it as a JSON line through gzip to a file.
// Targets (1M records): report < 10 s; export completes with peak RSS < 300 MB.
// Sizes: IRCTL_BENCH_REPORT_RECORDS="10000,100000,1000000". Each size runs once: the machine is shared.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { stringify } from 'yaml';
import type { CustodyEntry } from '../src/actions/contract.js';
import { table } from '../src/cli/output.js';
import { genesisHash } from '../src/custody/canonical.js';
import { writeCheckpoint } from '../src/custody/checkpoint.js';
import { buildRecord, insertRecord, RECORD_COLUMNS } from '../src/custody/ledger.js';
import { driveIncident, openIncident } from '../src/engine/runner.js';
import { loadRunbook } from '../src/runbook/load.js';
import { openServices } from '../src/services.js';
import type { Db } from '../src/store/db.js';

const SIZES = (process.env.IRCTL_BENCH_REPORT_RECORDS ?? '10000,100000,1000000').split(',').map(Number);
const IRCTL = fileURLToPath(new URL('../bin/irctl.js', import.meta.url));
const RUNBOOK = {
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'bench-report',
  severity: 'high',
  inputs: { container: { required: true } },
  steps: [
    { id: 'isolate', phase: 'containment', uses: 'core.log', with: { message: 'isolated ${{ inputs.container }}' } },
    { id: 'note', phase: 'evidence', uses: 'core.log', with: { message: 'captured' } },
  ],
};

const load = () => loadavg()[0]!.toFixed(2);

/** What a long incident's ledger holds: mostly verified/acquired records, a few containment acts. */
function entryFor(i: number): CustodyEntry {
  const contained = i % 50_000 === 1;
  return {
    act: contained ? 'contained' : i % 3 === 0 ? 'acquired' : 'verified',
    actor: `responder-${i % 7}`,
    subject: `container-${i % 97}`,
    where: { host: 'local', engine_version: '27.5.1', container_id: 'c0ffee'.padEnd(64, '0') },
    how: { action: contained ? 'docker.isolate' : 'evidence.logs', exit: 0 },
  };
}

/** A real incident (opened and driven by the engine), then N records appended straight through the ledger module. */
async function makeLedger(records: number): Promise<{ root: string; args: string[]; incidentId: string }> {
  const root = mkdtempSync(join(process.env.IRCTL_BENCH_DIR ?? tmpdir(), 'irctl-bench-report-'));
  const home = join(root, 'home');
  const evidenceDir = join(root, 'evidence');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'roles.yaml'), stringify({ actors: { bench: 'admin' } }));
  const runbookFile = join(root, 'bench-report.yaml');
  const yaml = stringify(RUNBOOK);
  writeFileSync(runbookFile, yaml);
  const services = openServices({ home, evidenceDir, as: 'bench' });
  try {
    const incidentId = openIncident(services, { loaded: loadRunbook(yaml, runbookFile), inputs: { container: 'web-1' }, initiator: 'bench' });
    await driveIncident(services, incidentId, { takeOver: true });
    appendBulk(services.db, incidentId, records);
    writeCheckpoint(services.db, home, incidentId, 'bench');
    return { root, args: ['--home', home, '--evidence-dir', evidenceDir, '--as', 'bench'], incidentId };
  } finally {
    services.close();
  }
}

function appendBulk(db: Db, incidentId: string, records: number): void {
  const head = db.prepare('SELECT seq, hash FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1').get(incidentId) as
    { seq: number; hash: string } | undefined;
  db.pragma('synchronous = OFF'); // bulk load only
  const recordedAt = new Date().toISOString();
  db.transaction(() => {
    let prevHash = head?.hash ?? genesisHash(incidentId);
    const from = (head?.seq ?? 0) + 1;
    for (let seq = from; seq < from + records; seq++) {
      const record = buildRecord(incidentId, seq, prevHash, entryFor(seq), recordedAt);
      insertRecord(db, record);
      prevHash = record.hash;
    }
  })();
  db.pragma('synchronous = FULL');
}

/** The built CLI under /usr/bin/time: wall time and peak RSS of the whole process. */
function runCli(args: string[]): Promise<{ ms: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, IRCTL, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`irctl ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      resolve({ ms, rssMB: Number(/maxrss=(\d+)/.exec(err)?.[1]) / 1024 });
    });
  });
}

async function openDbFor(args: string[]): Promise<Db> {
  const { openStore } = await import('../src/schema.js');
  return openStore(join(args[1]!, 'irctl.db'));
}

/** Report floor: every row read and SHA-256-hashed, nothing else. */
function bareHash(db: Db, incidentId: string): number {
  const started = performance.now();
  const statement = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq`).raw(true);
  for (const row of statement.iterate(incidentId) as IterableIterator<unknown[]>) {
    const hash = createHash('sha256');
    for (const value of row) if (value !== null) hash.update(typeof value === 'string' ? value : JSON.stringify(value));
    hash.digest('hex');
  }
  return performance.now() - started;
}

/** Export floor: every row as a JSON line through gzip into a file. */
async function bareExport(db: Db, incidentId: string, file: string): Promise<number> {
  const started = performance.now();
  const statement = db.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq`);
  const lines = Readable.from(
    (function* () {
      for (const row of statement.iterate(incidentId)) yield `${JSON.stringify(row)}\n`;
    })(),
  );
  await pipeline(lines, createGzip(), createWriteStream(file));
  return performance.now() - started;
}

const rows: string[][] = [];
for (const size of SIZES) {
  process.stderr.write(`building a ${size.toLocaleString('en')}-record ledger…\n`);
  const ledger = await makeLedger(size);
  try {
    const db = await openDbFor(ledger.args);
    const floorReport = bareHash(db, ledger.incidentId);
    const floorExport = await bareExport(db, ledger.incidentId, join(ledger.root, 'floor.jsonl.gz'));
    db.close();
    const reportLoad = load();
    const report = await runCli([...ledger.args, 'report', ledger.incidentId, '--format', 'json', '-o', join(ledger.root, 'report.json')]);
    const exportLoad = load();
    const exported = await runCli([...ledger.args, 'export', ledger.incidentId, '-o', join(ledger.root, 'bundle.tar.gz')]);
    const n = size.toLocaleString('en');
    const big = size >= 1_000_000;
    rows.push(
      [
        `report --format json, ${n} records`,
        `${(report.ms / 1000).toFixed(2)} s`,
        `${report.rssMB.toFixed(0)} MB`,
        `${(floorReport / 1000).toFixed(2)} s`,
        `${(report.ms / floorReport).toFixed(2)}x`,
        reportLoad,
        big ? (report.ms < 10_000 ? '< 10 s: met' : '< 10 s: MISSED') : '',
      ],
      [
        `export, ${n} records`,
        `${(exported.ms / 1000).toFixed(2)} s`,
        `${exported.rssMB.toFixed(0)} MB`,
        `${(floorExport / 1000).toFixed(2)} s`,
        `${(exported.ms / floorExport).toFixed(2)}x`,
        exportLoad,
        big ? (exported.rssMB < 300 ? 'RSS < 300 MB: met' : 'RSS < 300 MB: MISSED') : '',
      ],
    );
  } finally {
    rmSync(ledger.root, { recursive: true, force: true });
  }
}
process.stdout.write(`${table(['report / export (whole process)', 'irctl', 'peak RSS', 'floor', 'ratio', 'load (1 min)', 'target'], rows)}\n`);
process.stdout.write('floors, same run, same ledger: report = read + SHA-256 every row; export = read + JSON line + gzip every row\n');
