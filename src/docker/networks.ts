import type Docker from 'dockerode';
import { z } from 'zod';
import { ActionFailedError, NotFoundError } from '../errors.js';
import { dockerCall } from './call.js';
import { operationOn, type ResolvedTarget } from './target.js';

/** How a container was attached to one network, enough to attach it again the same way. */
export const endpointSnapshotSchema = z.object({
  network: z.string(),
  network_id: z.string(),
  ipv4_address: z.string(),
  ipv6_address: z.string(),
  aliases: z.array(z.string()),
  links: z.array(z.string()),
});
export type EndpointSnapshot = z.output<typeof endpointSnapshotSchema>;

export const QUARANTINE_LABELS = { 'irctl.managed': 'true', 'irctl.role': 'quarantine' } as const;

/** The networks a container is attached to, minus the ones named in `except`. */
export function snapshotEndpoints(info: Docker.ContainerInspectInfo, except: readonly string[] = []): EndpointSnapshot[] {
  const shortId = info.Id.slice(0, 12);
  return Object.entries(info.NetworkSettings.Networks ?? {})
    .filter(([network]) => !except.includes(network))
    .map(([network, endpoint]) => ({
      network,
      network_id: endpoint.NetworkID,
      ipv4_address: endpoint.IPAddress ?? '',
      ipv6_address: endpoint.GlobalIPv6Address ?? '',
      // the engine adds the short id as an alias by itself on connect; keep only the chosen ones
      aliases: (endpoint.Aliases ?? []).filter((alias: string) => alias !== shortId),
      links: endpoint.Links ?? [],
    }));
}

// Quarantine creation in flight, per engine client and name: isolates started together (an alert
// storm) wait for one creation instead of racing to make their own.
const creating = new WeakMap<Docker, Map<string, Promise<Docker.NetworkInspectInfo>>>();

/** What finding a network needs of a target: the engine, not yet the container. */
type EngineOf = Pick<ResolvedTarget, 'docker' | 'hostName' | 'hostUrl'>;

/**
 * Look for the quarantine network without creating it: read-only, so an action may start it before
 * its write-ahead intent (beside its inspect) and hand it to ensureQuarantineNetwork afterwards.
 */
export function findQuarantineNetwork(engine: EngineOf, name: string, signal?: AbortSignal): Promise<Docker.NetworkInspectInfo[]> {
  const lookup = networksNamed(engine, name, signal);
  lookup.catch(() => undefined); // awaited by ensureQuarantineNetwork; not unhandled if the action fails first
  return lookup;
}

/**
 * Attach the container to the quarantine network that ensureQuarantineNetwork returned, and return
 * the network it ends up on.
 *
 * Two irctl processes (or engine clients) can each create a network of that name on engines whose
 * duplicate check is not atomic; each then keeps the oldest and removes the empty others, which can
 * remove the one this process is about to attach to. That answers 404; the network is then looked
 * up afresh and the attach tried again.
 */
export async function connectToQuarantine(
  target: ResolvedTarget,
  ensured: Docker.NetworkInspectInfo,
  signal?: AbortSignal,
): Promise<Docker.NetworkInspectInfo> {
  let quarantine = ensured;
  for (let attempt = 1; ; attempt++) {
    try {
      await connect(target, quarantine.Id, {}, signal);
      return quarantine;
    } catch (error) {
      if (!(error instanceof NotFoundError) || attempt >= QUARANTINE_ATTEMPTS || (await networkExists(target, quarantine.Id, signal))) throw error;
    }
    quarantine = await ensureQuarantineNetwork(target, ensured.Name, signal);
  }
}

// a duplicate removed under us settles on the next look; more than this means something else is wrong
const QUARANTINE_ATTEMPTS = 3;

async function networkExists(target: ResolvedTarget, id: string, signal?: AbortSignal): Promise<boolean> {
  return dockerCall(operationOn(target, `inspect network ${id.slice(0, 12)}`), () => target.docker.getNetwork(id).inspect(), {
    signal,
  }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof NotFoundError) return false;
      throw error;
    },
  );
}

/**
 * The quarantine network: internal (no route out), and with inter-container traffic off so two
 * quarantined containers cannot reach each other. Created on first use. An existing network of
 * that name that is not internal is refused rather than trusted. `found` is a lookup started
 * earlier by findQuarantineNetwork (read-only), used instead of asking again.
 */
export async function ensureQuarantineNetwork(
  target: ResolvedTarget,
  name: string,
  signal?: AbortSignal,
  found?: Promise<Docker.NetworkInspectInfo[]>,
): Promise<Docker.NetworkInspectInfo> {
  let byName = creating.get(target.docker);
  if (!byName) creating.set(target.docker, (byName = new Map()));
  let pending = byName.get(name);
  if (!pending) {
    pending = findOrCreateQuarantine(target, name, signal, found).finally(() => byName.delete(name));
    byName.set(name, pending);
  }
  const network = await pending;
  if (!network.Internal) {
    throw new ActionFailedError(`network "${name}" on host "${target.hostName}" exists but is not internal: a container on it could still reach the outside`, {
      hint: `remove or rename that network (docker -H ${target.hostUrl} network rm ${name}), or set quarantine_network in the config file`,
    });
  }
  return network;
}

