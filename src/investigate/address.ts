import { isIPv4, isIPv6 } from 'node:net';

// Which remote addresses count as "inside": RFC 1918, loopback, link-local, CGNAT, unique-local
// IPv6, and IPv4-mapped forms of those. Anything else is the internet.

const V4_PRIVATE: [number, number][] = [
  [0x0a000000, 8], // 10/8
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16
  [0x64400000, 10], // 100.64/10
  [0x00000000, 8], // 0/8 (unspecified)
];

function v4Number(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

export function isPrivateAddress(address: string): boolean {
  if (isIPv4(address)) {
    const value = v4Number(address);
    return V4_PRIVATE.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
  }
  if (isIPv6(address)) {
    const lower = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return isPrivateAddress(mapped[1]!);
    return lower === '::' || lower === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
  }
  return false;
}
