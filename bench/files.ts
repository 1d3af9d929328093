// evidence.files benchmark (npx tsx bench/files.ts): 800 files dropped in one directory of a
// container, copied out by the real action (real evidence store, ledger, fsync) with one artifact
// per file, against the floor measured in the same run: one archive of their directory through the
// same engine API (getArchive), hashed and written to one file, fsynced. One untimed round of each
// first (page cache, code paths); target: the median ratio ≤ 3× the floor.
// BENCH_FILES=800, BENCH_FILES_ROUNDS=3.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { table } from '../src/cli/output.js';
import { evidenceFiles } from '../src/actions/evidence/files.js';
import { custodyAppender } from '../src/custody/ledger.js';
import { contextFor } from '../test/helpers/action-context.js';
import { evidenceFixture } from '../test/unit/evidence/fixtures.js';
import { execIn, startVictim, testDocker } from '../test/helpers/docker.js';
import { loadNow, removeGradually } from './shared.js';

const FILES = Number(process.env.BENCH_FILES ?? 800);
const ROUNDS = Number(process.env.BENCH_FILES_ROUNDS ?? 3);
const DIR = '/srv/drop';

const docker = testDocker();
const victim = await startVictim(docker, { cmd: ['sleep', '3600'] });
try {
  // files of 1–8 KiB, like scripts and configs a dropper leaves
  await execIn(victim, ['sh', '-c', `mkdir -p ${DIR} && for i in $(seq 1 ${FILES}); do head -c $(( (i % 8 + 1) * 1024 )) /dev/urandom > ${DIR}/f$i; done`]);
  const paths = Array.from({ length: FILES }, (_, i) => `${DIR}/f${i + 1}`);
  const fixture = evidenceFixture();

  /** The floor: one archive request for the directory, hashed while written to one file, fsynced. */
  const floor = async (round: number): Promise<number> => {
    const started = performance.now();
    const hash = createHash('sha256');
    const stream = await victim.getArchive({ path: DIR });
    const handle = await open(join(fixture.evidenceDir, `floor-${round}.tar`), 'wx');
    const hasher = new Transform({ transform: (chunk: Buffer, _e, done) => (hash.update(chunk), done(null, chunk)) });
    await pipeline(stream, hasher, handle.createWriteStream());
    const sync = await open(join(fixture.evidenceDir, `floor-${round}.tar`), 'r');
    await sync.sync();
    await sync.close();
    hash.digest('hex');
    return performance.now() - started;
  };
  const irctl = async (round: number): Promise<number> => {
    const stepId = `files-${round}`;
    const ctx = contextFor(
      evidenceFiles,
      { container: victim.id, paths, max_paths: FILES },
      {
        incidentId: fixture.incidentId,
        stepId,
        actor: 'bench',
        services: { db: fixture.db, evidenceDir: fixture.evidenceDir },
        custody: custodyAppender(fixture.db, fixture.incidentId),
        evidence: fixture.store(stepId),
      },
    );
    const started = performance.now();
    const outcome = await evidenceFiles.run(ctx);
    const ms = performance.now() - started;
    const outputs = outcome.kind === 'done' ? (outcome.outputs as { artifacts: unknown[] }) : { artifacts: [] };
    if (outputs.artifacts.length !== FILES) throw new Error(`expected ${FILES} artifacts, got ${outputs.artifacts.length}`);
    return ms;
  };

  const { mkdirSync } = await import('node:fs');
  mkdirSync(fixture.evidenceDir, { recursive: true });
  // untimed, one each: the engine's page cache, and both sides' code paths (irctl's first round
  // also loads the tar parser, which the floor never needs)
  await floor(-1);
  await irctl(-1);
  const rows: string[][] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const loadFloor = loadNow();
    const floorMs = await floor(round);
    const loadIrctl = loadNow();
    const irctlMs = await irctl(round);
    const ratio = irctlMs / floorMs;
    ratios.push(ratio);
    rows.push([
      `round ${round + 1}`,
      `${irctlMs.toFixed(0)} ms`,
      loadIrctl,
      `${floorMs.toFixed(0)} ms`,
      loadFloor,
      `${ratio.toFixed(2)}x`,
      ratio <= 3 ? 'met' : 'MISSED',
    ]);
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  rows.push(['median', '', '', '', '', `${median.toFixed(2)}x`, median <= 3 ? 'met' : 'MISSED']);
  process.stdout.write(
    `${table([`evidence.files, ${FILES} files`, 'irctl (one artifact per file)', 'load', 'one archive of the directory', 'load', 'ratio', '≤ 3x'], rows)}\n`,
  );
  fixture.db.close();
} finally {
  await removeGradually([victim]);
}
