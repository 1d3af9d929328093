import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { clientForUrl } from '../../src/docker/hosts.js';

export const TEST_IMAGE = process.env.IRCTL_TEST_IMAGE ?? 'irctl-test/busybox:1';
export const TEST_LABEL = 'irctl.test';

export function testDocker(): Docker {
  const host = process.env.DOCKER_HOST;
  if (!host) throw new Error('DOCKER_HOST is not set: the vitest global setup should have started an engine');
  return clientForUrl(host);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A running victim container from the local test image (busybox httpd by default). */
export async function startVictim(
  docker: Docker,
  options: { name?: string; cmd?: string[]; labels?: Record<string, string>; network?: string; hostConfig?: Docker.HostConfig; env?: string[] } = {},
): Promise<Docker.Container> {
  const name = options.name ?? uniqueName('victim');
  const container = await docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: options.cmd,
    Env: options.env,
    Labels: { [TEST_LABEL]: '1', ...options.labels },
    HostConfig: { NetworkMode: options.network, ...options.hostConfig },
  });
  await container.start();
  return container;
}

/** Run a command inside a container and wait for it (the "compromise" in tests). */
export async function execIn(container: Docker.Container, cmd: string[]): Promise<void> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
    stream.resume();
  });
}

export async function removeQuietly(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch {
    // already gone
  }
}
