import Docker from 'dockerode';
import type { Config } from '../config.js';
import { NotFoundError } from '../errors.js';

/**
 * Docker clients by host name. "local" is DOCKER_HOST or the default socket; other names come
 * from the config file's `hosts:`.
 */
export class DockerHosts {
  private readonly clients = new Map<string, Docker>();
  constructor(private readonly config: Pick<Config, 'hosts'>) {}

  names(): string[] {
    return ['local', ...Object.keys(this.config.hosts)];
  }

  get(name = 'local'): Docker {
    const cached = this.clients.get(name);
    if (cached) return cached;
    const client = name === 'local' ? localClient() : this.configured(name);
    this.clients.set(name, client);
    return client;
  }

  private configured(name: string): Docker {
    const host = this.config.hosts[name];
    if (!host) {
      throw new NotFoundError(`Docker host "${name}" is not configured`, {
        hint: `add it under hosts: in the config file, or use one of: ${this.names().join(', ')}`,
      });
    }
    return clientForUrl(host.url);
  }
}

function localClient(): Docker {
  const url = process.env.DOCKER_HOST;
  return url ? clientForUrl(url) : new Docker({ socketPath: '/var/run/docker.sock' });
}

export function clientForUrl(url: string): Docker {
  if (url.startsWith('unix://')) return new Docker({ socketPath: url.slice('unix://'.length) });
  const parsed = new URL(url);
  if (parsed.protocol === 'tcp:') {
    return new Docker({ host: parsed.hostname, port: Number(parsed.port || 2375), protocol: 'http' });
  }
  if (parsed.protocol === 'ssh:') {
    return new Docker({ protocol: 'ssh', host: parsed.hostname, port: Number(parsed.port || 22), username: parsed.username || undefined } as Docker.DockerOptions);
  }
  throw new NotFoundError(`unsupported Docker host URL "${url}"`, { hint: 'use unix://, tcp:// or ssh://' });
}
