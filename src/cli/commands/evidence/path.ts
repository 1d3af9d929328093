import { Command } from 'commander';
import { join } from 'node:path';
import { NotFoundError } from '../../../errors.js';
import { findEvidence } from '../../../evidence/records.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

export function evidencePathCommand(): Command {
  return new Command('path')
    .description("print the file path of one piece of evidence (for sha256sum, tar -t, docker load …)")
    .argument('<evidence-id>', 'evidence id (ev-…), as irctl evidence ls shows it')
    .action((evidenceId: string, _options: unknown, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const row = findEvidence(services.db, evidenceId);
        if (!row) throw new NotFoundError(`evidence ${evidenceId} not found`, { hint: 'irctl evidence ls <incident> lists the evidence ids' });
        const path = join(services.paths.evidenceDir, row.path);
        if (output.json) return printJson(output, { evidence_id: row.id, path, status: row.status, sha256: row.sha256 });
        output.out(path);
      } finally {
        services.close();
      }
    });
}
