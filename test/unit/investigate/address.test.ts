import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../../src/investigate/address.js';

describe('private address ranges', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.1.1',
    '100.64.0.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ])('counts %s as inside', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '203.0.113.7', '2001:db8::1', '::ffff:8.8.8.8'])('counts %s as the internet', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
