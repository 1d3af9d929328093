import { Command } from 'commander';
import { containedContainers, releaseBlocks, releaseContained, type ContainedContainer, type ContainerRelease } from '../../../engine/release-containment.js';
import { writeCheckpoint } from '../../../custody/checkpoint.js';
import { addTimeline, getIncident } from '../../../engine/incidents.js';
import { newRunnerId, releaseLease, renewLease, takeLease } from '../../../engine/run-lease.js';
import { ActionFailedError, NotFoundError, RefusedError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { EXIT_CODES_HELP } from '../../../errors.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';
import { color, printJson, table } from '../../output.js';

const RESULT: Record<ContainerRelease['status'], string> = {
  released: color.green('released'),
  already_released: color.dim('already released'),
  left_as_is: color.yellow('left as it is'),
  gone: color.dim('gone'),
  failed: color.red('FAILED'),
};

export function releaseCommand(): Command {
  return new Command('release')
    .description('undo an incident’s containment: networks back, off quarantine, unpaused, limits and restart policy restored, firewall blocks lifted')
    .argument('<incident>', 'incident id')
    .option('--container <name-or-id>', 'only this contained container (name, id or id prefix)')
    .addHelpText(
      'after',
      `
For a false positive: every container the incident contained (its custody ledger says which) gets
what a recover.release step does, and each other containment act is undone by its action's own
undo. Each act is a custody record in your name and a timeline entry. A container that is already
released, or gone, is reported, not an error. A stopped or killed container is left stopped.
Refused (exit 4) while a process is running the incident: irctl abort it first.

Examples:
  irctl reject inc-20261124-0612-3fa9c1 --comment "false positive: the deploy job" --resume
  irctl --as alice release inc-20261124-0612-3fa9c1
  irctl release inc-20261124-0612-3fa9c1 --container web-1
  irctl --json release inc-20261124-0612-3fa9c1
${EXIT_CODES_HELP}`,
    )
    .action(async (incidentId: string, options: { container?: string }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        const results = await releaseIncident(services, incidentId, options.container);
        if (out.json) printJson(out, { incidentId, containers: results });
        else if (results.length === 0) out.out(`incident ${incidentId} contained no container: nothing to release`);
        else out.out(table(['container', 'host', 'result', 'what'], results.map(row)));
        const failed = results.filter((result) => result.status === 'failed');
        if (failed.length > 0) {
          throw new ActionFailedError(`could not release ${failed.map(label).join(', ')} of ${incidentId}: ${failed[0]!.error!.message}`, {
            hint:
              failed[0]!.error!.hint ?? `irctl custody log ${incidentId} shows what was done; run irctl release ${incidentId} again once the engine answers`,
          });
        }
      } finally {
        services.close();
      }
    });
}

/** Release every contained container (or the one named) of an incident no process is running. */
async function releaseIncident(services: Services, incidentId: string, only: string | undefined): Promise<ContainerRelease[]> {
  // hold the run's lease while releasing, so a resume cannot start acting on the same containers
  const runnerId = newRunnerId();
  try {
    takeLease(services, incidentId, runnerId);
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error;
    const incident = getIncident(services.db, incidentId);
    throw new RefusedError(
      `incident ${incidentId} is being run by a live process (${incident.runner_id}); releasing now would race its steps, nothing was changed`,
      {
        hint: `irctl abort ${incidentId}, then irctl release ${incidentId}`,
      },
    );
  }
  try {
    return await releaseAll(services, incidentId, only, runnerId);
  } finally {
    releaseLease(services, incidentId, runnerId);
  }
}

async function releaseAll(services: Services, incidentId: string, only: string | undefined, runnerId: string): Promise<ContainerRelease[]> {
  const contained = selectContainers(containedContainers(services, incidentId), only, incidentId);
  const results: ContainerRelease[] = [];
  const signal = new AbortController().signal;
  for (const container of contained) {
    renewLease(services, incidentId, runnerId);
    const result = await releaseContained({ db: services.db, evidenceDir: services.paths.evidenceDir, docker: services.docker }, container, {
      incidentId,
      actor: services.actor,
      log: services.log,
      signal,
    });
    if (result.undone.length > 0) {
      addTimeline(services.db, incidentId, 'containment_released', {
        actor: services.actor,
        detail: {
          container: result.containerId,
          name: result.name ?? null,
          host: result.host,
          undone: result.undone,
          ...(result.error ? { error: result.error.message } : {}),
        },
      });
    }
    results.push(result);
  }
  if (only === undefined) {
    renewLease(services, incidentId, runnerId);
    results.push(
      ...(await releaseBlocks(
        { db: services.db, evidenceDir: services.paths.evidenceDir, docker: services.docker, config: services.config },
        { incidentId, actor: services.actor, log: services.log, signal },
      )),
    );
  }
  // pin the new records, as a phase end would
  if (results.some((result) => result.undone.length > 0)) writeCheckpoint(services.db, services.paths.home, incidentId, 'release');
  return results;
}

/** --container: a full id or id prefix, or the name (or selector) the runbook's steps used. */
function selectContainers(contained: ContainedContainer[], only: string | undefined, incidentId: string): ContainedContainer[] {
  if (only === undefined) return contained;
  const wanted = only.replace(/^\//, '');
  const matches = contained.filter((container) => container.containerId.startsWith(wanted) || container.selectors.includes(wanted));
  if (matches.length > 0) return matches;
  const known = contained.map(
    (container) => `${container.containerId.slice(0, 12)}${container.selectors.length ? ` (${container.selectors.join(', ')})` : ''}`,
  );
  throw new NotFoundError(
    `incident ${incidentId} contained no container "${only}"${known.length ? `; it contained ${known.join(', ')}` : '; it contained none'}`,
    {
      hint: `irctl custody log ${incidentId} shows what was done to which container`,
    },
  );
}

function label(result: ContainerRelease): string {
  return result.name ? `${result.name} (${result.containerId.slice(0, 12)})` : result.containerId.slice(0, 12);
}

function row(result: ContainerRelease): string[] {
  const what = result.status === 'failed' ? (result.error?.message ?? '') : [...result.undone, ...result.notes].join(', ') || 'nothing left to undo';
  return [label(result), result.host, RESULT[result.status], what];
}
