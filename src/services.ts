import { userInfo } from 'node:os';
import { loadConfig, resolvePaths, type Config, type PathOptions, type Paths } from './config.js';
import { DockerHosts } from './docker/hosts.js';
import { loadRoles, rolesFilePath, type RoleBook } from './auth/roles.js';
import { createLogger, type Logger } from './log.js';
import type { Db } from './store/db.js';
import { openStore } from './schema.js';

/** The long-lived parts one irctl process works with, opened once per command. */
export interface Services {
  readonly paths: Paths;
  readonly config: Config;
  readonly db: Db;
  readonly docker: DockerHosts;
  readonly log: Logger;
  readonly actor: string;
  /** Who holds which role; read on first use, so a bad roles file only stops commands that check roles. */
  roleBook(): RoleBook;
  close(): void;
}

export interface ServiceOptions extends PathOptions {
  as?: string;
}

/** Who is acting: --as, then IRCTL_ACTOR, then the OS user. */
export function resolveActor(as: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (as) return as;
  if (env.IRCTL_ACTOR) return env.IRCTL_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function openServices(options: ServiceOptions = {}): Services {
  const paths = resolvePaths(options);
  const config = loadConfig(paths.configFile);
  const db = openStore(paths.db);
  let roles: RoleBook | undefined;
  return {
    paths,
    config,
    db,
    docker: new DockerHosts(config),
    log: createLogger(),
    actor: resolveActor(options.as),
    roleBook: () => (roles ??= loadRoles(rolesFilePath(paths.home, config.roles_file))),
    close: () => db.close(),
  };
}
