import { Command, Option } from 'commander';
import { requireRole } from '../../../auth/permissions.js';
import { issueApiKey, KEY_LEDGER } from '../../../auth/keys.js';
import { writeCheckpoint } from '../../../custody/checkpoint.js';
import { ROLES, type Role } from '../../../auth/roles.js';
import type { ScopeRule } from '../../../config.js';
import { UsageError } from '../../../errors.js';
import { commandOutput } from '../../command-output.js';
import { color, printJson } from '../../output.js';
import { servicesFor } from '../../command-services.js';

interface CreateOptions {
  actor: string;
  role?: Role;
  scopeLabel?: string[];
  scopeCompose?: string[];
  scopeName?: string[];
  scopeHost?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The --scope-* flags as one scope rule (all given conditions must hold), or none. */
function keyScope(options: CreateOptions): ScopeRule[] | undefined {
  const rule: ScopeRule = {};
  if (options.scopeLabel) {
    rule.labels = {};
    for (const pair of options.scopeLabel) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--scope-label ${pair} is not key=value`, { hint: 'e.g. --scope-label team=payments' });
      rule.labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  if (options.scopeCompose) rule.compose_projects = options.scopeCompose;
  if (options.scopeName) rule.names = options.scopeName;
  if (options.scopeHost) rule.hosts = options.scopeHost;
  return Object.keys(rule).length > 0 ? [rule] : undefined;
}

export function keysCreateCommand(): Command {
  return new Command('create')
    .description('make an API key for the HTTP API; the key is printed once and only its hash is kept')
    .requiredOption('--actor <name>', 'who the key acts as')
    .addOption(new Option('--role <role>', 'fix the key to this role (default: the actor’s roles from the roles file)').choices(ROLES))
    .option('--scope-label <key=value>', 'alerts sent with this key may act only on containers with this label (repeatable)', collect)
    .option('--scope-compose <project>', '… only on containers of this Compose project (repeatable)', collect)
    .option('--scope-name <pattern>', '… only on containers whose name matches (* and ?; repeatable)', collect)
    .option('--scope-host <host>', '… only on this configured Docker host (repeatable)', collect)
    .addHelpText(
      'after',
      `
Keys are made only for actors named in the roles file, with a role they hold there. An admin makes
keys for anyone; anyone named may make their own (--actor = yourself). Each key made or revoked is a
custody record (who, for whom, role, key id) in the ledger "api-keys". The maker of a key has seen it
and answers for what it approves: a gate's quorum counts the maker and the key's holder as one
person, so approvers who decide over HTTP should make their own keys.

A key's scope narrows the server's (config.yaml scope): a container must be in both.

Examples:
  irctl keys create --actor falcosidekick --role alerter
  irctl --as bob keys create --actor bob          # bob's own key, for approving over HTTP
  irctl keys create --actor payments-alertmanager --role alerter --scope-compose payments
  irctl keys create --actor alertmanager --role operator
  irctl --json keys create --actor grafana`,
    )
    .action(async (options: CreateOptions, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        // anyone the roles file names may make their own key (then only they have seen it); keys for others need admin
        if (options.actor !== services.actor) requireRole(services.roleBook(), services.actor, 'keys.manage', `create an API key for ${options.actor}`);
        const scope = keyScope(options);
        const { keyId, key, custodySeq } = issueApiKey(services.db, services.roleBook(), {
          actor: options.actor,
          role: options.role,
          createdBy: services.actor,
          scope,
        });
        // sign the key ledger's new head (and push it to the witnesses): the grant is anchored off the host
        writeCheckpoint(services.db, services.paths.home, KEY_LEDGER, 'key-created');
        if (out.json)
          return printJson(out, {
            keyId,
            actor: options.actor,
            role: options.role ?? null,
            scope: scope ?? null,
            createdBy: services.actor,
            custody: { ledger: KEY_LEDGER, seq: custodySeq },
            key,
          });
        out.out(key);
        out.err(
          color.dim(
            `key ${keyId} for ${options.actor}${options.role ? ` (${options.role})` : ''}, made by ${services.actor} (custody: irctl custody log ${KEY_LEDGER}): shown this once — store it now; revoke with irctl keys revoke ${keyId}`,
          ),
        );
      } finally {
        services.close();
      }
    });
}
