import { endianness } from 'node:os';

// Parses the kernel's socket tables (/proc/<pid>/net/{tcp,tcp6,udp,udp6}). Addresses are hex
// words in the host's byte order: each 32-bit word of an address is little-endian on x86/arm64.

export type SocketProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6';
export const SOCKET_TABLES: readonly SocketProtocol[] = ['tcp', 'tcp6', 'udp', 'udp6'];

export interface SocketEntry {
  protocol: SocketProtocol;
  local: string; // address:port, [v6]:port
  remote: string;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string; // LISTEN, ESTABLISHED, … (UDP: UNCONN for an unconnected socket)
  uid: number;
  inode: number;
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW_SYN_RECV',
};

/** Parse one table's text; the header line and blank lines are skipped. */
export function parseSocketTable(protocol: SocketProtocol, text: string, byteOrder: 'LE' | 'BE' = endianness()): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (!/^\d+:$/.test(fields[0] ?? '') || fields.length < 10) continue;
    const [localHex, remoteHex, stateHex, , , , uid, , inode] = fields.slice(1);
    const local = decodeEndpoint(localHex!, byteOrder);
    const remote = decodeEndpoint(remoteHex!, byteOrder);
    const stateCode = stateHex!.toUpperCase();
    const udp = protocol.startsWith('udp');
    entries.push({
      protocol,
      local: joinHostPort(local.address, local.port),
      remote: joinHostPort(remote.address, remote.port),
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: udp && stateCode === '07' ? 'UNCONN' : (TCP_STATES[stateCode] ?? `0x${stateCode}`),
      uid: Number(uid),
      inode: Number(inode),
    });
  }
  return entries;
}

function decodeEndpoint(hex: string, byteOrder: 'LE' | 'BE'): { address: string; port: number } {
  const [addressHex = '', portHex = '0'] = hex.split(':');
  const words = addressHex.match(/.{8}/g) ?? [];
  const bytes = Buffer.concat(words.map((word) => {
    const buffer = Buffer.from(word, 'hex');
    return byteOrder === 'LE' ? buffer.reverse() : buffer;
  }));
  return { address: bytes.length === 4 ? [...bytes].join('.') : formatIpv6(bytes), port: parseInt(portHex, 16) };
}

function formatIpv6(bytes: Buffer): string {
  // ::ffff:a.b.c.d is an IPv4 peer on a v6 socket; show it the way ss does
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  // compress the longest run of zero groups (RFC 5952)
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

function joinHostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
