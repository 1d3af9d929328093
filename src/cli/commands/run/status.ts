import { Option, type Command } from 'commander';
import { gateState } from '../../../engine/approvals.js';
import { getIncident, listTimeline, type TimelineEntry } from '../../../engine/incidents.js';
import { leaseIsLive } from '../../../engine/run-lease.js';
import { listShownIncidents, nextCommand, SHOWN_STATUSES, shownStatus, type ShownStatus } from '../../../engine/shown-status.js';
import { UsageError } from '../../../errors.js';
import { parseDuration } from '../../../duration.js';
import { plural } from '../../../text.js';
import { journalFor } from '../../../engine/journal.js';
import { evidenceTotals } from '../../../evidence/records.js';
import { driverOf } from '../../../engine/run-lease.js';
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
  status === 'succeeded' ? color.green(status) : ['failed', 'aborted', 'rolled_back', 'stopped'].includes(status) ? color.red(status) : color.yellow(status);

/** Docker's 64-hex ids in a table cell, cut to 12 characters as `docker ps` does. */
export function shortIds(text: string | null): string | null {
  return text === null ? null : text.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1');
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${option} must be a whole number of 1 or more, got "${text}"`);
  return value;
}

/** --since: "2h" back from now, or a date/time; returned as ISO 8601 (how created_at is stored). */
function sinceTime(text: string): string {
  if (/^\d+(ms|s|m|h|d|w)$/.test(text)) {
    const days = /^(\d+)(d|w)$/.exec(text);
    const ms = days ? Number(days[1]) * (days[2] === 'w' ? 7 : 1) * 86_400_000 : parseDuration(text);
    return new Date(Date.now() - ms).toISOString();
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new UsageError(`--since takes a duration (30m, 2h, 7d) or a date/time (2026-11-24T06:00Z), got "${text}"`);
  return new Date(time).toISOString();
}

export function registerStatusCommands(program: Command): void {
  program
    .command('incidents')
    .description('list incidents, newest first; a run no process drives any more is shown as stopped')
    .addOption(new Option('--status <status>', 'only incidents with this status').choices([...SHOWN_STATUSES]))
    .option('--since <when>', 'only incidents opened since: a duration back from now (2h, 7d) or a date/time (2026-11-24, 2026-11-24T06:00Z)')
    .option('--limit <n>', 'at most this many (newest first)', '50')
    .option('--no-trunc', 'show full container ids instead of their first 12 characters')
    .addHelpText(
      'after',
      `
Examples:
  irctl incidents --status stopped       # runs whose process died: irctl resume <id> continues each
  irctl incidents --since 24h --limit 10
  irctl --json incidents`,
    )
    .action(async (options: { status?: ShownStatus; since?: string; limit: string; trunc: boolean }, command: Command) => {
      const out = commandOutput(command);
      const limit = positiveInteger(options.limit, '--limit');
      const since = options.since === undefined ? undefined : sinceTime(options.since);
      const services = servicesFor(command);
      try {
        authorize(services, 'incidents.read', 'list incidents');
        const rows = listShownIncidents(services.db, { status: options.status, since, limit });
        if (out.json) {
          return printJson(
            out,
            rows.map(({ snapshot: _s, runbook_source: _r, shown_status, status, ...rest }) => ({
              ...rest,
              status: shown_status,
              stored_status: status,
              inputs: JSON.parse(rest.inputs),
              process_attached: leaseIsLive(rest),
              driver: driverOf(rest) ?? null,
              next: nextCommand(rest.id, shown_status) ?? null,
            })),
          );
        }
        if (rows.length === 0) {
          // the usual surprise: irctl run from another directory reads another (new, empty) store
          const filtered = options.status !== undefined || since !== undefined;
          return out.out(
            `no ${options.status ? `${options.status} ` : ''}incidents${since ? ` since ${since}` : ''} in ${services.paths.db}${filtered ? '' : '\n(state is read from ./.irctl, --home or $IRCTL_HOME: run irctl where you ran it before)'}`,
          );
        }
        const short = (text: string | null) => (options.trunc ? shortIds(text) : text);
        // who drives each open incident: host:pid of the live process (irctl serve or a terminal)
        const driver = (r: (typeof rows)[number]) => driverOf(r) ?? (['running', 'waiting'].includes(r.status) ? color.dim('none') : '');
        out.out(
          table(
            ['incident', 'runbook', 'severity', 'status', 'step', 'target', 'driver', 'opened', 'next'],
            rows.map((r) => [
              r.id,
              r.runbook_name,
              r.severity,
              statusColor(r.shown_status),
              r.current_step,
              short(r.target),
              driver(r),
              r.created_at,
              nextCommand(r.id, r.shown_status),
            ]),
          ),
        );
      } finally {
        services.close();
      }
    });

  program
    .command('status')
    .description('one incident: steps, phase, waiting gates, recent events')
    .argument('<incident>', 'incident id')
    .option('--no-trunc', 'show full container ids instead of their first 12 characters')
    .addHelpText(
      'after',
      `
Examples:
  irctl status inc-20261124-0612-3fa9c1
  irctl --json status inc-20261124-0612-3fa9c1`,
    )
    .action(async (incidentId: string, options: { trunc: boolean }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      const short = (text: string | null) => (options.trunc ? shortIds(text) : text);
      try {
        authorize(services, 'incidents.read', `read incident ${incidentId}`);
        const incident = getIncident(services.db, incidentId);
        const journal = journalFor(services.db, incidentId);
        const timeline = listTimeline(services.db, incidentId);
        // waiting at a step that is not a gate: an alert-opened run that needs a person to take over
        const lastHumanNeeded = [...timeline].reverse().find((event) => event.kind === 'human_needed');
        const waitingForTakeover = incident.status === 'waiting' && incident.auto_only === 1 && lastHumanNeeded?.step_id === incident.current_step;
        const waitingGate =
          incident.status === 'waiting' && incident.current_step && !waitingForTakeover
            ? { stepId: incident.current_step, ...gateState(services.db, incidentId, incident.current_step) }
            : undefined;
        const evidence = evidenceTotals(services.db, incidentId);
        const live = leaseIsLive(incident);
        const shown = shownStatus(incident);
        if (out.json) {
          const { snapshot: _s, runbook_source: _r, ...rest } = incident;
          return printJson(out, {
            ...rest,
            status: shown,
            stored_status: incident.status,
            next: nextCommand(incidentId, shown) ?? null,
            inputs: JSON.parse(incident.inputs),
            live,
            journal,
            waitingGate,
            waitingForTakeover,
            evidence,
            timeline,
          });
        }
        // a live process at a gate is attached, waiting with it; elsewhere it is running the steps
        const liveNote = live ? color.dim(incident.status === 'waiting' ? ' (a process is attached)' : ' (running now)') : '';
        out.out(`${color.bold(incident.id)}  ${incident.runbook_name}  ${incident.severity}  ${statusColor(shown)}${liveNote}`);
        out.out(
          `opened ${incident.created_at} by ${incident.initiator}${incident.target ? `, target ${short(incident.target)}` : ''}; phase ${incident.phase ?? '-'}, step ${incident.current_step ?? '-'}`,
        );
        out.out(`evidence: ${plural(evidence.n, 'artifact')}, ${plural(evidence.bytes, 'byte')}`);
        if (journal.length) {
          out.out('');
          out.out(
            table(
              ['step', 'attempt', 'status', 'action', 'summary / error', 'started'],
              journal.map((j) => [j.step_id, j.attempt, j.status, j.action, short(j.summary ?? j.error ?? '')!.slice(0, 80), j.started_at]),
            ),
          );
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
        if (shown === 'stopped') {
          const stopped = lastStop(timeline);
          const detail = stopped ? (JSON.parse(stopped.detail) as { reason?: string; fault?: { hint?: string | null } }) : {};
          if (stopped && detail.fault)
            out.out(`${color.yellow('interrupted')}${stopped.step_id ? ` at step "${stopped.step_id}"` : ''}: ${detail.reason ?? 'a fault'}`);
          out.err(
            color.dim(
              stopped && detail.fault
                ? `hint: ${detail.fault.hint ? `${detail.fault.hint}; ` : ''}irctl resume ${incidentId} retries the step once the cause is fixed`
                : stopped
                  ? `stopped${stopped.step_id ? ` at step "${stopped.step_id}"` : ''} by ${stopped.actor ?? 'its process'} (${detail.reason ?? 'stopped'}); hint: irctl resume ${incidentId}`
                  : `stopped: no process is driving this run any more (killed, or the machine restarted); hint: irctl resume ${incidentId}`,
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
