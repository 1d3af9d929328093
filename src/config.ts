import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { durationSchema } from './runbook/duration.js';

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
  const runbookDirs = (options.runbooks ?? env.IRCTL_RUNBOOKS ?? 'runbooks')
    .split(':')
    .filter(Boolean)
    .map((dir) => resolve(dir));
  return {
    home,
    db: resolve(options.db ?? env.IRCTL_DB ?? join(home, 'irctl.db')),
    evidenceDir: resolve(options.evidenceDir ?? env.IRCTL_EVIDENCE_DIR ?? 'evidence'),
    configFile: resolve(options.config ?? env.IRCTL_CONFIG ?? join(home, 'config.yaml')),
    runbookDirs,
  };
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
    quarantine_network: z.string().default('irctl-quarantine'),
    notify: z
      .object({
        webhook: z.string().url().optional(),
        slack_webhook: z.string().url().optional(),
      })
      .strict()
      .default({}),
    oncall: oncallSchema.default({ contacts: [], escalation: { default: DEFAULT_ESCALATION } }).describe('who is paged, by which channel, and the escalation ladder per severity'),
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
export type OncallConfig = z.output<typeof oncallSchema>;
export type OncallContact = z.output<typeof contactSchema>;

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
