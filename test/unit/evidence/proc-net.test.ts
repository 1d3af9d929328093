import { describe, expect, it } from 'vitest';
import { parseSocketTable } from '../../../src/evidence/proc-net.js';

// Lines as the kernel prints them (captured from a busybox container on x86_64).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23471 1 0000000000000000 100 0 0 10 0
   1: 0200A8C0:1F90 0100A8C0:D431 01 00000000:00000000 00:00000000 00000000    65534        0 23999 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:115C 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 16579 1 00000000065d760d 100 0 0 10 0
   1: 0000000000000000FFFF00000200A8C0:115C 0000000000000000FFFF00000100A8C0:9C40 01 00000000:00000000 00:00000000 00000000     0        0 16580 1 00000000065d760d 100 0 0 10 0
   2: B80D0120000000000000000001000000:0035 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 16581 1 00000000065d760d 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  101: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 30001 2 0000000000000000 0
`;

describe('parseSocketTable', () => {
  it('decodes a listening IPv4 socket with its address, port and state', () => {
    const [listening] = parseSocketTable('tcp', TCP, 'LE');
    expect(listening).toMatchObject({ protocol: 'tcp', local: '0.0.0.0:8080', remote: '0.0.0.0:0', state: 'LISTEN', uid: 0, inode: 23471 });
  });

  it('decodes an established IPv4 connection with both endpoints', () => {
    const established = parseSocketTable('tcp', TCP, 'LE')[1];
    expect(established).toMatchObject({ local: '192.168.0.2:8080', remote: '192.168.0.1:54321', state: 'ESTABLISHED', uid: 65534 });
  });

  it('decodes IPv6 wildcard, IPv4-mapped and global addresses', () => {
    const entries = parseSocketTable('tcp6', TCP6, 'LE');
    expect(entries.map((e) => [e.local, e.remote, e.state])).toEqual([
      ['[::]:4444', '[::]:0', 'LISTEN'],
      ['[::ffff:192.168.0.2]:4444', '[::ffff:192.168.0.1]:40000', 'ESTABLISHED'],
      ['[2001:db8::1]:53', '[::]:0', 'LISTEN'],
    ]);
  });

  it('names an unconnected UDP socket UNCONN', () => {
    expect(parseSocketTable('udp', UDP, 'LE')).toMatchObject([{ local: '127.0.0.1:53', state: 'UNCONN', inode: 30001 }]);
  });

  it('returns no entries for a table with only its header', () => {
    expect(parseSocketTable('udp6', TCP6.split('\n')[0]!, 'LE')).toEqual([]);
  });
});
