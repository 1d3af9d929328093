import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { dockerCall } from '../../docker/call.js';
import { operationOn, type ResolvedTarget } from '../../docker/target.js';

// The few container lifecycle calls recovery makes, each through dockerCall so failures name the
// host and the call.

export const shortName = (info: Docker.ContainerInspectInfo) => info.Name.replace(/^\//, '');
export const suffix = () => randomBytes(3).toString('hex');

/** A target for a container irctl just created (or knows by id), inspected now. */
export async function targetById(
  base: Pick<ResolvedTarget, 'hostName' | 'hostUrl' | 'docker'>,
  containerId: string,
  signal?: AbortSignal,
): Promise<ResolvedTarget> {
  const container = base.docker.getContainer(containerId);
  const info = await dockerCall(
    { host: base.hostName, url: base.hostUrl, what: `inspect container ${containerId.slice(0, 12)}` },
    () => container.inspect({ abortSignal: signal }),
    { signal },
  );
  return { ...base, container, info };
}

export async function renameContainer(target: ResolvedTarget, name: string, signal?: AbortSignal): Promise<void> {
  await dockerCall(
    operationOn(target, `rename container ${target.info.Id.slice(0, 12)} to ${name}`),
    () => target.container.rename({ name, abortSignal: signal }),
    { signal, changes: true },
  );
}

// 304 Not Modified: already stopped / already started, which is what was wanted
function unlessNotModified(error: unknown): void {
  if ((error as { details?: { statusCode?: number } }).details?.statusCode !== 304) throw error;
}

export async function stopContainer(target: ResolvedTarget, seconds: number, signal?: AbortSignal): Promise<void> {
  await dockerCall(operationOn(target, `stop container ${target.info.Id.slice(0, 12)}`), () => target.container.stop({ t: seconds, abortSignal: signal }), {
    signal,
    changes: true,
  }).catch(unlessNotModified);
}

export async function startContainer(target: ResolvedTarget, signal?: AbortSignal): Promise<void> {
  await dockerCall(operationOn(target, `start container ${target.info.Id.slice(0, 12)}`), () => target.container.start({ abortSignal: signal }), {
    signal,
    changes: true,
  }).catch(unlessNotModified);
}

/** Remove a container; its named volumes stay (they may hold the service's data, or evidence). */
export async function removeContainer(target: ResolvedTarget, signal?: AbortSignal): Promise<void> {
  await dockerCall(
    operationOn(target, `remove container ${target.info.Id.slice(0, 12)}`),
    () => target.container.remove({ force: true, v: false, abortSignal: signal }),
    { signal, changes: true },
  );
}
