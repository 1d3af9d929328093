import { posix } from 'node:path';
import type { JsonValue } from '../json.js';
import type { Severity } from './severity.js';

export interface DiffChange {
  path: string;
  kind: 'A' | 'C' | 'D';
}

export interface DiffClassification {
  category: string;
  severity: Severity;
  persistence: boolean; // survives a restart of the process: the attacker comes back
  why: string;
}

interface Rule extends DiffClassification {
  test(change: DiffChange): boolean;
}

const under =
  (...dirs: string[]) =>
  (path: string) =>
    dirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
const named =
  (...names: string[]) =>
  (path: string) =>
    names.includes(posix.basename(path));
const TEMP_DIRS = under('/tmp', '/dev/shm', '/var/tmp', '/run/shm');
const BINARY_DIRS = under('/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/lib', '/usr/lib');

// First match wins: the specific rules come before the catch-all for /etc.
const RULES: Rule[] = [
  {
    category: 'ssh-authorized-keys',
    severity: 'critical',
    persistence: true,
    why: 'an SSH key lets the attacker log in again',
    test: (c) => c.kind !== 'D' && /(^|\/)\.ssh\/authorized_keys2?$/.test(c.path),
  },
  {
    category: 'cron',
    severity: 'high',
    persistence: true,
    why: 'a scheduled job runs the attacker’s code again',
    test: (c) =>
      c.kind !== 'D' &&
      (under('/etc/cron.d', '/etc/cron.hourly', '/etc/cron.daily', '/etc/cron.weekly', '/etc/cron.monthly', '/var/spool/cron', '/etc/crontabs')(c.path) ||
        c.path === '/etc/crontab'),
  },
  {
    category: 'shell-profile',
    severity: 'high',
    persistence: true,
    why: 'a shell start-up file runs the attacker’s code at every login',
    test: (c) =>
      c.kind !== 'D' &&
      (under('/etc/profile.d')(c.path) ||
        ['/etc/profile', '/etc/bash.bashrc', '/etc/bashrc', '/etc/zshrc', '/etc/environment'].includes(c.path) ||
        named('.bashrc', '.profile', '.bash_profile', '.bash_login', '.zshrc', '.zprofile')(c.path)),
  },
  {
    category: 'init-script',
    severity: 'high',
    persistence: true,
    why: 'a service or init script starts the attacker’s code at boot',
    test: (c) => c.kind !== 'D' && (under('/etc/init.d', '/etc/systemd', '/etc/rc.d', '/etc/supervisor')(c.path) || c.path === '/etc/rc.local'),
  },
  {
    category: 'account',
    severity: 'high',
    persistence: true,
    why: 'a changed account database can hold a new user or a known password',
    test: (c) => ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow'].includes(c.path) || under('/etc/sudoers.d')(c.path) || c.path === '/etc/sudoers',
  },
  {
    category: 'preload',
    severity: 'critical',
    persistence: true,
    why: 'ld.so.preload injects a library into every process',
    test: (c) => c.kind !== 'D' && c.path === '/etc/ld.so.preload',
  },
  {
    category: 'log-tampering',
    severity: 'high',
    persistence: false,
    why: 'deleted logs hide what happened',
    test: (c) => c.kind === 'D' && under('/var/log')(c.path),
  },
  {
    category: 'dropped-file',
    severity: 'high',
    persistence: false,
    why: 'a new file in a world-writable temp directory is where droppers put payloads (docker diff does not record modes: check it with evidence.files)',
    test: (c) => c.kind === 'A' && TEMP_DIRS(c.path),
  },
  {
    category: 'package-change',
    severity: 'medium',
    persistence: true,
    why: 'packages were installed or removed after the image was built',
    test: (c) => under('/var/lib/dpkg', '/var/lib/apt', '/lib/apk/db', '/var/cache/apk', '/var/lib/rpm', '/usr/lib/sysimage/rpm', '/var/lib/pacman')(c.path),
  },
  {
    category: 'binary-change',
    severity: 'high',
    persistence: true,
    why: 'a replaced or added system binary can be a trojan',
    test: (c) => c.kind !== 'D' && BINARY_DIRS(c.path),
  },
  {
    category: 'config-change',
    severity: 'medium',
    persistence: false,
    why: 'configuration under /etc changed after the image was built',
    test: (c) => under('/etc')(c.path),
  },
];

/** The category of one change, or undefined when it is not suspicious on its own. */
export function classifyChange(change: DiffChange): DiffClassification | undefined {
  const rule = RULES.find((candidate) => candidate.test(change));
  if (!rule) return undefined;
  const { test: _test, ...classification } = rule;
  return classification;
}

/**
 * The changes worth a finding: docker diff also lists every parent directory of a change as
 * changed (/etc for /etc/cron.d/evil), and an added directory beside the file added in it; those
 * carry no information of their own and are dropped.
 */
export function leafChanges(changes: readonly DiffChange[]): DiffChange[] {
  const parents = new Set<string>();
  for (const change of changes) {
    for (let dir = posix.dirname(change.path); dir !== '/' && !parents.has(dir); dir = posix.dirname(dir)) parents.add(dir);
  }
  // sorted: the engine lists changes in no stable order, and findings should read the same each run
  return changes.filter((change) => change.kind === 'D' || !parents.has(change.path)).sort((a, b) => a.path.localeCompare(b.path));
}

export function changeDetail(change: DiffChange, classification: DiffClassification): Record<string, JsonValue> {
  return { path: change.path, change: { A: 'added', C: 'changed', D: 'deleted' }[change.kind], category: classification.category, why: classification.why };
}

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const hiddenSegment = (path: string) => path.split('/').some((segment) => segment.length > 1 && segment.startsWith('.'));

/**
 * Order changes by how much they are likely to matter, for a step that cannot copy them all (a
 * flood of junk files is an evasion): the rules above first (by severity, persistence first), then
 * anything in a hidden directory or named like one, then added before changed, then by path.
 */
export function byCaptureRank(a: DiffChange, b: DiffChange): number {
  const rank = (change: DiffChange) => {
    const classification = classifyChange(change);
    return [
      classification ? SEVERITY_RANK[classification.severity]! : -1,
      classification?.persistence ? 1 : 0,
      hiddenSegment(change.path) ? 1 : 0,
      change.kind === 'A' ? 1 : 0,
    ];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
