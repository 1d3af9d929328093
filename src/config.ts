import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { durationSchema } from './runbook/duration.js';
import { isRange } from './ip-range.js';

/** Where irctl keeps its state. Everything has a default so a first run needs no setup. */
export interface Paths {
  home: string; // state directory: database, signing key, config
  db: string;
  evidenceDir: string;
  configFile: string;
  runbookDirs: string[];
}

export interface PathOptions {
  home?: string;
  db?: string;
  evidenceDir?: string;
  config?: string;
  runbooks?: string;
}

export function resolvePaths(options: PathOptions = {}, env: NodeJS.ProcessEnv = process.env): Paths {
  const home = resolve(options.home ?? env.IRCTL_HOME ?? '.irctl');
  // the directories a person named (or ./runbooks), then the runbooks shipped with irctl: a
  // runbook found earlier overrides a later one of the same name
  const userDirs = (options.runbooks ?? env.IRCTL_RUNBOOKS ?? 'runbooks')
    .split(':')
    .filter(Boolean)
    .map((dir) => resolve(dir));
  const builtin = builtinRunbooksEnabled(env) && !userDirs.includes(BUILTIN_RUNBOOKS) ? [BUILTIN_RUNBOOKS] : [];
  const runbookDirs = [...userDirs, ...builtin];
  return {
    home,
    db: resolve(options.db ?? env.IRCTL_DB ?? join(home, 'irctl.db')),
    evidenceDir: resolve(options.evidenceDir ?? env.IRCTL_EVIDENCE_DIR ?? 'evidence'),
    configFile: resolve(options.config ?? env.IRCTL_CONFIG ?? join(home, 'config.yaml')),
    runbookDirs,
  };
}

/** The runbooks that ship inside the package (runbooks/ next to src/ and dist/). */
export const BUILTIN_RUNBOOKS = fileURLToPath(new URL('../runbooks', import.meta.url));

/** IRCTL_BUILTIN_RUNBOOKS=off leaves the shipped runbooks off the search path. */
function builtinRunbooksEnabled(env: NodeJS.ProcessEnv): boolean {
  return !['off', '0', 'false', 'no'].includes((env.IRCTL_BUILTIN_RUNBOOKS ?? '').toLowerCase());
}

const hostSchema = z
  .object({
    url: z.string().describe('unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host'),
    tls: z
      .object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() })
      .strict()
      .optional()
      .describe('paths to PEM files for tcp:// with TLS'),
    ssh_key: z.string().optional().describe('path to the private key for ssh://'),
  })
  .strict();

export const configSchema = z
  .object({
    hosts: z.record(z.string(), hostSchema).default({}),
    roles_file: z.string().optional(),
    quarantine_network: z.string().default('irctl-quarantine'),
    notify: z
      .object({
        webhook: z.string().url().optional(),
        slack_webhook: z.string().url().optional(),
      })
      .strict()
      .default({}),
    block: z
      .object({
        allow: z
          .array(z.string().refine(isRange, 'expected an IP address or CIDR (10.0.0.0/8)'))
          .default([])
          .describe('addresses and CIDRs firewall.block must never block (your office, monitoring, the load balancer)'),
      })
      .strict()
      .default({ allow: [] }),
    server: z
      .object({
        hmac_secret_file: z.string().optional().describe('file holding the HMAC-SHA256 secret for signed alert posts (or set IRCTL_HMAC_SECRET)'),
        dedupe_window: durationSchema.default('10m').describe('an alert for the same runbook and target within this time joins the open incident'),
      })
      .strict()
      .default({ dedupe_window: '10m' }),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type HostConfig = z.output<typeof hostSchema>;

/** Read the config file; a missing file means all defaults. */
export function loadConfig(file: string): Config {
  if (!existsSync(file)) return configSchema.parse({});
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new UsageError(`config file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(`config file ${file}: ${first?.path.join('.') || '(top)'}: ${first?.message}`);
  }
  return parsed.data;
}
