import type Docker from 'dockerode';
import { isIP } from 'node:net';
import { rangeContains } from '../../ip-range.js';
import { networkInterfaces } from 'node:os';

// Addresses a block must never hit, whatever a log line or an alert says: a forged "Failed
// password … from 172.17.0.1" must not cut the host off its own containers, nor irctl off its
// engine. The list is built fresh for each block: networks and interfaces change.

export interface ProtectedAddress {
  /** An address or CIDR ("172.17.0.1", "10.0.0.0/8"). */
  range: string;
  why: string;
}

export const ALWAYS_PROTECTED: ProtectedAddress[] = [
  { range: '127.0.0.0/8', why: 'loopback' },
  { range: '::1/128', why: 'loopback' },
  { range: '0.0.0.0/32', why: 'the unspecified address' },
  { range: '::/128', why: 'the unspecified address' },
  { range: '255.255.255.255/32', why: 'broadcast' },
  { range: '224.0.0.0/4', why: 'multicast' },
  { range: 'ff00::/8', why: 'multicast' },
  { range: '::ffff:0:0/96', why: 'an IPv4-mapped address (give the IPv4 address itself)' },
];

/** The gateway of every network on the engine (docker0's 172.17.0.1 among them). */
export async function dockerGateways(docker: Docker, signal?: AbortSignal): Promise<ProtectedAddress[]> {
  const networks = await docker.listNetworks({ abortSignal: signal } as Docker.NetworkListOptions);
  return networks.flatMap((network) =>
    (network.IPAM?.Config ?? [])
      // the default bridge may name only its subnet: its gateway is then the subnet's first address
      .map((config) => config.Gateway ?? (network.Driver === 'bridge' && config.Subnet ? firstHost(config.Subnet) : undefined))
      .filter((gateway): gateway is string => typeof gateway === 'string' && isIP(gateway) !== 0)
      .map((gateway) => ({ range: gateway, why: `the gateway of Docker network ${network.Name}` })),
  );
}

/** "172.17.0.0/16" → "172.17.0.1" (IPv4 only; undefined otherwise). */
function firstHost(subnet: string): string | undefined {
  const [base, prefix] = subnet.split('/');
  if (!base || isIP(base) !== 4 || Number(prefix) > 30) return undefined;
  const value = base.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const mask = Number(prefix) === 0 ? 0 : (0xffffffff << (32 - Number(prefix))) >>> 0;
  const first = ((value & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((shift) => (first >>> shift) & 255).join('.');
}

/** Every address of this host's interfaces. */
export function hostAddresses(): ProtectedAddress[] {
  return Object.entries(networkInterfaces()).flatMap(([name, entries]) =>
    (entries ?? []).map((entry) => ({ range: entry.address.replace(/%.*$/, ''), why: `an address of this host (${name})` })),
  );
}

/** The first protected range the address falls in, or undefined when it may be blocked. */
export function protectedMatch(address: string, protectedRanges: ProtectedAddress[]): ProtectedAddress | undefined {
  return protectedRanges.find((entry) => rangeContains(entry.range, address));
}
