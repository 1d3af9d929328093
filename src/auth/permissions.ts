import { RefusedError } from '../errors.js';
import type { Role, RoleBook } from './roles.js';

/**
 * Which role each act needs: the one permission table. Viewers read; operators run and contain;
 * admins also manage keys. Deciding a gate is checked against the gate's own `roles` (default
 * admin) by recordDecision, so `approve` here only keeps viewers out.
 */
export const PERMISSIONS = {
  'incidents.read': 'viewer', // incidents, status
  'run.start': 'operator', // run
  'run.resume': 'operator',
  'run.abort': 'operator',
  'gate.decide': 'operator', // then the gate's own roles apply too
  'keys.read': 'admin',
  'keys.manage': 'admin', // keys create, keys revoke
} as const satisfies Record<string, Role>;

export type Act = keyof typeof PERMISSIONS;

/** Refuse (exit 4, nothing changed) unless the actor holds the role the act needs. */
export function requireRole(roles: RoleBook, actor: string, act: Act, what: string): Role[] {
  const needed = PERMISSIONS[act];
  const held = roles.rolesOf(actor);
  if (!held.includes(needed)) {
    throw new RefusedError(`${actor} may not ${what}: it needs the ${needed} role and ${actor} has ${held.length ? held.join(', ') : 'no role'} (${roles.source}); nothing was changed`, {
      hint: `act as someone with the ${needed} role (--as NAME), or have an admin add ${actor} to the roles file`,
      details: { actor, act, needed, held },
    });
  }
  return held;
}
