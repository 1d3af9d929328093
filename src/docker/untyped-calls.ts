import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';

// dockerode's version() and info() take an options argument (and read abortSignal from it) that
// @types/dockerode leaves out. These wrappers give them the signal with a type.

type WithSignal<T> = (options: { abortSignal?: AbortSignal }) => Promise<T>;

export function engineVersion(docker: Docker, signal?: AbortSignal): Promise<Docker.DockerVersion> {
  return (docker.version.bind(docker) as unknown as WithSignal<Docker.DockerVersion>)({ abortSignal: signal });
}

export function engineInfo(docker: Docker, signal?: AbortSignal): Promise<{ MemTotal: number; NCPU: number; ServerVersion: string }> {
  return (docker.info.bind(docker) as unknown as WithSignal<{ MemTotal: number; NCPU: number; ServerVersion: string }>)({ abortSignal: signal });
}

export interface PingAnswer {
  status: number;
  body: string;
  apiVersion?: string;
  /** The Server header: "Docker/27.5.1 (linux)" from a Docker engine. */
  server?: string;
}

const MAX_PING_BODY = 1024;

/**
 * GET /_ping with its headers, whatever the status. dockerode's ping() returns only the body, so
 * the request goes through its modem as a stream (every transport dockerode speaks: socket, TCP,
 * TLS, ssh).
 */
export function rawPing(docker: Docker, signal?: AbortSignal): Promise<PingAnswer> {
  return new Promise((resolve, reject) => {
    // every status is "expected" here, so the modem hands back the response instead of an error
    const statusCodes = new Proxy({}, { get: () => true });
    docker.modem.dial({ path: '/_ping', method: 'GET', isStream: true, statusCodes, abortSignal: signal }, (error: unknown, res: unknown) => {
      if (error) return reject(error);
      const response = res as IncomingMessage;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_PING_BODY) response.destroy();
      });
      const done = () =>
        resolve({
          status: response.statusCode ?? 0,
          body: body.slice(0, MAX_PING_BODY),
          apiVersion: header(response, 'api-version'),
          server: header(response, 'server'),
        });
      response.on('end', done);
      response.on('close', done);
      response.on('error', reject);
    });
  });
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The engine version a Docker engine names in its Server header ("Docker/27.5.1 (linux)"), the
 *  same string as /version's Version; undefined for anything else (Podman, a proxy that rewrites it). */
export function versionFromServerHeader(server: string | undefined): string | undefined {
  return /^Docker\/([0-9][0-9A-Za-z.+~_-]{0,63}) \(/.exec(server ?? '')?.[1];
}

/**
 * The engine's version string. A ping names it in its Server header: ~1 ms, where /version makes
 * a Docker engine run runc and docker-init to ask theirs (~60 ms here, and the engine answers other
 * requests late meanwhile). /version when the header does not name it.
 */
export async function engineVersionString(docker: Docker, signal?: AbortSignal): Promise<string> {
  const ping = await rawPing(docker, signal);
  return versionFromServerHeader(ping.status === 200 ? ping.server : undefined) ?? (await engineVersion(docker, signal)).Version;
}
