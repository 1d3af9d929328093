import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { durationSchema } from './duration.js';
import { isRange } from './ip-range.js';
import { BUILTIN_RUNBOOKS } from './package-files.js';

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
    alert_names: z
      .array(z.string().min(1).max(253))
      .max(64)
      .optional()
      .describe("how alerts name this host: Falco's hostname, Alertmanager's instance (with or without :port)"),
  })
  .strict();

/**
 * One scope rule: a container is in it when every condition the rule gives holds. A rule with no
 * condition takes every container (an explicit opt-in to all).
 */
export const scopeRuleSchema = z
  .object({
    hosts: z.array(z.string().min(1)).optional().describe('configured host names the rule applies on (default: every host)'),
    labels: z.record(z.string().min(1), z.string()).optional().describe('container labels that must all be set to these values'),
    compose_projects: z.array(z.string().min(1)).optional().describe('Compose projects (com.docker.compose.project)'),
    names: z.array(z.string().min(1)).optional().describe('container name patterns; * matches any run of characters, ? one'),
  })
  .strict();
export type ScopeRule = z.output<typeof scopeRuleSchema>;

/** Opt-in by label, as the Docker-events trigger already expects. */
export const DEFAULT_SCOPE: ScopeRule[] = [{ labels: { 'irctl.protect': 'true' } }];

const witnessSchema = z.union([
  z.object({ dir: z.string().min(1).describe('a directory (ideally another mount or host) each signed checkpoint is copied to') }).strict(),
  z.object({ url: z.string().url().describe('an HTTP(S) endpoint each signed checkpoint is POSTed to (text/plain)') }).strict(),
]);
const contactSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ - (at most 64)'),
    webhook: z.string().url().describe('where this contact is paged (keep secrets in the URL: they are never logged)'),
    format: z.enum(['json', 'slack']).default('json').describe('json: the generic body; slack: a Slack-compatible {text}'),
  })
  .strict();

const escalationLevelSchema = z
  .object({
    after: durationSchema.describe('time since the incident opened'),
    notify: z.array(z.string()).min(1).describe('contact names; a name with no contact goes to the default notify channels'),
  })
  .strict();

/** The seed's ladder: on-call at once, security lead at 15 min, engineering manager at 30, leadership at 60. */
export const DEFAULT_ESCALATION = [
  { after: '0m', notify: ['on-call'] },
  { after: '15m', notify: ['security-lead'] },
  { after: '30m', notify: ['engineering-manager'] },
  { after: '60m', notify: ['leadership'] },
];

const oncallSchema = z
  .object({
    contacts: z.array(contactSchema).default([]),
    escalation: z
      .object({
        default: z.array(escalationLevelSchema).default(DEFAULT_ESCALATION),
        critical: z.array(escalationLevelSchema).optional(),
        high: z.array(escalationLevelSchema).optional(),
        medium: z.array(escalationLevelSchema).optional(),
        low: z.array(escalationLevelSchema).optional(),
      })
      .strict()
      .default({ default: DEFAULT_ESCALATION }),
  })
  .strict()
  .superRefine((oncall, ctx) => {
    const names = oncall.contacts.map((contact) => contact.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) ctx.addIssue({ code: 'custom', path: ['contacts', index, 'name'], message: `contact "${name}" is listed twice` });
    });
  });

export const configSchema = z
  .object({
    hosts: z.record(z.string(), hostSchema).default({}),
    roles_file: z.string().optional(),
    scope: z
      .array(scopeRuleSchema)
      .default(DEFAULT_SCOPE)
      .describe('which containers alert-opened incidents may act on: any rule matching puts a container in scope'),
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
    oncall: oncallSchema
      .default({ contacts: [], escalation: { default: DEFAULT_ESCALATION } })
      .describe('who is paged, by which channel, and the escalation ladder per severity'),
    server: z
      .object({
        hmac_secret_file: z.string().optional().describe('file holding the HMAC-SHA256 secret for signed alert posts (or set IRCTL_HMAC_SECRET)'),
        dedupe_window: durationSchema.default('10m').describe('an alert for the same runbook and target within this time joins the open incident'),
        incidents_per_request: z.number().int().min(1).default(20).describe('incidents one alert request may open'),
        incidents_per_minute: z.number().int().min(1).default(120).describe('incidents one sender (API key) may open a minute'),
        requests_per_minute_per_key: z
          .number()
          .int()
          .min(1)
          .default(1200)
          .describe('the capacity of one authenticated key: requests (an alert request counts its alerts) a minute; alerts above it queue'),
        alert_queue_per_key: z.number().int().min(1).default(10_000).describe('alerts one key may have queued above its capacity before 429'),
        failed_auth_limit: z.number().int().min(1).default(10).describe('failed authentications a minute from one address before it is locked out'),
        failed_auth_lockout: durationSchema.default('15m').describe('how long an address that failed authentication too often gets 429'),
        request_timeout: durationSchema.default('30s').describe('a request (headers and body) must arrive within this time'),
        connections_per_address: z.number().int().min(1).default(64).describe('open connections one client address may hold'),
        trusted_proxies: z
          .array(z.string().refine(isRange, 'expected an IP address or CIDR (10.0.0.0/8)'))
          .max(256)
          .default([])
          .describe(
            "reverse proxies (addresses or CIDRs) whose X-Forwarded-For names the client; default none: a request's client is the address it connects from",
          ),
      })
      .strict()
      .prefault({}), // prefault: the inner defaults apply to a missing section too
    custody: z
      .object({
        trust_file: z.string().optional().describe('public keys (PEM or verifier key lines) verify-bundle trusts as signers, as if given with --pubkey'),
        witness: z.array(witnessSchema).default([]).describe('where each signed checkpoint is pushed as soon as it is made'),
      })
      .strict()
      .default({ witness: [] }),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type HostConfig = z.output<typeof hostSchema>;
export type OncallConfig = z.output<typeof oncallSchema>;

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
