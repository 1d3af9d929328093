import { Command } from 'commander';
import { requireRole } from '../../../auth/permissions.js';
import { listApiKeys } from '../../../auth/keys.js';
import { commandOutput } from '../../command-output.js';
import { printJson, table } from '../../output.js';
import { servicesFor } from '../../command-services.js';

export function keysListCommand(): Command {
  return new Command('list')
    .description('API keys: id, actor, role, who made and revoked them (never the keys themselves)')
    .addHelpText(
      'after',
      `
Examples:
  irctl keys list
  irctl --json keys list`,
    )
    .action(async (_options: unknown, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        requireRole(services.roleBook(), services.actor, 'keys.read', 'list API keys');
        const keys = listApiKeys(services.db);
        if (out.json) return printJson(out, keys);
        if (keys.length === 0) return out.out('no API keys');
        out.out(
          table(
            ['key id', 'actor', 'role', 'scope', 'created', 'by', 'revoked'],
            keys.map((k) => [
              k.key_id,
              k.actor,
              k.role ?? '(roles file)',
              k.scope ?? '(server scope)',
              k.created_at,
              k.created_by,
              k.revoked_at ? `${k.revoked_at} by ${k.revoked_by}` : '',
            ]),
          ),
        );
      } finally {
        services.close();
      }
    });
}
