import { Command, Option } from 'commander';
import { getIncident } from '../../../engine/incidents.js';
import { listFindings } from '../../../investigate/findings.js';
import { SEVERITIES, type Severity } from '../../../investigate/severity.js';
import { color, printJson, table } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

const SHOWN: Record<Severity, (text: string) => string> = {
  info: color.dim,
  low: (t) => t,
  medium: color.yellow,
  high: color.red,
  critical: (t) => color.bold(color.red(t)),
};

/** One line of detail for the table: what matched and where. */
function describe(detail: Record<string, unknown>): string {
  if (typeof detail.file === 'string') return `${detail.file}:${detail.line}: ${String(detail.text ?? '').slice(0, 80)}`;
  if (typeof detail.path === 'string') return `${detail.change ?? ''} ${detail.path}`.trim();
  if (typeof detail.cmd === 'string') return `pid ${detail.pid}: ${detail.cmd.slice(0, 80)}`;
  if (typeof detail.remote === 'string') return `${detail.local} -> ${detail.remote} ${detail.state ?? ''}`.trim();
  if (typeof detail.action === 'string') return detail.action;
  return typeof detail.why === 'string' ? detail.why : JSON.stringify(detail).slice(0, 80);
}

export function findingsListCommand(): Command {
  return new Command('findings')
    .description("list what an incident's investigation steps found (severity, kind, evidence, detail)")
    .argument('<incident>', 'incident id')
    .addOption(new Option('--min-severity <level>', 'only findings at least this severe').choices(SEVERITIES))
    .action((incidentId: string, options: { minSeverity?: string }, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        getIncident(services.db, incidentId); // NotFoundError for an unknown incident
        const floor = SEVERITIES.indexOf((options.minSeverity ?? 'info') as Severity);
        const rows = listFindings(services.db, incidentId)
          .filter((row) => SEVERITIES.indexOf(row.severity) >= floor)
          .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
        if (output.json) return printJson(output, rows);
        if (rows.length === 0) return output.out(`incident ${incidentId} has no findings${options.minSeverity ? ` at ${options.minSeverity} or above` : ''}`);
        output.out(
          table(
            ['step', 'severity', 'kind', 'evidence', 'detail'],
            rows.map((row) => [row.step_id, SHOWN[row.severity](row.severity), row.kind, row.evidence_id ?? '-', describe(row.detail)]),
          ),
        );
      } finally {
        services.close();
      }
    });
}
