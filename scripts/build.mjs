// Compile src/ to dist/ and stamp the build with the time it started, so bin/irctl.js can tell a
// build that is older than the sources (in a checkout it then runs the sources through tsx).
// A failed build fails loudly: an installed irctl runs only from dist/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = new Date();

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// --if-stale: nothing to do when the stamp is at least as new as every source (as bin/irctl.js judges).
const stamp = `${root}dist/.built`;
if (process.argv.includes('--if-stale') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(`${root}src`)) process.exit(0);
rmSync(`${root}dist/.built`, { force: true });
try {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
} catch {
  console.error('irctl: the TypeScript build failed (errors above)');
  process.exit(1);
}
mkdirSync(`${root}dist`, { recursive: true });
// Plain JavaScript modules in src/ (a worker thread's file, which Node loads by path) land beside tsc's output.
function copyPlainModules(dir) {
  for (const entry of readdirSync(`${root}src${dir}`, { withFileTypes: true })) {
    if (entry.isDirectory()) copyPlainModules(`${dir}/${entry.name}`);
    else if (entry.name.endsWith('.mjs')) {
      mkdirSync(`${root}dist${dir}`, { recursive: true });
      copyFileSync(`${root}src${dir}/${entry.name}`, `${root}dist${dir}/${entry.name}`);
    }
  }
}
copyPlainModules('');
// What `irctl --help` lists, read from the built commands themselves, so the top-level help needs
// to load none of them (src/cli/commands/index.ts, src/package-files.ts).
const { Command } = await import('commander');
const { summarizeCommands } = await import(`${root}dist/cli/commands/index.js`);
writeFileSync(`${root}dist/command-summary.json`, `${JSON.stringify(await summarizeCommands(new Command('irctl')), null, 1)}\n`);

// The CLI as bin/irctl.js runs it: tsc's modules bundled into dist/irctl.js, each command's code in
// its own chunk (dist/irctl-*.js) loaded when that command runs. Node resolves, reads and compiles a
// few dozen files instead of three hundred: ~100 ms less start-up for every command. The plain
// JavaScript packages every run loads are bundled in too (yaml alone is ~80 files; ~50 ms less per
// `irctl run`, measured with farm-bench); the others stay in node_modules: better-sqlite3 (native),
// dockerode (src/docker/dockerode-loader.ts defers its SSH and BuildKit modules through the
// require cache), pino (src/log.ts loads it on the first line written, which most runs never write),
// and the server's and the prompts' packages, which only long or interactive commands load. Every
// file lands directly in dist/, where src/package-files.ts expects it.
const BUNDLED_PACKAGES = new Set(['zod', 'yaml', 'commander', 'xstate', 'picocolors', 'canonicalize']);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
for (const name of readdirSync(`${root}dist`)) if (/^irctl(-.*)?\.js$/.test(name)) rmSync(`${root}dist/${name}`);
const { build } = await import('esbuild');
await build({
  entryPoints: [{ in: `${root}dist/bin.js`, out: 'irctl' }],
  outdir: `${root}dist`,
  chunkNames: 'irctl-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // bundled CommonJS packages require Node's built-ins: give the ES module chunks a real require
  banner: { js: "import { createRequire as __irctlCreateRequire } from 'node:module'; const require = __irctlCreateRequire(import.meta.url);" },
  plugins: [
    {
      name: 'bundle-listed-packages',
      setup(esbuild) {
        // what irctl's own modules import: bundled when listed, else left to node_modules; what a
        // bundled package imports is bundled with it
        esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
          !args.importer.startsWith(`${root}dist/`) || BUNDLED_PACKAGES.has(packageOf(args.path)) ? undefined : { external: true },
        );
      },
    },
  ],
  logLevel: 'warning',
});
writeFileSync(`${root}dist/.built`, `${started.toISOString()}\n`);
utimesSync(`${root}dist/.built`, started, started);
