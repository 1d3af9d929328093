import type { Command } from 'commander';
import { acknowledge } from '../../../engine/acknowledgements.js';
import { getIncident } from '../../../engine/incidents.js';
import { addSilence, expireSilence, formatMatcher, listSilences, parseMatcher, type Silence } from '../../../alerts/silences.js';
import { parseDuration } from '../../../duration.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';
import { printJson, table } from '../../output.js';
import { cliNotifier } from './notifier.js';

/** `irctl ack` (stop an incident's page) and `irctl silence add|ls|expire` (maintenance windows). */
export function registerOncallCommands(program: Command): void {
  program
    .command('ack')
    .description('acknowledge an incident: its page stops climbing the escalation ladder')
    .argument('<incident>', 'incident id')
    .option('--comment <text>', 'what you are doing about it')
    .addHelpText(
      'after',
      `
Examples:
  irctl --as alice ack inc-20261124-0612-3fa9c1 --comment "looking at it"`,
    )
    .action(async (incidentId: string, options: { comment?: string }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        const incident = getIncident(services.db, incidentId);
        const ack = acknowledge(services.db, { incidentId, actor: services.actor, comment: options.comment });
        const notifier = await cliNotifier(services);
        notifier?.send({
          kind: 'acknowledged',
          incidentId,
          runbook: incident.runbook_name,
          severity: incident.severity,
          target: incident.target ?? undefined,
          detail: { actor: services.actor, comment: options.comment ?? null },
        });
        await notifier?.flush();
        if (out.json) return printJson(out, { incidentId, actor: services.actor, at: ack.at, first: ack.first });
        out.out(`${incidentId} acknowledged by ${services.actor}${ack.first ? '; its page stops escalating' : ' (it was already acknowledged)'}`);
      } finally {
        services.close();
      }
    });

  const silence = program.command('silence').description('maintenance windows: alerts a silence matches open no incident');
  silence
    .command('add')
    .description('silence matching alerts for a while (Alertmanager matchers: = != =~ !~; all must match)')
    .requiredOption(
      '--match <matcher>',
      'NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX over the alert labels and rule, container, source, host, priority (repeatable)',
      collect,
      [],
    )
    .requiredOption('--for <duration>', 'how long, e.g. 2h, 30m (at most 90 days)')
    .requiredOption('--comment <text>', 'why (a deploy, a drill)')
    .addHelpText(
      'after',
      `
Examples:
  irctl silence add --match rule="Terminal shell in container" --match container=web-1 --for 2h --comment "deploy"
  irctl silence add --match rule=~"Drop and execute.*" --match container!=db --for 30m --comment "pentest"`,
    )
    .action(async (options: { match: string[]; for: string; comment: string }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        const added = addSilence(services.db, {
          matchers: options.match.map(parseMatcher),
          durationMs: parseDuration(options.for),
          comment: options.comment,
          createdBy: services.actor,
        });
        if (out.json) return printJson(out, added);
        out.out(`${added.id}: ${added.matchers.map(formatMatcher).join(', ')} silenced until ${added.endsAt}`);
      } finally {
        services.close();
      }
    });
  silence
    .command('ls')
    .description('list silences in force (--all: also expired ones)')
    .option('--all', 'include expired silences')
    .action(async (options: { all?: boolean }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        const silences = listSilences(services.db, { all: options.all });
        if (out.json) return printJson(out, silences);
        if (silences.length === 0) return out.out(options.all ? 'no silences' : 'no silences in force (--all shows expired ones)');
        out.out(
          table(
            ['silence', 'matchers', 'until', 'state', 'suppressed', 'by', 'comment'],
            silences.map((s: Silence) => [s.id, s.matchers.map(formatMatcher).join(', '), s.endsAt, s.state, String(s.suppressed), s.createdBy, s.comment]),
          ),
        );
      } finally {
        services.close();
      }
    });
  silence
    .command('expire')
    .description('end a silence now')
    .argument('<silence>', 'silence id (irctl silence ls)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        const expired = expireSilence(services.db, id, services.actor);
        if (out.json) return printJson(out, expired);
        out.out(`${expired.id} expired at ${expired.endsAt}`);
      } finally {
        services.close();
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
