import { Command } from 'commander';
import { getIncident } from '../../../engine/incidents.js';
import { IntegrityError } from '../../../errors.js';
import { listEvidence } from '../../../evidence/records.js';
import { verifyEvidenceFile } from '../../../evidence/verify.js';
import { color, printJson, table } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

const SHOWN: Record<string, string> = { ok: color.green('ok'), modified: color.red('MODIFIED'), missing: color.red('MISSING'), incomplete: color.dim('-') };

export function evidenceLsCommand(): Command {
  return new Command('ls')
    .description("list an incident's evidence and re-hash every file now (ok / MODIFIED / MISSING); exit 7 when one does not match")
    .argument('<incident>', 'incident id')
    .action(async (incidentId: string, _options: unknown, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const rows = listEvidence(services.db, incidentId);
        if (rows.length === 0) getIncident(services.db, incidentId); // NotFoundError for an unknown incident
        const listed = [];
        for (const row of rows) listed.push({ ...row, verification: (await verifyEvidenceFile(services.paths.evidenceDir, row)).state });
        if (output.json) printJson(output, listed);
        else if (listed.length === 0) output.out(`incident ${incidentId} has no evidence yet`);
        else
          output.out(
            table(
              ['evidence id', 'name', 'kind', 'size', 'sha256', 'status', 'verified'],
              listed.map((row) => [row.id, row.name, row.kind, row.size, row.sha256?.slice(0, 16) ?? '', row.status, SHOWN[row.verification]]),
            ),
          );
        // the listing stands; the exit code (7) and the error tell a script that evidence no longer matches
        const bad = listed.filter((row) => row.verification === 'modified' || row.verification === 'missing');
        if (bad.length > 0) {
          throw new IntegrityError(`${bad.length} evidence file(s) of incident ${incidentId} no longer match their recorded hash: ${bad.map((row) => `${row.path} (${row.verification})`).join(', ')}`, {
            hint: `irctl custody verify ${incidentId} checks them against the ledger`,
          });
        }
      } finally {
        services.close();
      }
    });
}
