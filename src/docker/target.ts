import type Docker from 'dockerode';
import { z } from 'zod';
import type { DockerHosts } from './hosts.js';
import { NotFoundError } from '../errors.js';

/** The `with:` fields every container-targeting action shares. */
export const targetParams = {
  container: z.string().min(1).max(256).describe('container id, name, or label selector such as label:com.docker.compose.service=web'),
  host: z.string().default('local').describe('Docker host name from the config file (default: local)'),
};

export interface ResolvedTarget {
  hostName: string;
  docker: Docker;
  container: Docker.Container;
  info: Docker.ContainerInspectInfo;
}

/** Find one container on one host. (Label and Compose selectors are added by the docker module.) */
export async function resolveContainer(hosts: DockerHosts, selector: { container: string; host?: string }): Promise<ResolvedTarget> {
  const hostName = selector.host ?? 'local';
  const docker = hosts.get(hostName);
  const container = docker.getContainer(selector.container);
  try {
    const info = await container.inspect();
    return { hostName, docker, container: docker.getContainer(info.Id), info };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new NotFoundError(`container "${selector.container}" not found on host "${hostName}"`, {
        hint: `docker ps -a on that host, or check the runbook input`,
      });
    }
    throw error;
  }
}
