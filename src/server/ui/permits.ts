import { PERMISSIONS, type Act } from '../../auth/permissions.js';
import type { RequestIdentity } from '../auth/identity.js';

/** May this identity do the act, by the one permission table? For what a page offers; every POST checks again. */
export function permits(identity: RequestIdentity, act: Act): boolean {
  return identity.roles.includes(PERMISSIONS[act]);
}
