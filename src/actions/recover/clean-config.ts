import type Docker from 'dockerode';
import type { EndpointSnapshot } from '../../docker/networks.js';
import type { ResourceLimits } from '../../docker/resources.js';

/** What the new container needs from the old one, besides its image. */
export interface RecreatePlan {
  create: Docker.ContainerCreateOptions;
  networks: EndpointSnapshot[]; // all of them; the first is given at create time
}

export interface PlanInputs {
  old: Docker.ContainerInspectInfo;
  oldImage: Docker.ImageInspectInfo | undefined; // undefined when the old image is gone
  cleanImage: Docker.ImageInspectInfo;
  cleanRef: string;
  temporaryName: string;
  networks: EndpointSnapshot[]; // as before containment
  limits: ResourceLimits | undefined; // as before containment
  labels: Record<string, string>; // irctl's own, added
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Inspect shows the container's config merged with its image's. Only what the container set on
 * top of its image is carried over (env, labels, cmd, entrypoint, user, workdir), so the clean
 * image's own defaults apply; the host side (mounts, ports, restart policy, limits, capabilities)
 * is the container's own and is copied whole.
 */
export function recreatePlan(inputs: PlanInputs): RecreatePlan {
  const { old, oldImage, cleanImage } = inputs;
  const imageConfig = (oldImage?.Config ?? {}) as Record<string, unknown> & { Env?: string[]; Labels?: Record<string, string> };
  const oldConfig = old.Config as unknown as Record<string, unknown>;
  // undefined: the container kept its image's value, so the clean image's own applies
  const overridden = (key: 'Cmd' | 'Entrypoint' | 'User' | 'WorkingDir') => (oldImage && same(oldConfig[key], imageConfig[key]) ? undefined : oldConfig[key]);
  const imageEnv = new Set(imageConfig.Env ?? []);
  const env = (old.Config.Env ?? []).filter((entry) => !imageEnv.has(entry));
  const imageLabels = imageConfig.Labels ?? {};
  const labels = Object.fromEntries(Object.entries(old.Config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value));

  const hostConfig: Docker.HostConfig = { ...old.HostConfig };
  if (inputs.limits) {
    Object.assign(hostConfig, {
      NanoCpus: inputs.limits.nano_cpus,
      CpuQuota: inputs.limits.cpu_quota,
      CpuPeriod: inputs.limits.cpu_period,
      Memory: inputs.limits.memory,
      MemorySwap: inputs.limits.memory_swap,
      PidsLimit: inputs.limits.pids_limit > 0 ? inputs.limits.pids_limit : 0,
    });
  }
  const [first] = inputs.networks;
  // a container that was on no network at all stays on none; otherwise start on the first one
  const mode = hostConfig.NetworkMode ?? '';
  const sharesNamespace = mode === 'host' || mode.startsWith('container:');
  if (!sharesNamespace) hostConfig.NetworkMode = first ? first.network : 'none';

  const create: Docker.ContainerCreateOptions = {
    name: inputs.temporaryName,
    Image: inputs.cleanRef,
    Env: [...(cleanImage.Config?.Env ?? []).filter((entry) => !env.some((own) => own.split('=')[0] === entry.split('=')[0])), ...env],
    Labels: { ...labels, ...inputs.labels },
    Cmd: overridden('Cmd') as string[] | undefined,
    Entrypoint: overridden('Entrypoint') as string[] | undefined,
    User: overridden('User') as string | undefined,
    WorkingDir: overridden('WorkingDir') as string | undefined,
    Hostname: old.Config.Hostname === old.Id.slice(0, 12) ? undefined : old.Config.Hostname,
    Domainname: old.Config.Domainname || undefined,
    ExposedPorts: old.Config.ExposedPorts,
    Healthcheck: old.Config.Healthcheck,
    Tty: old.Config.Tty,
    OpenStdin: old.Config.OpenStdin,
    StopSignal: (old.Config as { StopSignal?: string }).StopSignal,
    HostConfig: hostConfig,
    ...(first && !sharesNamespace ? { NetworkingConfig: { EndpointsConfig: { [first.network]: endpointConfig(first) } } } : {}),
  };
  return { create, networks: sharesNamespace ? [] : inputs.networks };
}

/** Aliases and links as before; no fixed address (the engine picks one; see recover.recreate). */
export function endpointConfig(snapshot: EndpointSnapshot): Docker.EndpointSettings {
  return {
    ...(snapshot.aliases.length ? { Aliases: snapshot.aliases } : {}),
    ...(snapshot.links.length ? { Links: snapshot.links } : {}),
  };
}
