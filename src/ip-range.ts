import { BlockList, isIP } from 'node:net';

// IP addresses and CIDR ranges as people write them in config files and runbooks.

/** An address or CIDR ("10.0.0.0/8"), checked so a typo fails loudly instead of matching nothing. */
export function isRange(text: string): boolean {
  const [base, prefix, extra] = text.split('/');
  if (extra !== undefined || !base) return false;
  const family = isIP(base);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits >= 0 && bits <= (family === 6 ? 128 : 32);
}

/** Whether `address` falls inside `range` (an address or CIDR); false for anything malformed. */
export function rangeContains(range: string, address: string): boolean {
  if (!isRange(range) || isIP(address) === 0) return false;
  const [base, prefix] = range.split('/') as [string, string | undefined];
  // BlockList would match an IPv4 address against ::ffff:0:0/96; a range holds its own family only
  if (isIP(base) !== isIP(address)) return false;
  const type = isIP(base) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(base, type);
  else list.addSubnet(base, Number(prefix), type);
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}
