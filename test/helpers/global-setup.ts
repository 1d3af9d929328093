import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Every test run gets a real Docker engine: scripts/docker-engine.sh finds one or starts a private
// one (and builds the local test image). If it cannot, the run fails here with its reason:
// Docker tests never skip.
export default function setup(): void {
  // Tests that start irctl, or workers of their own, as separate processes run the compiled dist/:
  // build it when a source is newer (npm test has built it already; a direct `npx vitest` may not).
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
  const script = fileURLToPath(new URL('../../scripts/docker-engine.sh', import.meta.url));
  const printed = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = printed.trim().split('\n').pop() ?? '';
  if (!line.startsWith('DOCKER_HOST=')) throw new Error(`docker-engine.sh printed no DOCKER_HOST (got: ${printed})`);
  process.env.DOCKER_HOST = line.slice('DOCKER_HOST='.length);
  process.env.IRCTL_TEST_IMAGE ??= 'irctl-test/busybox:1';
}
