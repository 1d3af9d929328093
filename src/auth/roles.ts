import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.js';

export const ROLES = ['admin', 'operator', 'alerter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const roleSchema = z.enum(ROLES);

/**
 * The roles file: who holds which role. Unlisted actors get `default` (none if absent, so they
 * are refused everything).
 *
 *   actors:
 *     alice: admin
 *     bob: [operator]
 *   default: viewer
 */
export const rolesFileSchema = z
  .object({
    actors: z.record(z.string().min(1), z.union([roleSchema, z.array(roleSchema).min(1)])).default({}),
    default: roleSchema.optional(),
  })
  .strict();

/** Who holds which roles, and where that came from (shown in refusals). */
export interface RoleBook {
  source: string;
  rolesOf(actor: string): Role[];
  /** Whether the file names this actor under `actors` (the `default` role does not count). */
  lists(actor: string): boolean;
  /** What a refused actor can do about it, where that differs from the CLI's (--as, the roles file). */
  remedy?(needed: Role, actor: string): string;
}

// A role includes the ones below it: an admin may do what an operator may, and read. `alerter` is
// beside the ladder: it may post alerts (which run only auto steps, in scope) and nothing else, so
// an alert sender's key cannot read incidents or decide gates; operators and admins may post too.
const INCLUDED: Record<Role, Role[]> = {
  admin: ['admin', 'operator', 'alerter', 'viewer'],
  operator: ['operator', 'alerter', 'viewer'],
  alerter: ['alerter'],
  viewer: ['viewer'],
};

export function expandRoles(held: readonly Role[]): Role[] {
  return ROLES.filter((role) => held.some((h) => INCLUDED[h].includes(role)));
}

export function rolesFilePath(home: string, configured: string | undefined): string {
  return configured ? resolve(configured) : join(home, 'roles.yaml');
}

/**
 * Load the roles file. With no file at all, the OS user running irctl is admin on their own
 * machine and every other name (given with --as or IRCTL_ACTOR) holds no role: a name typed on a
 * command line is not a reason to trust it. Teams write a roles file.
 */
export function loadRoles(file: string, osUser: string = currentOsUser()): RoleBook {
  if (!existsSync(file)) {
    return {
      source: `no roles file (${file}): only the OS user ${osUser} is admin`,
      rolesOf: (actor) => (actor === osUser ? expandRoles(['admin']) : []),
      lists: (actor) => actor === osUser,
    };
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new UsageError(`roles file ${file} is not valid YAML: ${(error as Error).message}`, { hint: 'fix the file; see docs/cli.md "Roles"' });
  }
  const parsed = rolesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ');
    throw new UsageError(`roles file ${file}: ${problems}`, { hint: `roles are ${ROLES.join(', ')}; e.g. "actors: { alice: admin, bob: operator }"` });
  }
  const { actors, default: fallback } = parsed.data;
  return {
    source: `roles file ${file}`,
    rolesOf: (actor) => {
      const held = actors[actor] ?? fallback;
      if (!held) return [];
      return expandRoles(Array.isArray(held) ? held : [held]);
    },
    lists: (actor) => Object.hasOwn(actors, actor),
  };
}

function currentOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
