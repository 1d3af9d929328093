import { Option, type Command } from 'commander';
import { gateState } from '../../../engine/approvals.js';
import { getIncident, listIncidents, listTimeline, type TimelineEntry } from '../../../engine/incidents.js';
import { journalFor } from '../../../engine/journal.js';
import { evidenceTotals } from '../../../evidence/records.js';
import { isBeingRun } from '../../../engine/runner.js';
import { decisionHint, stepsReadingOutputs } from '../../../engine/skip-rule.js';
import { loadRunbook } from '../../../runbook/load.js';
import { commandOutput } from '../../command-output.js';
import { color, printJson, table } from '../../output.js';
import { authorize } from './shared.js';
import { servicesFor } from '../../command-services.js';

/** The run's last stop (Ctrl-C), if nothing drove it since. */
function lastStop(timeline: TimelineEntry[]): TimelineEntry | undefined {
  const last = [...timeline].reverse().find((event) => ['run_stopped', 'run_started', 'run_resumed'].includes(event.kind));
  return last?.kind === 'run_stopped' ? last : undefined;
}

const statusColor = (status: string) =>
  status === 'succeeded' ? color.green(status) : ['failed', 'aborted', 'rolled_back'].includes(status) ? color.red(status) : color.yellow(status);

export function registerStatusCommands(program: Command): void {
  program
    .command('incidents')
    .description('list incidents, newest first')
    .addOption(new Option('--status <status>', 'only incidents with this status').choices(['running', 'waiting', 'needs_decision', 'succeeded', 'failed', 'aborted', 'rolled_back']))
    .addHelpText('after', `
Examples:
  irctl incidents --status waiting
  irctl --json incidents`)
    .action(async (options: { status?: string }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        authorize(services, 'incidents.read', 'list incidents');
        const rows = listIncidents(services.db, options.status);
        if (out.json) {
          return printJson(out, rows.map(({ snapshot: _s, runbook_source: _r, ...rest }) => ({ ...rest, inputs: JSON.parse(rest.inputs), process_attached: isBeingRun(services, rest.id) })));
        }
        if (rows.length === 0) {
          // the usual surprise: irctl run from another directory reads another (new, empty) store
          return out.out(`no ${options.status ? `${options.status} ` : ''}incidents in ${services.paths.db}${options.status ? '' : '\n(state is read from ./.irctl, --home or $IRCTL_HOME: run irctl where you ran it before)'}`);
        }
        // a `running` incident with no live process was stopped (Ctrl-C) or crashed: say so, or
        // whoever scans the list assumes a colleague is driving it
        const shown = (r: (typeof rows)[number]) =>
          r.status === 'running' && !isBeingRun(services, r.id) ? `${statusColor(r.status)} ${color.dim('(no process: irctl resume)')}` : statusColor(r.status);
        out.out(table(['incident', 'runbook', 'severity', 'status', 'step', 'target', 'opened'], rows.map((r) => [r.id, r.runbook_name, r.severity, shown(r), r.current_step, r.target, r.created_at])));
      } finally {
        services.close();
      }
    });

  program
    .command('status')
    .description('one incident: steps, phase, waiting gates, recent events')
    .argument('<incident>', 'incident id')
    .addHelpText('after', `
Examples:
  irctl status inc-20261124-0612-3fa9c1
  irctl --json status inc-20261124-0612-3fa9c1`)
    .action(async (incidentId: string, _options: unknown, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        authorize(services, 'incidents.read', `read incident ${incidentId}`);
        const incident = getIncident(services.db, incidentId);
        const journal = journalFor(services.db, incidentId);
        const timeline = listTimeline(services.db, incidentId);
        // waiting at a step that is not a gate: an alert-opened run that needs a person to take over
        const lastHumanNeeded = [...timeline].reverse().find((event) => event.kind === 'human_needed');
        const waitingForTakeover = incident.status === 'waiting' && incident.auto_only === 1 && lastHumanNeeded?.step_id === incident.current_step;
        const waitingGate =
          incident.status === 'waiting' && incident.current_step && !waitingForTakeover ? { stepId: incident.current_step, ...gateState(services.db, incidentId, incident.current_step) } : undefined;
        const evidence = evidenceTotals(services.db, incidentId);
        const live = isBeingRun(services, incidentId);
        if (out.json) {
          const { snapshot: _s, runbook_source: _r, ...rest } = incident;
          return printJson(out, { ...rest, inputs: JSON.parse(incident.inputs), live, journal, waitingGate, waitingForTakeover, evidence, timeline });
        }
        // a live process at a gate is attached, waiting with it; elsewhere it is running the steps
        const liveNote = live ? color.dim(incident.status === 'waiting' ? ' (a process is attached)' : ' (running now)') : '';
        out.out(`${color.bold(incident.id)}  ${incident.runbook_name}  ${incident.severity}  ${statusColor(incident.status)}${liveNote}`);
        out.out(`opened ${incident.created_at} by ${incident.initiator}${incident.target ? `, target ${incident.target}` : ''}; phase ${incident.phase ?? '-'}, step ${incident.current_step ?? '-'}`);
        out.out(`evidence: ${evidence.n} artifact(s), ${evidence.bytes} bytes`);
        if (journal.length) {
          out.out('');
          out.out(table(['step', 'attempt', 'status', 'action', 'summary / error', 'started'], journal.map((j) => [j.step_id, j.attempt, j.status, j.action, (j.summary ?? j.error ?? '').slice(0, 80), j.started_at])));
        }
        if (waitingGate) {
          out.out('');
          const round = waitingGate.visit > 1 ? ` (visit ${waitingGate.visit}: earlier decisions do not count)` : '';
          out.out(`${color.yellow('waiting')} at gate "${waitingGate.stepId}"${round}: approvals so far: ${waitingGate.approvers.join(', ') || 'none'}`);
          if (live) out.out(`a process is attached (${incident.runner_id}) and goes on once the gate is decided`);
          out.err(color.dim(`hint: irctl approve ${incidentId} --step ${waitingGate.stepId}${live ? '' : ' --resume'}`));
        }
        if (waitingForTakeover) {
          out.out('');
          out.out(`${color.yellow('waiting')} at "${incident.current_step}": the automatic steps are done; a person must take over`);
          out.err(color.dim(`hint: irctl resume ${incidentId}`));
        }
        if (incident.status === 'running' && !live) {
          const stopped = lastStop(timeline);
          const detail = stopped ? (JSON.parse(stopped.detail) as { reason?: string; fault?: { hint?: string | null } }) : {};
          if (stopped && detail.fault) out.out(`${color.yellow('interrupted')}${stopped.step_id ? ` at step "${stopped.step_id}"` : ''}: ${detail.reason ?? 'a fault'}`);
          out.err(
            color.dim(
              stopped && detail.fault
                ? `hint: ${detail.fault.hint ? `${detail.fault.hint}; ` : ''}irctl resume ${incidentId} retries the step once the cause is fixed`
                : stopped
                ? `stopped${stopped.step_id ? ` at step "${stopped.step_id}"` : ''} by ${stopped.actor ?? 'its process'} (${detail.reason ?? 'stopped'}); hint: irctl resume ${incidentId}`
                : `no process is driving this run (it may have been killed); hint: irctl resume ${incidentId}`,
            ),
          );
        }
        if (incident.status === 'needs_decision' && incident.current_step) {
          const readers = stepsReadingOutputs(loadRunbook(incident.runbook_source, incident.runbook_file).runbook, incident.current_step);
          out.err(color.dim(`hint: ${decisionHint(incidentId, incident.current_step, readers)}`));
        }
        out.out('');
        for (const event of timeline.slice(-10)) {
          const phase = event.kind === 'phase_entered' ? ` ${(JSON.parse(event.detail) as { phase?: string }).phase ?? ''}` : '';
          out.out(color.dim(`${event.at}  ${event.kind}${phase}${event.step_id ? ` ${event.step_id}` : ''}${event.actor ? ` by ${event.actor}` : ''}`));
        }
      } finally {
        services.close();
      }
    });
}
