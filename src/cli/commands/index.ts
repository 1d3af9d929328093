import { readFileSync } from 'node:fs';
import { Command, Help } from 'commander';
import { COMMAND_SUMMARY_FILE } from '../../package-files.js';

type Register = (program: Command) => void;

/** One module that registers some top-level commands. Loaded only when one of its commands runs:
 *  a command pays start-up for what it uses, not for every action, the engine and the report
 *  writers (`irctl status` does not load xstate or dockerode). */
interface CommandModule {
  names: string[];
  load: () => Promise<Register>;
  /** needs every command registered (the completion script is generated from the whole tree) */
  needsAll?: boolean;
}

/** The one list of command modules, in the order `irctl --help` lists their commands. */
const COMMAND_MODULES: CommandModule[] = [
  { names: ['runbook'], load: async () => (await import('./runbook/index.js')).registerRunbookCommands },
  { names: ['run'], load: async () => (await import('./run/run.js')).registerRunCommand },
  { names: ['resume'], load: async () => (await import('./run/resume.js')).registerResumeCommand },
  { names: ['abort'], load: async () => (await import('./run/abort.js')).registerAbortCommand },
  { names: ['incidents', 'status'], load: async () => (await import('./run/status.js')).registerStatusCommands },
  { names: ['rerun'], load: async () => (await import('./run/rerun.js')).registerRerunCommand },
  { names: ['completion'], load: async () => (await import('./run/completion.js')).registerCompletionCommand, needsAll: true },
  { names: ['approve', 'reject'], load: async () => (await import('./approvals/index.js')).registerApprovalCommands },
  { names: ['keys'], load: async () => (await import('./keys/index.js')).registerKeyCommands },
  { names: ['actions'], load: async () => (await import('./actions/index.js')).registerActionCommands },
  { names: ['custody'], load: async () => (await import('./custody/index.js')).registerCustodyCommands },
  { names: ['evidence'], load: async () => (await import('./evidence/index.js')).registerEvidenceCommands },
  { names: ['alerts'], load: async () => (await import('./alerts/index.js')).registerAlertCommands },
  { names: ['findings'], load: async () => (await import('./findings/index.js')).registerFindingsCommands },
  { names: ['serve'], load: async () => (await import('./serve/index.js')).registerServeCommands },
  { names: ['report', 'export', 'verify-bundle', 'incident'], load: async () => (await import('./report/index.js')).registerReportCommands },
  { names: ['release'], load: async () => (await import('./release/index.js')).registerReleaseCommands },
  { names: ['doctor'], load: async () => (await import('./doctor/index.js')).registerDoctorCommand },
  { names: ['ack', 'silence'], load: async () => (await import('./oncall/index.js')).registerOncallCommands },
];

/** What `irctl --help` lists for each top-level command, written by the build from the commands
 *  themselves (scripts/build.mjs → dist/command-summary.json), so the top-level help loads no command. */
export interface CommandSummary {
  name: string;
  term: string;
  description: string;
}

/** Register every command (the whole tree: completion, an unknown command's suggestions). */
export async function registerAllCommands(program: Command): Promise<void> {
  for (const module of COMMAND_MODULES) (await module.load())(program);
}

/** Register what `argv` needs: the module of the command it names; for the top-level help, a
 *  summary of every command from the build; anything else (an unknown or misspelt command, the
 *  completion script, a source checkout without a build) gets the whole tree. */
export async function registerCommands(program: Command, argv: string[], summary = readSummary): Promise<void> {
  const words = commandWords(program, argv);
  const name = words[0] === 'help' ? words[1] : words[0];
  const module = name === undefined ? undefined : COMMAND_MODULES.find((m) => m.names.includes(name));
  if (module && !module.needsAll) return (await module.load())(program);
  if (name === undefined) {
    const summarized = summary();
    if (summarized) return registerSummary(program, summarized);
  }
  await registerAllCommands(program);
}

/** The words of argv that are not global options or their values: the command path. */
function commandWords(program: Command, argv: string[]): string[] {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (takesValue.has(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

function readSummary(): CommandSummary[] | undefined {
  try {
    return JSON.parse(readFileSync(COMMAND_SUMMARY_FILE, 'utf8')) as CommandSummary[];
  } catch {
    return undefined; // a source checkout run through tsx: no build, no summary
  }
}

/** Stand-ins with the real commands' names, usage terms and descriptions: enough for the help. */
function registerSummary(program: Command, summary: CommandSummary[]): void {
  const terms = new Map(summary.map((s) => [s.name, s.term]));
  for (const s of summary) program.addCommand(new Command(s.name).description(s.description));
  const standard = new Help();
  program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? standard.subcommandTerm(command) });
}

/** The summary the build writes: every top-level command as the help lists it. */
export async function summarizeCommands(program: Command): Promise<CommandSummary[]> {
  await registerAllCommands(program);
  const help = program.createHelp();
  return program.commands.map((command) => ({ name: command.name(), term: help.subcommandTerm(command), description: help.subcommandDescription(command) }));
}
