import { describe, expect, it } from 'vitest';
import { classifyChange, leafChanges } from '../../../src/investigate/diff-rules.js';

describe('docker diff classification', () => {
  it.each([
    ['/root/.ssh/authorized_keys', 'A', 'ssh-authorized-keys', true],
    ['/etc/cron.d/evil', 'A', 'cron', true],
    ['/var/spool/cron/crontabs/root', 'C', 'cron', true],
    ['/etc/profile.d/zz.sh', 'A', 'shell-profile', true],
    ['/home/app/.bashrc', 'C', 'shell-profile', true],
    ['/etc/passwd', 'C', 'account', true],
    ['/tmp/.x/miner', 'A', 'dropped-file', false],
    ['/dev/shm/payload', 'A', 'dropped-file', false],
    ['/usr/bin/ls', 'C', 'binary-change', true],
    ['/var/lib/dpkg/status', 'C', 'package-change', true],
    ['/lib/apk/db/installed', 'C', 'package-change', true],
    ['/etc/nginx/nginx.conf', 'C', 'config-change', false],
    ['/var/log/auth.log', 'D', 'log-tampering', false],
  ] as const)('classifies %s (%s) as %s', (path, kind, category, persistence) => {
    expect(classifyChange({ path, kind })).toMatchObject({ category, persistence });
  });

  it('leaves ordinary application writes unclassified', () => {
    expect(classifyChange({ path: '/srv/data/cache.db', kind: 'C' })).toBeUndefined();
    expect(classifyChange({ path: '/var/log/app.log', kind: 'C' })).toBeUndefined();
  });

  it('drops the parent directories docker diff lists as changed beside a real change', () => {
    const leaves = leafChanges([
      { path: '/etc', kind: 'C' },
      { path: '/etc/cron.d', kind: 'A' },
      { path: '/etc/cron.d/evil', kind: 'A' },
      { path: '/tmp', kind: 'C' },
    ]);
    expect(leaves.map((change) => change.path)).toEqual(['/etc/cron.d/evil', '/tmp']);
  });
});
