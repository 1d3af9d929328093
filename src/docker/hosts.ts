import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import type { Config, HostConfig } from '../config.js';
import { NotFoundError, UsageError } from '../errors.js';
import { dockerCall, untilAborted } from './call.js';
import { loadDockerode } from './dockerode-loader.js';
import { guardClient } from './safe-client.js';
import { engineVersionString } from './untyped-calls.js';

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';
export const DEFAULT_QUARANTINE_NETWORK = 'irctl-quarantine';

/** One Docker host as the actions see it: its name, where it is, and a client for it. */
export interface DockerHost {
  name: string;
  url: string;
  docker: Docker;
}

export type DockerHostsConfig = Pick<Config, 'hosts'> & { quarantine_network?: string };

/** Engine versions by address, for every DockerHosts of the process: pre-flight asks right after its
 *  ping, so a run's first custody record does not wait for it. */
const engineVersions = new Map<string, { version: Promise<string>; askedAt: number }>();

// How long a version is trusted before the engine is asked again (a ping, ~1 ms): a long-lived
// `irctl serve` outlives engine upgrades, and custody records must name the engine that acted.
const ENGINE_VERSION_MAX_AGE_MS = 60_000;

/**
 * Docker clients by host name. "local" is DOCKER_HOST or the default socket, unless the config
 * file defines a host called "local"; other names come from the config file's `hosts:`.
 */
export class DockerHosts {
  private readonly clients = new Map<string, DockerHost>();
  readonly quarantineNetwork: string;

  constructor(
    private readonly config: DockerHostsConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.quarantineNetwork = config.quarantine_network ?? DEFAULT_QUARANTINE_NETWORK;
  }

  names(): string[] {
    return [...new Set(['local', ...Object.keys(this.config.hosts)])];
  }

  get(name = 'local'): Docker {
    return this.host(name).docker;
  }

  host(name = 'local'): DockerHost {
    const cached = this.clients.get(name);
    if (cached) return cached;
    const configured = this.config.hosts[name];
    let host: DockerHost;
    if (configured) host = { name, url: configured.url, docker: clientForHost(name, configured) };
    else if (name === 'local') {
      const url = this.env.DOCKER_HOST || DEFAULT_SOCKET;
      host = { name, url, docker: clientForUrl(url) };
    } else {
      throw new NotFoundError(`Docker host "${name}" is not configured`, {
        hint: `add it under hosts: in the config file, or use one of: ${this.names().join(', ')}`,
      });
    }
    this.clients.set(name, host);
    return host;
  }

  /** Keep a version a ping just named (pre-flight's), so the first record need not ask again. */
  rememberEngineVersion(name: string, version: string): void {
    engineVersions.set(this.host(name).url, { version: Promise.resolve(version), askedAt: Date.now() });
  }

  /** The engine's version string (custody records name it), asked again once it is a minute old. */
  engineVersion(name = 'local', signal?: AbortSignal): Promise<string> {
    const host = this.host(name);
    let asked = engineVersions.get(host.url);
    if (!asked || Date.now() - asked.askedAt > ENGINE_VERSION_MAX_AGE_MS) {
      // asked for everyone who waits on it, so no one caller's signal: each caller stops on its own
      const version = dockerCall({ host: name, url: host.url, what: 'read the engine version' }, () => engineVersionString(host.docker));
      asked = { version, askedAt: Date.now() };
      const entry = asked;
      // a failed lookup is not remembered, so the next call asks again
      version.catch(() => {
        if (engineVersions.get(host.url) === entry) engineVersions.delete(host.url);
      });
      engineVersions.set(host.url, asked);
    }
    return signal ? untilAborted(asked.version, signal) : asked.version;
  }
}

// dockerode fills unset options from DOCKER_HOST / DOCKER_CERT_PATH / DOCKER_TLS_VERIFY. A host
// chosen by name must not inherit another engine's address or certificates, so every client
// states all of them.
const NO_ENV_DEFAULTS: Docker.DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
};

export interface ClientOptions {
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  sshKey?: Buffer;
}

/**
 * A client for unix:///path, tcp://host:port (TLS when certificates are given) or ssh://user@host,
 * guarded so nothing outside the reference grammar reaches an API path (src/docker/safe-client.ts).
 */
export function clientForUrl(url: string, options: ClientOptions = {}): Docker {
  return guardClient(unguardedClientForUrl(url, options));
}

function unguardedClientForUrl(url: string, options: ClientOptions): Docker {
  if (url.startsWith('unix://')) {
    return new (loadDockerode())({ ...NO_ENV_DEFAULTS, socketPath: url.slice('unix://'.length), protocol: 'http' });
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`Docker host URL "${url}" is not a URL`, { hint: 'use unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host' });
  }
  if (parsed.protocol === 'tcp:') {
    const tls = options.tls;
    const useTls = Boolean(tls && (tls.ca || tls.cert || tls.key));
    return new (loadDockerode())({
      ...NO_ENV_DEFAULTS,
      host: parsed.hostname,
      port: Number(parsed.port || (useTls ? 2376 : 2375)),
      protocol: useTls ? 'https' : 'http',
      ...(useTls ? { ca: tls!.ca, cert: tls!.cert, key: tls!.key } : {}),
    });
  }
  if (parsed.protocol === 'ssh:') {
    // dockerode runs `docker system dial-stdio` on the far side over ssh2: key file first, agent otherwise
    return new (loadDockerode())({
      ...NO_ENV_DEFAULTS,
      protocol: 'ssh',
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      username: decodeURIComponent(parsed.username) || undefined,
      sshOptions: { privateKey: options.sshKey, agent: options.sshKey ? undefined : process.env.SSH_AUTH_SOCK },
    });
  }
  throw new UsageError(`unsupported Docker host URL "${url}"`, { hint: 'use unix://, tcp:// or ssh://' });
}

function clientForHost(name: string, host: HostConfig): Docker {
  const read = (what: string, path: string | undefined): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(`cannot read the ${what} file ${path} for Docker host "${name}": ${(error as Error).message}`, {
        hint: `fix hosts.${name} in the config file`,
        cause: error,
      });
    }
  };
  return clientForUrl(host.url, {
    tls: host.tls ? { ca: read('TLS CA', host.tls.ca), cert: read('TLS certificate', host.tls.cert), key: read('TLS key', host.tls.key) } : undefined,
    sshKey: read('ssh key', host.ssh_key),
  });
}
