import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  exitCodeSet
} from "./chunk-HGOD4IJA.js";
import {
  PRIVATE_UMASK
} from "./chunk-U7K5EBAV.js";
import {
  formatError,
  stdOutput
} from "./chunk-W7IXLVWU.js";
import {
  Command,
  CommanderError,
  Help,
  Option
} from "./chunk-7IRVA3UG.js";
import {
  EXIT_CODES_HELP,
  ExitCode,
  IrctlError,
  exitCodeOf
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/index.js
import { readFileSync } from "node:fs";
var COMMAND_MODULES = [
  { names: ["runbook"], load: async () => (await import("./runbook-6WJFCWTW.js")).registerRunbookCommands },
  { names: ["run"], load: async () => (await import("./run-ZIS6WKZI.js")).registerRunCommand },
  { names: ["resume"], load: async () => (await import("./resume-BTZS5PPE.js")).registerResumeCommand },
  { names: ["abort"], load: async () => (await import("./abort-46T6LYUZ.js")).registerAbortCommand },
  { names: ["incidents", "status"], load: async () => (await import("./status-SCFQUDFE.js")).registerStatusCommands },
  { names: ["rerun"], load: async () => (await import("./rerun-MW64FTWB.js")).registerRerunCommand },
  { names: ["completion"], load: async () => (await import("./completion-P2HYQLP7.js")).registerCompletionCommand, needsAll: true },
  { names: ["approve", "reject"], load: async () => (await import("./approvals-7PRNJH23.js")).registerApprovalCommands },
  { names: ["keys"], load: async () => (await import("./keys-EOZQFPOG.js")).registerKeyCommands },
  { names: ["actions"], load: async () => (await import("./actions-NIJ4DREB.js")).registerActionCommands },
  { names: ["custody"], load: async () => (await import("./custody-J5KLSHXJ.js")).registerCustodyCommands },
  { names: ["evidence"], load: async () => (await import("./evidence-XW7IHSFH.js")).registerEvidenceCommands },
  { names: ["alerts"], load: async () => (await import("./alerts-Y4WSWASU.js")).registerAlertCommands },
  { names: ["findings"], load: async () => (await import("./findings-OJVHPOIX.js")).registerFindingsCommands },
  { names: ["serve"], load: async () => (await import("./serve-JGSGDUDL.js")).registerServeCommands },
  { names: ["report", "export", "verify-bundle", "incident"], load: async () => (await import("./report-KVS3YD2E.js")).registerReportCommands },
  { names: ["release"], load: async () => (await import("./release-FVINIV64.js")).registerReleaseCommands },
  { names: ["doctor"], load: async () => (await import("./doctor-LB7PQ5N4.js")).registerDoctorCommand },
  { names: ["ack", "silence"], load: async () => (await import("./oncall-VPKHJ7W6.js")).registerOncallCommands }
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
  const program = new Command("irctl").description("Incident-response runbooks for Docker: contain, capture evidence, approve, recover, report.").version("0.1.0").addOption(new Option("--json", 'machine-readable output (errors as {"error":{\u2026}} on stderr)')).addOption(new Option("--db <file>", "SQLite store (default $IRCTL_HOME/irctl.db)")).addOption(new Option("--evidence-dir <dir>", "evidence store (default ./evidence or $IRCTL_EVIDENCE_DIR)")).addOption(new Option("--home <dir>", "state directory (default ./.irctl or $IRCTL_HOME)")).addOption(new Option("--config <file>", "config file (default $IRCTL_HOME/config.yaml)")).addOption(new Option("--runbooks <dirs>", "runbook directories, colon-separated (default ./runbooks)")).addOption(new Option("--as <actor>", "act as this identity (default $IRCTL_ACTOR or the OS user)")).showHelpAfterError(json ? false : "(add --help for usage)").exitOverride().addHelpText("after", EXIT_CODES_HELP);
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
    import("./permissions-6UTOGPQA.js"),
    import("./roles-ZX44XVBV.js"),
    import("./config-F2JGCFTM.js"),
    import("./services-Q5L7JUIX.js")
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
