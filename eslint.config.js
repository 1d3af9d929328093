// Lint: typescript-eslint's type-checked recommendations, plus the architecture as rules: the layers
// below (a file may import its own layer and the layers under it, never one above) and no import
// cycles. docs/ARCHITECTURE.md draws the same layers; change both together.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Bottom to top. Paths are folders or single files under src/. */
const LAYERS = [
  {
    name: 'ground floor',
    paths: [
      'src/errors.ts',
      'src/text.ts',
      'src/log.ts',
      'src/json.ts',
      'src/locks.ts',
      'src/config.ts',
      'src/package-files.ts',
      'src/duration.ts',
      'src/long-timers.ts',
    ],
  },
  { name: 'store', paths: ['src/store'] },
  { name: 'docker/custody/evidence', paths: ['src/docker', 'src/custody', 'src/evidence', 'src/investigate', 'src/auth'] },
  { name: 'actions', paths: ['src/actions', 'src/services.ts', 'src/schema.ts'] },
  { name: 'runbooks and alerts', paths: ['src/runbook', 'src/alerts'] },
  { name: 'engine', paths: ['src/engine'] },
  { name: 'server/report', paths: ['src/server', 'src/report'] },
  { name: 'cli', paths: ['src/cli'] },
  { name: 'bin', paths: ['src/bin.ts'] },
];

/** One zone per (layer, higher layer): files of the first may not import from the second. */
function layerZones() {
  const zones = [];
  LAYERS.forEach((layer, index) => {
    for (const higher of LAYERS.slice(index + 1)) {
      for (const from of higher.paths) {
        zones.push({
          target: layer.paths.map((path) => (path.endsWith('.ts') ? path : `${path}/**`)),
          from: from.endsWith('.ts') ? from : `${from}/`,
          message: `layering: ${layer.name} may not import ${higher.name} (docs/ARCHITECTURE.md, eslint.config.js)`,
        });
      }
    }
  });
  // Above the actions, code sees an action only through the contract (and its write-ahead rule),
  // the registry, or a group's index (its public surface): no reaching into one action's module.
  const actionsLayer = LAYERS.findIndex((layer) => layer.name === 'actions');
  zones.push({
    target: LAYERS.slice(actionsLayer + 1).flatMap((layer) => layer.paths.map((path) => (path.endsWith('.ts') ? path : `${path}/**`))),
    from: 'src/actions/',
    except: [
      './contract.ts',
      './registry.ts',
      './write-ahead.ts',
      './docker/index.ts',
      './evidence/index.ts',
      './investigate/index.ts',
      './recover/index.ts',
      './firewall/index.ts',
    ],
    message: 'outside src/actions, import an action only through contract.ts, write-ahead.ts, registry.ts or its group index.ts',
  });
  return zones;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'evidence/**', 'docs/**', 'runbooks/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones() }] },
  },
  {
    // Async by contract, not by body: ActionDefinition.run/check/undo, fastify handlers and
    // commander actions return promises whether or not the body awaits.
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // These files strip, reject or match control characters on purpose (alert text, Docker names,
    // globs, terminal escape codes).
    files: ['src/alerts/sanitize.ts', 'src/docker/target.ts', 'src/investigate/path-glob.ts', 'src/cli/live/status-line.ts', 'src/report/markdown.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // dockerode's container.top() and an endpoint's Aliases are typed `any` by @types/dockerode;
    // the values are read as the Engine API documents them (src/docker/untyped-calls.ts wraps the
    // calls whose options are missing from the typings).
    files: [
      'src/actions/evidence/processes.ts',
      'src/actions/recover/recurrence.ts',
      'src/actions/recover/verify.ts',
      'src/docker/networks.ts',
      'src/docker/untyped-calls.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Tests read CLI JSON output, journal rows and fake engine replies as they come (untyped), and
    // spell out types in assertions for the reader: the type-aware unsafe-any and assertion rules
    // hold for src/ and bench/, where the values are used.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off', // expect(fake.method).toHaveBeenCalled()
      '@typescript-eslint/no-base-to-string': 'off', // String(url) of a fake fetch's argument
      'no-control-regex': 'off', // tests send escape codes and NULs on purpose
    },
  },
  {
    // dockerode's commit() typings lack `changes`: the cast picks the callback overload, though
    // without a callback the call returns a promise.
    files: ['test/integration/recover-recreate.docker.test.ts', 'test/integration/recover-recreate-leftovers.docker.test.ts'],
    rules: { '@typescript-eslint/await-thenable': 'off' },
  },
  {
    // XState's `types: {} as { context, input, events }` idiom, and a stream cast to the subtype
    // that has destroy(): the assertions carry types on purpose.
    files: ['src/engine/compile.ts', 'src/server/docker-watcher.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    // sample alert payloads parsed from JSON, as the server receives them
    files: ['bench/alerts.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-member-access': 'off' },
  },
  {
    // hashes whatever SQLite returns for a column, as text
    files: ['bench/custody.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    // XState machine config as data: guards, assigns and snapshots see the context as `any`.
    files: ['src/engine/compile.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // JSON.parse of what irctl itself stored (inputs, alert, snapshot, params, report details), or of
    // a payload handed straight to a zod schema or a type check on the next line.
    files: [
      'src/alerts/coerce.ts',
      'src/alerts/payload-text.ts',
      'src/cli/commands/run/rerun.ts',
      'src/cli/commands/run/status.ts',
      'src/engine/release-containment.ts',
      'src/engine/runner.ts',
      'src/report/model-evidence.ts',
      'src/runbook/load.ts',
    ],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-return': 'off' },
  },
  {
    // Values read back from JSON records (custody `how`/`where`, timeline and finding details, alert
    // fields, expression results) are printed as text on purpose, whatever their JSON type.
    files: [
      'src/alerts/parsers/falco.ts',
      'src/alerts/parsers/generic.ts',
      'src/cli/commands/findings/list.ts',
      'src/engine/forensic-images.ts',
      'src/report/model-timeline.ts',
      'src/runbook/expressions.ts',
    ],
    rules: { '@typescript-eslint/no-base-to-string': 'off', '@typescript-eslint/restrict-template-expressions': 'off' },
  },
  {
    // Function-valued properties (commander's writeOut, a rule's test, services.roleBook) passed on
    // as values: none of them uses `this`.
    files: ['src/cli/command-output.ts', 'src/investigate/diff-rules.ts', 'src/server/app.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // An abort rejects with the signal's own reason (whatever the aborter passed), as Node's timers
    // do; the modem's errors are passed on as it gives them.
    files: ['src/engine/gate-actor.ts', 'src/docker/untyped-calls.ts'],
    rules: { '@typescript-eslint/prefer-promise-reject-errors': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly' } },
  },
);
