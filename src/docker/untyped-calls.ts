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
