import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { planRun } from '../../../engine/dry-run.js';
import { parseInputPairs, resolveInputs } from '../../../engine/inputs.js';
import { openIncident } from '../../../engine/runner.js';
import { preflightFromConfig } from '../../../engine/preflight.js';
import { findRunbook } from '../../../runbook/load.js';
import { resolvePaths } from '../../../config.js';
import { IRCTL_BIN } from '../../../package-files.js';
import { EXIT_CODES_HELP } from '../../../errors.js';
import { setExitCode } from '../../exit-code.js';
import type { GlobalOptions } from '../../global-options.js';
import { commandOutput } from '../../command-output.js';
import { color, printJson } from '../../output.js';
import { driveFromCli } from './drive.js';
import { authorize, exitCodeForRun, reportRunEnd } from './shared.js';
import { servicesFor } from '../../command-services.js';

interface RunOptions {
  input: string[];
  dryRun?: boolean;
  detach?: boolean;
  wait?: boolean;
  preflight: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('open an incident and run a runbook against it')
    .argument('<runbook>', 'runbook name (from --runbooks dirs) or path to a runbook file')
    .option('-i, --input <name=value>', 'runbook input (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .option('--dry-run', 'print every step with its action and resolved parameters; change nothing')
    .option('--detach', 'run in the background; print the incident id and return')
    .option('--wait', 'at an approval gate, wait for the decision instead of stopping with exit code 3')
    .option('--no-preflight', 'do not check the Docker hosts and containers before opening the incident (for a container that appears later)')
    .addHelpText(
      'after',
      `
In a terminal: live progress, and at an approval gate a prompt to approve, reject, wait or detach.
Without a terminal (CI, pipes): plain lines; at a gate the run stops with exit code 3 (or waits, --wait).
Before an incident is opened (and in --dry-run), pre-flight pings each Docker host the steps use and
finds each container they name: a wrong address exits 6, a missing container 5, and nothing is recorded.

Examples:
  irctl run container-compromise --input container=web-1
  irctl run runbooks/shell-in-container.yaml -i container=3f2a9c --dry-run
  irctl run cryptominer -i container=miner-7 --detach
  irctl --json run cryptominer -i container=miner-7 --wait
${EXIT_CODES_HELP}`,
    )
    .action(async (runbookRef: string, options: RunOptions, command: Command) => {
      const out = commandOutput(command);
      const globals = command.optsWithGlobals<GlobalOptions>();
      const loaded = findRunbook(runbookRef, resolvePaths(globals).runbookDirs);
      const given = parseInputPairs(options.input);
      // a typo'd container or a wrong DOCKER_HOST must not open a real incident
      if (options.preflight) await preflightFromConfig(resolvePaths(globals).configFile, loaded.runbook, resolveInputs(loaded.runbook, given));

      if (options.dryRun) {
        const plan = await planRun(loaded.runbook, resolveInputs(loaded.runbook, given));
        if (out.json) return printJson(out, { runbook: loaded.runbook.name, steps: plan });
        out.out(`dry run of ${loaded.runbook.name} (${loaded.file}) — nothing is executed`);
        for (const step of plan) {
          const what =
            step.kind === 'approval'
              ? `approval by ${step.approval!.quorum} × ${step.approval!.roles.join('/')}`
              : `${step.action} ${JSON.stringify(step.params)}`;
          out.out(`  [${step.phase}] ${step.stepId}: ${what}${step.skipped ? color.yellow(`  (skipped: ${step.skipped})`) : ''}`);
        }
        return;
      }

      const services = servicesFor(command);
      try {
        authorize(services, 'run.start', `run runbook ${loaded.runbook.name}`);
        const incidentId = openIncident(services, { loaded, inputs: given, initiator: services.actor });
        if (options.detach) {
          const logFile = detach(services.paths.home, incidentId, globals);
          if (out.json) return printJson(out, { incidentId, status: 'running', log: logFile });
          out.out(`incident ${incidentId} opened; running in the background (log: ${logFile})`);
          out.err(color.dim(`hint: irctl status ${incidentId}`));
          return;
        }
        if (!out.json) out.err(`incident ${color.bold(incidentId)} opened: ${loaded.runbook.name} (${loaded.runbook.severity})`);
        const result = await driveFromCli(services, incidentId, out, { wait: options.wait });
        reportRunEnd(out, result);
        setExitCode(command, exitCodeForRun(result));
      } finally {
        services.close();
      }
    });
}

/** Start `irctl resume <id> --wait` as a detached process that outlives this one. */
function detach(home: string, incidentId: string, globals: GlobalOptions): string {
  const logDir = join(home, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const logFile = join(logDir, `${incidentId}.log`);
  const fd = openSync(logFile, 'a', 0o600);
  const passThrough = (['home', 'db', 'evidenceDir', 'config', 'runbooks', 'as'] as const).flatMap((key) =>
    globals[key] ? [`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(globals[key])] : [],
  );
  const child = spawn(process.execPath, [IRCTL_BIN, ...passThrough, 'resume', incidentId, '--wait'], { detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  return logFile;
}
