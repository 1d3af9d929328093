import { defineConfig } from 'vitest/config';
import LongestFirst from './test/helpers/longest-first.js';

// Three projects, so 2 cores are kept busy while integration tests wait on Docker:
// - unit: no engine, threads, fast.
// - integration: the real engine (found or started by global-setup), several forks at once, since
//   these tests mostly wait on I/O. Each test names its containers uniquely and removes only them.
// - serial: the few tests that start and kill engines of their own or measure a process's behaviour
//   under signals, one file at a time so they never starve each other. They run in the threads pool
//   as one single thread: vitest starts them once the unit files are done, alongside the
//   integration forks (a single fork would wait for every integration file to finish first).
const SERIAL = [
  'test/integration/daemon-restart.docker.test.ts',
  'test/integration/resumable-faults.docker.test.ts',
  'test/integration/kill-table.docker.test.ts',
  'test/integration/resume-lease.test.ts',
];

export default defineConfig({
  test: {
    // Command output is compared as plain text even when CI forces colour; colour itself is
    // tested in test/unit/cli/output.test.ts.
    // Tests name the runbook directories they use; the search-path tests turn the shipped
    // (built-in) runbooks back on themselves.
    env: { NO_COLOR: '1', IRCTL_BUILTIN_RUNBOOKS: 'off' },
    testTimeout: 15_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    sequence: { sequencer: LongestFirst },
    // Three workers on two cores: integration tests wait on Docker and on child processes, but the
    // engine's own work keeps both cores busy through the run; a fourth worker measured no faster
    // and stretched every test's wall time (closer to its timeout).
    maxWorkers: 3,
    // as many as maxWorkers: with fewer, tinypool ends idle threads that non-isolated files may
    // still hold, and vitest reports "Terminating worker thread" as an unhandled error
    minWorkers: 3,
    // Workers are not isolated: each keeps the modules it has loaded from one file to the next.
    // Loading src/ afresh for each file was three quarters of the unit tests' CPU time and a third
    // of the integration tests'. Tests keep no state between files: each makes its own store,
    // directories, server and program, and names its containers uniquely. (Set here: vitest reads
    // isolation for a pool from the root config.) Long tests are marked per describe, not with
    // vi.setConfig, which does not carry over to the tests of a non-isolated file.
    // The integration forks run with --no-opt, as the irctl processes tests start do: most of their
    // code runs a few times per test, and V8's optimizing compiler spent more CPU (on background
    // threads, the two cores the engine and the other workers need) than it saved: ~12 s of CPU less
    // a run, measured.
    poolOptions: { threads: { isolate: false }, forks: { isolate: false, execArgv: ['--no-opt'] } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'threads' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: SERIAL,
          globalSetup: ['test/helpers/global-setup.ts'],
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'serial',
          include: SERIAL,
          globalSetup: ['test/helpers/global-setup.ts'],
          pool: 'threads',
          poolOptions: { threads: { singleThread: true } },
        },
      },
    ],
  },
});
