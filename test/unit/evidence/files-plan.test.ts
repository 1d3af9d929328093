import { describe, expect, it } from 'vitest';
import { archivePlan, leafChangesToCopy } from '../../../src/actions/evidence/files.js';
import { byCaptureRank, type DiffChange } from '../../../src/investigate/diff-rules.js';

describe('evidence.files planning', () => {
  it('asks once for a directory holding several of the paths, once per path otherwise, never for the root', () => {
    const plan = archivePlan(['/tmp/.x/a', '/tmp/.x/b', '/tmp/.x/c', '/etc/cron.d/evil', '/evil', '/other']);
    expect([...plan]).toEqual([
      ['/tmp/.x', ['/tmp/.x/a', '/tmp/.x/b', '/tmp/.x/c']],
      ['/etc/cron.d/evil', ['/etc/cron.d/evil']],
      ['/evil', ['/evil']],
      ['/other', ['/other']],
    ]);
  });

  it('copies the leaves of a diff: not parents of a change, not deletions', () => {
    const changes: DiffChange[] = [
      { path: '/tmp', kind: 'C' },
      { path: '/tmp/.x', kind: 'A' },
      { path: '/tmp/.x/miner', kind: 'A' },
      { path: '/var/log/auth.log', kind: 'D' },
    ];
    expect(leafChangesToCopy(changes).map((change) => change.path)).toEqual(['/tmp/.x/miner']);
  });

  it('ranks persistence and payloads before junk, hidden paths before plain ones', () => {
    const changes: DiffChange[] = [
      { path: '/var/junk/j1', kind: 'A' },
      { path: '/srv/.cache/tool', kind: 'A' },
      { path: '/etc/nginx/nginx.conf', kind: 'C' },
      { path: '/tmp/payload', kind: 'A' },
      { path: '/root/.ssh/authorized_keys', kind: 'C' },
      { path: '/etc/cron.d/evil', kind: 'A' },
      { path: '/var/junk/j0', kind: 'A' },
    ];
    expect([...changes].sort(byCaptureRank).map((change) => change.path)).toEqual([
      '/root/.ssh/authorized_keys', // critical, persistence
      '/etc/cron.d/evil', // high, persistence
      '/tmp/payload', // high
      '/etc/nginx/nginx.conf', // medium
      '/srv/.cache/tool', // hidden
      '/var/junk/j0',
      '/var/junk/j1',
    ]);
  });
});
