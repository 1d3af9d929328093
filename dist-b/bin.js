import {
  exitCodeSet
} from "./chunk-F32LOQLX.js";
import {
  formatError,
  stdOutput
} from "./chunk-NULSSLA3.js";
import {
  PRIVATE_UMASK
} from "./chunk-LQHUQG2A.js";
import {
  EXIT_CODES_HELP,
  ExitCode,
  IrctlError,
  exitCodeOf
} from "./chunk-JMAPXXTL.js";

// dist/cli/main.js
import { Command as Command2, CommanderError, Option } from "commander";

// dist/cli/commands/index.js
import { readFileSync } from "node:fs";
import { Command, Help } from "commander";
var COMMAND_MODULES = [
  { names: ["runbook"], load: async () => (await import("./runbook-4T25ZH6C.js")).registerRunbookCommands },
  { names: ["run"], load: async () => (await import("./run-SE5ZHQLX.js")).registerRunCommand },
  { names: ["resume"], load: async () => (await import("./resume-6PHGYEPS.js")).registerResumeCommand },
  { names: ["abort"], load: async () => (await import("./abort-3PQ2OSCB.js")).registerAbortCommand },
  { names: ["incidents", "status"], load: async () => (await import("./status-HD5H6RRK.js")).registerStatusCommands },
  { names: ["rerun"], load: async () => (await import("./rerun-FA56J7RE.js")).registerRerunCommand },
  { names: ["completion"], load: async () => (await import("./completion-5J55EANR.js")).registerCompletionCommand, needsAll: true },
  { names: ["approve", "reject"], load: async () => (await import("./approvals-46PAU3AD.js")).registerApprovalCommands },
  { names: ["keys"], load: async () => (await import("./keys-OY7FZEZP.js")).registerKeyCommands },
  { names: ["actions"], load: async () => (await import("./actions-A7OZEJMV.js")).registerActionCommands },
  { names: ["custody"], load: async () => (await import("./custody-7HQQ3ZSK.js")).registerCustodyCommands },
  { names: ["evidence"], load: async () => (await import("./evidence-SBITZKZJ.js")).registerEvidenceCommands },
  { names: ["alerts"], load: async () => (await import("./alerts-5JDGSTR5.js")).registerAlertCommands },
  { names: ["findings"], load: async () => (await import("./findings-TF5WTOPM.js")).registerFindingsCommands },
  { names: ["serve"], load: async () => (await import("./serve-HBAWIUSD.js")).registerServeCommands },
  { names: ["report", "export", "verify-bundle", "incident"], load: async () => (await import("./report-JDU6R4XU.js")).registerReportCommands },
  { names: ["release"], load: async () => (await import("./release-JYN4LBUV.js")).registerReleaseCommands },
  { names: ["doctor"], load: async () => (await import("./doctor-EYLU4UXP.js")).registerDoctorCommand },
  { names: ["ack", "silence"], load: async () => (await import("./oncall-6WTPZGHJ.js")).registerOncallCommands }
];
var SUMMARY_FILE = new URL("./summary.json", import.meta.url);
async function registerAllCommands(program) {
  for (const module of COMMAND_MODULES)
    (await module.load())(program);
}
async function registerCommands(program, argv, summary = readSummary) {
  const words = commandWords(program, argv);
  const name = words[0] === "help" ? words[1] : words[0];
  const module = name === void 0 ? void 0 : COMMAND_MODULES.find((m) => m.names.includes(name));
  if (module && !module.needsAll)
    return (await module.load())(program);
  if (name === void 0) {
    const summarized = summary();
    if (summarized)
      return registerSummary(program, summarized);
  }
  await registerAllCommands(program);
}
function commandWords(program, argv) {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  const words = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--")
      break;
    if (arg.startsWith("-")) {
      if (takesValue.has(arg))
        i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}
function readSummary() {
  try {
    return JSON.parse(readFileSync(SUMMARY_FILE, "utf8"));
  } catch {
    return void 0;
  }
}
function registerSummary(program, summary) {
  const terms = new Map(summary.map((s) => [s.name, s.term]));
  for (const s of summary)
    program.addCommand(new Command(s.name).description(s.description));
  const standard = new Help();
  program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? standard.subcommandTerm(command) });
}

// dist/cli/main.js
async function createProgram(argv, output, json = false) {
  const program = new Command2("irctl").description("Incident-response runbooks for Docker: contain, capture evidence, approve, recover, report.").version("0.1.0").addOption(new Option("--json", 'machine-readable output (errors as {"error":{\u2026}} on stderr)')).addOption(new Option("--db <file>", "SQLite store (default $IRCTL_HOME/irctl.db)")).addOption(new Option("--evidence-dir <dir>", "evidence store (default ./evidence or $IRCTL_EVIDENCE_DIR)")).addOption(new Option("--home <dir>", "state directory (default ./.irctl or $IRCTL_HOME)")).addOption(new Option("--config <file>", "config file (default $IRCTL_HOME/config.yaml)")).addOption(new Option("--runbooks <dirs>", "runbook directories, colon-separated (default ./runbooks)")).addOption(new Option("--as <actor>", "act as this identity (default $IRCTL_ACTOR or the OS user)")).showHelpAfterError(json ? false : "(add --help for usage)").exitOverride().addHelpText("after", EXIT_CODES_HELP);
  if (output) {
    program.configureOutput({ writeOut: (s) => output.out(s), writeErr: (s) => output.err(s) });
  }
  if (json) {
    program.configureOutput({
      outputError: (text, write) => write(`${JSON.stringify({ error: { code: "USAGE", message: text.replace(/^error: /, "").trim() } })}
`)
    });
  }
  await registerCommands(program, argv);
  program.hook("preAction", (_root, actionCommand) => checkCommandRole(actionCommand));
  return program;
}
async function checkCommandRole(command) {
  const [{ COMMAND_ACTS, requireRole }, { loadRoles, rolesFilePath }, { loadConfig, resolvePaths }, { resolveActor }] = await Promise.all([
    import("./permissions-XOPVQH4W.js"),
    import("./roles-PCYFSDS5.js"),
    import("./config-IDUK2MOT.js"),
    import("./services-GGQW3E6B.js")
  ]);
  const path = [];
  for (let c = command; c?.parent; c = c.parent)
    path.unshift(c.name());
  const act = COMMAND_ACTS[path.join(" ")];
  if (!act)
    return;
  const options = command.optsWithGlobals();
  const paths = resolvePaths(options);
  const config = loadConfig(paths.configFile);
  requireRole(loadRoles(rolesFilePath(paths.home, config.roles_file)), resolveActor(options.as), act, path.join(" "));
}
async function main(argv, output) {
  const json = argv.includes("--json");
  const sink = output ?? stdOutput(json);
  try {
    const program = await createProgram(argv, output, json);
    await program.parseAsync(argv, { from: "user" });
    return exitCodeSet(program) ?? ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help")
        return ExitCode.OK;
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

// dist/bin.js
process.umask(PRIVATE_UMASK);
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE")
      return;
    throw error;
  });
}
var code = await main(process.argv.slice(2));
process.exitCode = code;
setTimeout(() => process.exit(code), 200).unref();
