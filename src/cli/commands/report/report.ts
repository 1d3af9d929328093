import { Command, Option } from 'commander';
import { createHash } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { parseFileMode } from '../../../private-files.js';
import { resolve } from 'node:path';
import { UsageError } from '../../../errors.js';
import { recordExport } from '../../../report/export-record.js';
import { IntegrityError } from '../../../errors.js';
import { buildReport } from '../../../report/model.js';
import { assertWritableTarget } from '../../../report/output-file.js';
import { parseReportFormat, REPORT_FORMATS, renderReport } from '../../../report/render.js';
import { reportJsonSchema } from '../../../report/schema.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

interface ReportOptions {
  format: string;
  output?: string;
  schema?: boolean;
  mode?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('write the post-incident report (Markdown, HTML or JSON); recorded in custody as an export and signed')
    .argument('[incident]', 'incident id')
    .addOption(new Option('-f, --format <format>', 'md | html | json').choices([...REPORT_FORMATS]).default('md'))
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--mode <octal>', 'file mode of the written report', '600')
    .option('--schema', 'print the JSON Schema of the JSON report (docs/report.schema.json) and exit')
    .action(async (incidentId: string | undefined, options: ReportOptions, command: Command) => {
      const output = commandOutput(command);
      if (options.schema) return printJson(output, reportJsonSchema());
      if (!incidentId) throw new UsageError('name the incident to report on', { hint: 'irctl report <incident> --format md|html|json [-o FILE]' });
      const format = parseReportFormat(options.format);
      const file = options.output === undefined ? undefined : resolve(options.output);
      if (file) await assertWritableTarget(file, 'report');
      const mode = parseFileMode(options.mode ?? '600');

      const services = servicesFor(command);
      try {
        const report = await buildReport(services.db, {
          incidentId,
          evidenceDir: services.paths.evidenceDir,
          home: services.paths.home,
          generatedBy: services.actor,
        });
        const content = renderReport(report, format);
        if (file) {
          // the mode applies to a new file and is set again on one written over
          await writeFile(file, content, { mode })
            .then(() => chmod(file, mode))
            .catch((error: Error) => {
              throw new UsageError(`cannot write the report to ${file}: ${error.message}`, { hint: 'choose another path with -o FILE', cause: error });
            });
        } else {
          output.out(content);
        }
        const bytes = Buffer.from(content);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (!report.custody.ok) {
          // The report says what is broken; the ledger gets nothing more on top of a chain that fails.
          throw new IntegrityError(
            `the custody chain of ${incidentId} does not verify: the report ${file ? `in ${file} ` : ''}shows what failed, and no export was recorded`,
            {
              hint: `irctl custody verify ${incidentId}`,
            },
          );
        }
        if (!file) {
          // a preview on the terminal leaves nothing behind: only a file that leaves the store is an export
          output.err(
            `printed the ${format} report (${bytes.length} bytes, sha256 ${sha256}) as a preview; nothing was recorded — write it with -o FILE to record an export`,
          );
          return;
        }
        const exported = recordExport(services.db, services.paths.home, incidentId, {
          act: 'exported',
          actor: services.actor,
          subject: `report:${format}`,
          details: { format, file, sha256, size: bytes.length },
        });
        if (output.json) return printJson(output, { file, format, sha256, size: bytes.length, custodySeq: exported.seq, checkpoint: exported.checkpoint });
        output.err(
          `wrote ${file} (${bytes.length} bytes, sha256 ${sha256}); custody record ${exported.seq} (exported), checkpoint of ${exported.checkpoint.count} records signed by key ${exported.checkpoint.keyId}`,
        );
      } finally {
        services.close();
      }
    });
}
