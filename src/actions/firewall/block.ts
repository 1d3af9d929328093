import { isIP } from 'node:net';
import { z } from 'zod';
import { defineAction, type ActionContext, type JsonValue } from '../contract.js';
import { listCustody } from '../../custody/ledger.js';
import { dockerCall } from '../../docker/call.js';
import { ActionFailedError, RefusedError } from '../../errors.js';
import { isRange } from '../../ip-range.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { ALWAYS_PROTECTED, dockerGateways, hostAddresses, protectedMatch, type ProtectedAddress } from './protected-addresses.js';

const ACTION = 'firewall.block';

// Drops traffic from one address on the irctl host's firewall (iptables, or ip6tables for IPv6),
// in the chain that filters traffic to containers. The address usually comes from logs or an
// alert, that is from the attacker: it is refused when it is loopback, a Docker network gateway,
// one of this host's own addresses, or on the configured allow-list. Every rule carries its expiry
// (the kernel's time match: it stops matching at `expires_at`, no timer needed) and a comment
// naming the incident; undo (rollback, `irctl release`) deletes it. The rule is written to the
// ledger before it is inserted, so a crash in between still leaves what release needs.

const params = z
  .object({
    address: z
      .string()
      .max(64)
      .refine((value) => isIP(value) !== 0, 'expected one IPv4 or IPv6 address')
      .describe('the address to block (one address, not a range)'),
    chain: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,28}$/, 'expected an iptables chain name')
      .default('DOCKER-USER')
      .describe('the chain that filters traffic to containers'),
    expires: durationSchema.default('24h').describe('how long the block holds; the rule stops matching after it'),
    allow: z
      .array(z.string().refine(isRange, 'expected an IP address or CIDR'))
      .default([])
      .describe('more addresses or CIDRs never to block, besides config block.allow'),
    host: z.string().min(1).max(64).default('local').describe('the Docker host whose network gateways are protected'),
  })
  .strict();
type Params = z.output<typeof params>;

const ruleSchema = z.object({
  program: z.enum(['iptables', 'ip6tables']),
  chain: z.string(),
  address: z.string(),
  expires_at: z.string(),
  comment: z.string(),
});
type Rule = z.output<typeof ruleSchema>;

export const firewallBlock = defineAction({
  name: ACTION,
  phase: 'containment',
  summary:
    'Drop traffic from one address on the host firewall (iptables), for a limited time; refuses loopback, Docker gateways, host addresses and the allow-list.',
  params,
  idempotent: true,
  auto: false,
  requires: ['network.list'],
  example: `- id: block-source\n  uses: firewall.block\n  with: { address: 203.0.113.7, expires: 24h }`,
  async check(ctx) {
    await refuseProtected(ctx);
  },
  async run(ctx) {
    const rule = earlierIntent(ctx) ?? newRule(ctx);
    if (await ruleExists(rule, ctx.signal)) return done(rule, true);
    recordRule(ctx, 'block-intended', rule); // write-ahead: release can find it after a crash
    await iptables(rule.program, ['-I', rule.chain, ...ruleSpec(rule)], ctx.signal);
    recordRule(ctx, 'contained', rule);
    return done(rule, false);
  },
  async undo(ctx, outcome) {
    const rule = ruleSchema.parse(outcome.outputs?.rule);
    await liftRule(ctx, rule);
  },
});

/** Delete a block's rule (once; a rule already gone is fine) and record the release. */
export async function liftRule(ctx: ActionContext<unknown>, rule: Rule): Promise<boolean> {
  const present = await ruleExists(rule, ctx.signal);
  if (present) await iptables(rule.program, ['-D', rule.chain, ...ruleSpec(rule)], ctx.signal);
  recordRule(ctx, 'released', rule, { was_present: present });
  return present;
}

/** Blocks the incident's ledger records (intended or done) that no later record released. */
export function unreleasedBlocks(db: ActionContext<unknown>['services']['db'], incidentId: string): Rule[] {
  const open = new Map<string, Rule>();
  for (const record of listCustody(db, incidentId)) {
    if (record.how?.action !== ACTION) continue;
    const parsed = ruleSchema.safeParse(record.details?.rule);
    if (!parsed.success) continue;
    const key = JSON.stringify(ruleSpec(parsed.data));
    if (record.act === 'released') open.delete(key);
    else open.set(key, parsed.data);
  }
  return [...open.values()];
}

