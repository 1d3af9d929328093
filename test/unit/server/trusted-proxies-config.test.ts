import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../../src/config.js';
import { UsageError } from '../../../src/errors.js';

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'irctl-config-')), 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('server.trusted_proxies', () => {
  it('trusts no proxy by default', () => {
    expect(configSchema.parse({}).server.trusted_proxies).toEqual([]);
  });

  it('takes addresses and CIDRs, IPv4 and IPv6', () => {
    const config = loadConfig(configFile('server:\n  trusted_proxies: [10.0.0.5, "10.1.0.0/16", "::1", "fd00::/8"]\n'));
    expect(config.server.trusted_proxies).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8']);
  });

  it('refuses what is not an address or CIDR, naming the setting', () => {
    for (const bad of ['nginx', '10.0.0.0/33', 'loopback']) {
      expect(() => loadConfig(configFile(`server:\n  trusted_proxies: [${bad}]\n`))).toThrow(UsageError);
      expect(() => loadConfig(configFile(`server:\n  trusted_proxies: [${bad}]\n`))).toThrow(/server\.trusted_proxies/);
    }
  });
});
