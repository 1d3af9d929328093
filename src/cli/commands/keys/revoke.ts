import { Command } from 'commander';
import { requireRole } from '../../../auth/permissions.js';
import { KEY_LEDGER, revokeApiKey } from '../../../auth/keys.js';
import { writeCheckpoint } from '../../../custody/checkpoint.js';
import { commandOutput } from '../../command-output.js';
import { printJson } from '../../output.js';
import { servicesFor } from '../../command-services.js';

export function keysRevokeCommand(): Command {
  return new Command('revoke')
    .description('revoke an API key: it stops working at once')
    .argument('<key-id>', 'the key id from irctl keys list (or the whole key)')
    .addHelpText(
      'after',
      `
Examples:
  irctl keys revoke 3fa9c1d2`,
    )
    .action(async (keyId: string, _options: unknown, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        requireRole(services.roleBook(), services.actor, 'keys.manage', `revoke API key ${keyId}`);
        const row = revokeApiKey(services.db, keyId, services.actor);
        writeCheckpoint(services.db, services.paths.home, KEY_LEDGER, 'key-revoked');
        if (out.json) return printJson(out, row);
        out.out(`API key ${row.key_id} (${row.actor}) revoked at ${row.revoked_at} by ${row.revoked_by}`);
      } finally {
        services.close();
      }
    });
}
