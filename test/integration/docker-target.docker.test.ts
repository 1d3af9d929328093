import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineVersionString, rawPing, versionFromServerHeader } from '../../src/docker/untyped-calls.js';
import { DockerHosts } from '../../src/docker/hosts.js';
import { resolveContainer } from '../../src/docker/target.js';
import { DockerUnreachableError, NotFoundError, UsageError } from '../../src/errors.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

describe('resolveContainer on the real engine', () => {
  const docker = testDocker();
  const hosts = new DockerHosts({ hosts: {} });
  const project = uniqueName('shop').toLowerCase();
  const victims: Docker.Container[] = [];
  let web: Docker.ContainerInspectInfo;
  let worker: Docker.ContainerInspectInfo;

  beforeAll(async () => {
    const compose = (service: string, replica: number) => ({
      'com.docker.compose.project': project,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': String(replica),
      'irctl.test.project': project,
    });
    victims.push(await startVictim(docker, { name: `${project}-web-1`, labels: compose('web', 1) }));
    victims.push(await startVictim(docker, { name: `${project}-worker-1`, labels: compose('worker', 1) }));
    victims.push(await startVictim(docker, { name: `${project}-worker-2`, labels: compose('worker', 2) }));
    web = await victims[0]!.inspect();
    worker = await victims[1]!.inspect();
  });

  afterAll(async () => {
    await Promise.all(victims.map(removeQuietly));
  });

  it('finds a container by its name', async () => {
    const target = await resolveContainer(hosts, { container: `${project}-web-1` });
    expect(target.info.Id).toBe(web.Id);
    expect(target.hostName).toBe('local');
  });

  it('finds a container by its full id and by an id prefix', async () => {
    expect((await resolveContainer(hosts, { container: web.Id })).info.Id).toBe(web.Id);
    expect((await resolveContainer(hosts, { container: web.Id.slice(0, 12) })).info.Id).toBe(web.Id);
  });

  it('binds the resolved container to its full id rather than to the selector text', async () => {
    const target = await resolveContainer(hosts, { container: `${project}-web-1` });
    expect(target.container.id).toBe(web.Id);
  });

  it('finds the one container that carries every label of a label selector', async () => {
    const target = await resolveContainer(hosts, {
      container: `label:com.docker.compose.project=${project},com.docker.compose.container-number=2`,
    });
    expect(target.info.Name).toBe(`/${project}-worker-2`);
  });

  it('finds a Compose service container from compose:<project>/<service>', async () => {
    const target = await resolveContainer(hosts, { container: `compose:${project}/web` });
    expect(target.info.Id).toBe(web.Id);
  });

  it('refuses a selector that matches several containers and names each match', async () => {
    const error = await resolveContainer(hosts, { container: `compose:${project}/worker` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('matches 2 containers');
    expect((error as UsageError).message).toContain(`${project}-worker-1 (${worker.Id.slice(0, 12)}`);
    expect((error as UsageError).message).toContain(`${project}-worker-2`);
  });

  it('reports a label selector that matches nothing as not found, with the docker ps filter to check', async () => {
    const error = await resolveContainer(hosts, { container: `label:irctl.test.project=${project}-none` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).hint).toContain(`--filter label=irctl.test.project=${project}-none`);
  });

  it('reports a container that does not exist as not found on its host', async () => {
    const error = await resolveContainer(hosts, { container: 'no-such-container-here' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe('container "no-such-container-here" not found on host "local"');
  });

  it('reports a host name missing from the config as not found', async () => {
    const error = await resolveContainer(hosts, { container: 'web', host: 'prod-z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('Docker host "prod-z" is not configured');
  });

  it('refuses a name that would walk to another API path before calling the engine', async () => {
    await expect(resolveContainer(hosts, { container: '../networks/bridge' })).rejects.toBeInstanceOf(UsageError);
  });

  it('reports a host whose socket does not exist as an unreachable engine', async () => {
    const dead = new DockerHosts({ hosts: { dead: { url: 'unix:///tmp/irctl-no-engine-here.sock' } } });
    const error = await resolveContainer(dead, { container: 'web', host: 'dead' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect((error as DockerUnreachableError).message).toContain('Docker engine at unix:///tmp/irctl-no-engine-here.sock is unreachable');
    expect((error as DockerUnreachableError).hint).toContain('docker -H unix:///tmp/irctl-no-engine-here.sock version');
  });

  it('asks the engine version once for everyone: a caller that stops gets its abort, the others the version', async () => {
    const stopping = new AbortController();
    const fresh = new DockerHosts({ hosts: {} });
    const stopped = fresh.engineVersion('local', stopping.signal);
    const waiting = fresh.engineVersion('local', new AbortController().signal);
    stopping.abort(new Error('step aborted'));
    await expect(stopped).rejects.toThrow('step aborted');
    const version = await waiting;
    expect(version).toBe((await docker.version()).Version);
    await expect(new DockerHosts({ hosts: {} }).engineVersion('local')).resolves.toBe(version); // shared by address
  });

  it("reads the engine version from a ping's Server header, the same string /version gives", async () => {
    const ping = await rawPing(docker);
    expect(ping.status).toBe(200);
    const { Version } = await docker.version();
    expect(versionFromServerHeader(ping.server)).toBe(Version); // the fast path, not the /version fallback
    expect(await engineVersionString(docker)).toBe(Version);
  });
});
