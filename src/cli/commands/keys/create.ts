import { Command, Option } from 'commander';
import { requireRole } from '../../../auth/permissions.js';
import { createApiKey } from '../../../auth/keys.js';
import { ROLES, type Role } from '../../../auth/roles.js';
import { commandOutput } from '../../command-output.js';
import { color, printJson } from '../../output.js';
import { servicesFor } from '../../command-services.js';

export function keysCreateCommand(): Command {
  return new Command('create')
    .description('make an API key for the HTTP API; the key is printed once and only its hash is kept')
    .requiredOption('--actor <name>', 'who the key acts as')
    .addOption(new Option('--role <role>', 'fix the key to this role (default: the actor’s roles from the roles file)').choices(ROLES))
    .addHelpText('after', `
Examples:
  irctl keys create --actor alertmanager --role operator
  irctl --json keys create --actor grafana`)
    .action(async (options: { actor: string; role?: Role }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        requireRole(services.roleBook(), services.actor, 'keys.manage', `create an API key for ${options.actor}`);
        const { keyId, key } = createApiKey(services.db, { actor: options.actor, role: options.role, createdBy: services.actor });
        if (out.json) return printJson(out, { keyId, actor: options.actor, role: options.role ?? null, key });
        out.out(key);
        out.err(color.dim(`key ${keyId} for ${options.actor}${options.role ? ` (${options.role})` : ''}: shown this once — store it now; revoke with irctl keys revoke ${keyId}`));
      } finally {
        services.close();
      }
    });
}
