import { Command, CommanderError, Option } from 'commander';
import { EXIT_CODES_HELP, ExitCode, IrctlError, exitCodeOf } from '../errors.js';
import { exitCodeSet } from './exit-code.js';
import { formatError, stdOutput, type Output } from './output.js';
import { registerCommands } from './commands/index.js';
import type { GlobalOptions } from './global-options.js';

/** The program with the commands `argv` needs (see registerCommands). */
export async function createProgram(argv: string[], output?: Output, json = false): Promise<Command> {
  const program = new Command('irctl')
    .description('Incident-response runbooks for Docker: contain, capture evidence, approve, recover, report.')
    .version('0.1.0')
    .addOption(new Option('--json', 'machine-readable output (errors as {"error":{…}} on stderr)'))
    .addOption(new Option('--db <file>', 'SQLite store (default $IRCTL_HOME/irctl.db)'))
    .addOption(new Option('--evidence-dir <dir>', 'evidence store (default ./evidence or $IRCTL_EVIDENCE_DIR)'))
    .addOption(new Option('--home <dir>', 'state directory (default ./.irctl or $IRCTL_HOME)'))
    .addOption(new Option('--config <file>', 'config file (default $IRCTL_HOME/config.yaml)'))
    .addOption(new Option('--runbooks <dirs>', 'runbook directories, colon-separated (default ./runbooks)'))
    .addOption(new Option('--as <actor>', 'act as this identity (default $IRCTL_ACTOR or the OS user)'))
    .showHelpAfterError(json ? false : '(add --help for usage)')
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP);
  if (output) {
    program.configureOutput({ writeOut: (s) => output.out(s), writeErr: (s) => output.err(s) });
  }
  if (json) {
    // usage errors too are {"error":{…}} for scripts
    program.configureOutput({
      outputError: (text, write) => write(`${JSON.stringify({ error: { code: 'USAGE', message: text.replace(/^error: /, '').trim() } })}\n`),
    });
  }
  await registerCommands(program, argv);
  program.hook('preAction', (_root, actionCommand) => checkCommandRole(actionCommand));
  return program;
}

/** The role check for commands listed in COMMAND_ACTS (the rest check inside their handlers). */
async function checkCommandRole(command: Command): Promise<void> {
  // loaded here, not at start-up: `irctl --help` needs none of it
  const [{ COMMAND_ACTS, requireRole }, { loadRoles, rolesFilePath }, { loadConfig, resolvePaths }, { resolveActor }] = await Promise.all([
    import('../auth/permissions.js'),
    import('../auth/roles.js'),
    import('../config.js'),
    import('../services.js'),
  ]);
  const path: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) path.unshift(c.name());
  const act = COMMAND_ACTS[path.join(' ')];
  if (!act) return;
  const options = command.optsWithGlobals<GlobalOptions>();
  const paths = resolvePaths(options);
  const config = loadConfig(paths.configFile);
  requireRole(loadRoles(rolesFilePath(paths.home, config.roles_file)), resolveActor(options.as), act, path.join(' '));
}

/** Run the CLI. Throws nothing and exits nothing: returns the exit code (only bin.ts exits). */
export async function main(argv: string[], output?: Output): Promise<number> {
  const json = argv.includes('--json');
  const sink = output ?? stdOutput(json);
  try {
    const program = await createProgram(argv, output, json);
    await program.parseAsync(argv, { from: 'user' });
    return exitCodeSet(program) ?? ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are not errors; commander has already printed them
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.OK;
      return ExitCode.USAGE;
    }
    if (error instanceof IrctlError && error.exitCode === ExitCode.WAITING) {
      sink.err(formatError(error, json));
      return ExitCode.WAITING;
    }
    sink.err(formatError(error, json));
    return exitCodeOf(error);
  }
}