async function refuseProtected(ctx: ActionContext<Params>): Promise<void> {
  const { address } = ctx.params;
  const host = ctx.services.docker.host(ctx.params.host);
  const gateways = await dockerCall({ host: host.name, url: host.url, what: 'list networks' }, () => dockerGateways(host.docker, ctx.signal), {
    signal: ctx.signal,
  });
  const allowList: ProtectedAddress[] = [
    ...(ctx.services.config?.block.allow ?? []).map((range) => ({ range, why: 'on the allow-list (config block.allow)' })),
    ...ctx.params.allow.map((range) => ({ range, why: "on the step's allow list" })),
  ];
  const match = protectedMatch(address, [...ALWAYS_PROTECTED, ...gateways, ...hostAddresses(), ...allowList]);
  if (match) {
    throw new RefusedError(
      `refused to block ${address}: it is ${match.why}${match.range !== address ? ` (${match.range})` : ''}; blocking it would cut off the host or its containers`,
      {
        hint: 'the address came from logs or an alert, which an attacker can write; check the evidence (irctl findings <incident>) and block the real source by hand if there is one',
      },
    );
  }
}

function newRule(ctx: ActionContext<Params>): Rule {
  const expiresAt = new Date(Date.now() + parseDuration(ctx.params.expires)).toISOString().slice(0, 19); // the time match takes UTC, to the second
  return {
    program: isIP(ctx.params.address) === 6 ? 'ip6tables' : 'iptables',
    chain: ctx.params.chain,
    address: ctx.params.address,
    expires_at: expiresAt,
    comment: `irctl ${ctx.incidentId} ${ctx.stepId} until ${expiresAt}Z`.slice(0, 255),
  };
}

/** A retry after a crash re-uses the rule the first attempt wrote ahead, expiry included. */
function earlierIntent(ctx: ActionContext<Params>): Rule | undefined {
  for (const record of listCustody(ctx.services.db, ctx.incidentId)) {
    if (record.act !== 'block-intended' || record.how?.action !== ACTION || record.how?.step !== ctx.stepId) continue;
    const parsed = ruleSchema.safeParse(record.details?.rule);
    if (parsed.success && parsed.data.address === ctx.params.address && parsed.data.chain === ctx.params.chain) return parsed.data;
  }
  return undefined;
}

function ruleSpec(rule: Rule): string[] {
  return ['-s', rule.address, '-m', 'time', '--datestop', rule.expires_at, '-m', 'comment', '--comment', rule.comment, '-j', 'DROP'];
}

async function ruleExists(rule: Rule, signal: AbortSignal): Promise<boolean> {
  const { execa } = await import('execa'); // loaded when a block runs, not at every start-up
  const result = await execa(rule.program, ['-C', rule.chain, ...ruleSpec(rule)], {
    reject: false,
    shell: false,
    stdin: 'ignore',
    cancelSignal: signal,
    timeout: 30_000,
  });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1 && /does a matching rule exist|Bad rule/i.test(String(result.stderr))) return false;
  throw new ActionFailedError(`${rule.program} -C ${rule.chain} failed: ${String(result.stderr || result.shortMessage).slice(0, 300)}`, {
    hint: `irctl must run as root on the Docker host, with ${rule.program} and the chain ${rule.chain} present (Docker creates DOCKER-USER)`,
  });
}

async function iptables(program: Rule['program'], args: string[], signal: AbortSignal): Promise<void> {
  const { execa } = await import('execa');
  const result = await execa(program, args, { reject: false, shell: false, stdin: 'ignore', cancelSignal: signal, timeout: 30_000 });
  if (result.exitCode !== 0)
    throw new ActionFailedError(`${program} ${args.slice(0, 2).join(' ')} failed: ${String(result.stderr || result.shortMessage).slice(0, 300)}`);
}

function recordRule(ctx: ActionContext<unknown>, act: 'block-intended' | 'contained' | 'released', rule: Rule, details: Record<string, JsonValue> = {}): void {
  ctx.custody.record({
    act,
    actor: ctx.actor,
    subject: rule.address,
    where: { host: 'irctl-host', firewall: rule.program, chain: rule.chain },
    how: { action: ACTION, step: ctx.stepId },
    details: { rule: rule as unknown as JsonValue, ...details },
  });
}

function done(rule: Rule, already: boolean) {
  return {
    kind: 'done' as const,
    summary: `${already ? 'already blocking' : 'blocked'} ${rule.address} in ${rule.chain} until ${rule.expires_at}Z (irctl release <incident> lifts it)`,
    outputs: { address: rule.address, chain: rule.chain, expires_at: `${rule.expires_at}Z`, rule: rule as unknown as JsonValue },
  };
}
