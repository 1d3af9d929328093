import { Command } from 'commander';
import { listCustody } from '../../../custody/ledger.js';
import { NotFoundError } from '../../../errors.js';
import { printJson, table } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

export function custodyLogCommand(): Command {
  return new Command('log')
    .description("list an incident's chain-of-custody records in order")
    .argument('<incident>', 'incident id')
    .action((incidentId: string, _options: unknown, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const records = listCustody(services.db, incidentId);
        if (records.length === 0) {
          throw new NotFoundError(`incident ${incidentId} has no custody records`, {
            hint: 'check the incident id: irctl custody verify --all lists every ledger',
          });
        }
        if (output.json) return printJson(output, records);
        const rows = records.map((r) => [
          r.seq,
          r.recordedAt,
          r.actor,
          r.act,
          r.subject,
          r.artifactLocation ? `${r.artifactLocation} sha256:${r.artifactSha256?.slice(0, 12)}` : '',
          r.hash.slice(0, 16),
        ]);
        output.out(table(['seq', 'time (UTC)', 'actor', 'act', 'subject', 'artifact', 'hash'], rows));
      } finally {
        services.close();
      }
    });
}
