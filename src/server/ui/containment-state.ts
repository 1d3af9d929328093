import type { DockerHosts } from '../../docker/hosts.js';
import type { IncidentRow } from '../../engine/incidents.js';

/** A name or id Docker could mean; anything else (an alert may say anything) is never sent to the engine. */
const CONTAINER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const HOST_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;
const INSPECT_TIMEOUT_MS = 3_000;

export type ContainmentState =
  | { kind: 'none'; why: string }
  | { kind: 'unreachable'; host: string; target: string; error: string }
  | {
      kind: 'seen';
      host: string;
      target: string;
      name: string;
      id: string;
      running: boolean;
      paused: boolean;
      networks: string[];
      quarantined: boolean;
      memoryBytes: number;
      nanoCpus: number;
      pidsLimit: number | null;
      restartPolicy: string;
      labels: [string, string][];
    };

/** The host an incident's steps act on: its `host` input when the config names it, else local. */
function hostOf(incident: IncidentRow, hosts: DockerHosts): string {
  let inputs: Record<string, unknown> = {};
  try {
    inputs = JSON.parse(incident.inputs) as Record<string, unknown>;
  } catch {
    // an unreadable inputs column reads as none
  }
  const named = inputs.host;
  return typeof named === 'string' && HOST_NAME.test(named) && hosts.names().includes(named) ? named : 'local';
}

/**
 * What the engine says about the incident's target right now: networks, paused, limits. The page
 * must render when the engine is down, so every failure is a state to show, never an error.
 */
export async function containmentState(incident: IncidentRow, hosts: DockerHosts): Promise<ContainmentState> {
  const target = incident.target;
  if (!target) return { kind: 'none', why: 'this incident names no target container' };
  if (!CONTAINER_REF.test(target)) return { kind: 'none', why: 'the target is not a container name or id, so the engine was not asked' };
  const host = hostOf(incident, hosts);
  try {
    const docker = hosts.get(host);
    const info = await docker.getContainer(target).inspect({ abortSignal: AbortSignal.timeout(INSPECT_TIMEOUT_MS) } as object);
    const networks = Object.keys(info.NetworkSettings?.Networks ?? {});
    return {
      kind: 'seen',
      host,
      target,
      name: info.Name.replace(/^\//, ''),
      id: info.Id,
      running: info.State.Running,
      paused: info.State.Paused,
      networks,
      quarantined: networks.length > 0 && networks.every((network) => network === hosts.quarantineNetwork),
      memoryBytes: info.HostConfig.Memory ?? 0,
      nanoCpus: info.HostConfig.NanoCpus ?? 0,
      pidsLimit: info.HostConfig.PidsLimit ?? null,
      restartPolicy: info.HostConfig.RestartPolicy?.Name || 'no',
      labels: Object.entries(info.Config.Labels ?? {}),
    };
  } catch (error) {
    return { kind: 'unreachable', host, target, error: (error as Error).message };
  }
}
