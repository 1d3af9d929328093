// Lint: typescript-eslint's type-checked recommendations, plus the architecture as rules: the layers
// below (a file may import its own layer and the layers under it, never one above) and no import
// cycles. docs/ARCHITECTURE.md draws the same layers; change both together.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Bottom to top. Paths are folders or single files under src/. */
const LAYERS = [
  { name: 'ground floor', paths: ['src/errors.ts', 'src/text.ts', 'src/log.ts', 'src/json.ts', 'src/config.ts', 'src/runbook/duration.ts'] },
  { name: 'store', paths: ['src/store'] },
  { name: 'docker/custody/evidence', paths: ['src/docker', 'src/custody', 'src/evidence', 'src/investigate', 'src/auth'] },
  { name: 'actions', paths: ['src/actions', 'src/services.ts', 'src/schema.ts'] },
  { name: 'runbooks and alerts', paths: ['src/runbook', 'src/alerts'] },
  { name: 'engine', paths: ['src/engine'] },
  { name: 'server/report', paths: ['src/server', 'src/report'] },
  { name: 'cli', paths: ['src/cli'] },
  { name: 'bin', paths: ['src/bin.ts'] },
];

// src/runbook/duration.ts sits on the ground floor though its folder is higher up: the `5m`
// parser is used by config, actions and runbooks alike.
const GROUND_IN_HIGHER_FOLDERS = { 'src/runbook': ['./duration.ts'] };

/** One zone per (layer, higher layer): files of the first may not import from the second. */
function layerZones() {
  const zones = [];
  LAYERS.forEach((layer, index) => {
    for (const higher of LAYERS.slice(index + 1)) {
      for (const from of higher.paths) {
        zones.push({
          target: layer.paths.map((path) => (path.endsWith('.ts') ? path : `${path}/**`)),
          from: from.endsWith('.ts') ? from : `${from}/`,
          ...(GROUND_IN_HIGHER_FOLDERS[from] ? { except: GROUND_IN_HIGHER_FOLDERS[from] } : {}),
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
    except: ['./contract.ts', './registry.ts', './write-ahead.ts', './docker/index.ts', './evidence/index.ts', './investigate/index.ts', './recover/index.ts'],
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
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