async function findOrCreateQuarantine(
  target: ResolvedTarget,
  name: string,
  signal?: AbortSignal,
  found?: Promise<Docker.NetworkInspectInfo[]>,
): Promise<Docker.NetworkInspectInfo> {
  const existing = (await found) ?? (await networksNamed(target, name, signal));
  if (existing.length > 0) return canonical(target, existing, signal);
  await dockerCall(
    operationOn(target, `create quarantine network "${name}"`),
    () =>
      target.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        Internal: true,
        CheckDuplicate: true,
        Labels: { ...QUARANTINE_LABELS },
        Options: { 'com.docker.network.bridge.enable_icc': 'false' },
        abortSignal: signal,
      }),
    { signal, changes: true },
  ).catch((error: unknown) => {
    // another irctl process created it first (409): use theirs
    if (!(error instanceof ActionFailedError) || error.details?.statusCode !== 409) throw error;
  });
  return canonical(target, await networksNamed(target, name, signal), signal);
}

async function networksNamed(target: EngineOf, name: string, signal?: AbortSignal): Promise<Docker.NetworkInspectInfo[]> {
  const listed = await dockerCall(
    operationOn(target, `list networks named "${name}"`),
    () => target.docker.listNetworks({ filters: { name: [name] }, abortSignal: signal } as Docker.NetworkListOptions),
    { signal },
  );
  return listed.filter((network) => network.Name === name); // the engine's name filter matches substrings
}

/**
 * Older engines do not make CheckDuplicate atomic, so two irctl processes can each create a
 * network of the same name. Every process picks the same one of those it sees (oldest, then lowest
 * id) and removes the other irctl-made ones while nothing is attached to them. A process that saw
 * only its own stays on it: two quarantine networks of the name, both internal, and later
 * isolates join the oldest.
 */
async function canonical(target: ResolvedTarget, networks: Docker.NetworkInspectInfo[], signal?: AbortSignal): Promise<Docker.NetworkInspectInfo> {
  if (networks.length === 0)
    throw new NotFoundError(`quarantine network vanished on host "${target.hostName}" right after it was created`, { hint: 'run the step again' });
  const [kept, ...extra] = [...networks].sort((a, b) => compareCreated(a.Created, b.Created) || a.Id.localeCompare(b.Id));
  for (const duplicate of extra) {
    const ours = duplicate.Labels?.['irctl.role'] === QUARANTINE_LABELS['irctl.role'];
    if (ours && Object.keys(duplicate.Containers ?? {}).length === 0) {
      await dockerCall(operationOn(target, `remove duplicate network ${duplicate.Id.slice(0, 12)}`), () => target.docker.getNetwork(duplicate.Id).remove(), {
        signal,
        changes: true,
      }).catch(() => undefined); // the other process may have removed it already
    }
  }
  return kept!;
}

/**
 * Order two engine timestamps (RFC 3339 with nanoseconds). Not as strings: the engine trims
 * trailing zeros from the fraction, so "…09.18106706Z" (…060) is earlier than "…09.181067063Z"
 * but sorts after it as a string.
 */
export function compareCreated(a: string, b: string): number {
  const at = instant(a);
  const bt = instant(b);
  return at.seconds - bt.seconds || at.nanos - bt.nanos;
}

function instant(stamp: string): { seconds: number; nanos: number } {
  const match = /^([^.]*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/.exec(stamp.trim());
  const seconds = Date.parse(`${match?.[1] ?? stamp}${match?.[3] ?? 'Z'}`) / 1000;
  const nanos = Number((match?.[2] ?? '').padEnd(9, '0').slice(0, 9));
  return { seconds: Number.isNaN(seconds) ? 0 : seconds, nanos };
}

export async function disconnect(target: ResolvedTarget, network: string, signal?: AbortSignal): Promise<void> {
  await dockerCall(
    operationOn(target, `disconnect container ${target.info.Id.slice(0, 12)} from network "${network}"`),
    () => target.docker.getNetwork(network).disconnect({ Container: target.info.Id, Force: false, abortSignal: signal }),
    { signal, changes: true },
  );
}

export async function connect(target: ResolvedTarget, network: string, endpoint: Docker.EndpointSettings = {}, signal?: AbortSignal): Promise<void> {
  const options = { Container: target.info.Id, EndpointConfig: endpoint, abortSignal: signal };
  await dockerCall(
    operationOn(target, `connect container ${target.info.Id.slice(0, 12)} to network "${network}"`),
    () => target.docker.getNetwork(network).connect(options),
    { signal, changes: true },
  );
}

/**
 * Attach the container to a network as it was before: same addresses and aliases. Networks the
 * engine does not let us pick addresses on (the default bridge, networks without a configured
 * subnet) answer 400; there the container is attached again without a fixed address.
 */
export async function reconnect(target: ResolvedTarget, snapshot: EndpointSnapshot, signal?: AbortSignal): Promise<void> {
  const ipam: Docker.IPAMConfig = {};
  if (snapshot.ipv4_address) ipam.IPv4Address = snapshot.ipv4_address;
  if (snapshot.ipv6_address) ipam.IPv6Address = snapshot.ipv6_address;
  const base: Docker.EndpointSettings = {};
  if (snapshot.aliases.length > 0) base.Aliases = snapshot.aliases;
  if (snapshot.links.length > 0) base.Links = snapshot.links;
  const network = snapshot.network_id || snapshot.network;
  if (Object.keys(ipam).length === 0) return connect(target, network, base, signal);
  try {
    await connect(target, network, { ...base, IPAMConfig: ipam }, signal);
  } catch (error) {
    if (!(error instanceof ActionFailedError) || !ADDRESS_REFUSED.has(error.details?.statusCode as number)) throw error;
    await connect(target, network, base, signal);
  }
}

// how the engine says "you may not pick an address on this network" (400 in current engines,
// 403 in some older ones)
const ADDRESS_REFUSED = new Set([400, 403]);
