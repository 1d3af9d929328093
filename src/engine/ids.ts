import { randomBytes } from 'node:crypto';

/** inc-20261124-0612-3fa9c1: sortable by time, short enough to type at 3 a.m. */
export function newIncidentId(now = new Date()): string {
  const iso = now.toISOString();
  return `inc-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 16).replace(':', '')}-${randomBytes(3).toString('hex')}`;
}

export const nowIso = (): string => new Date().toISOString();
