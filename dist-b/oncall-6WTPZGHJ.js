import {
  addSilence,
  expireSilence,
  formatMatcher,
  listSilences,
  parseMatcher
} from "./chunk-V3TQRPMC.js";
import {
  acknowledge
} from "./chunk-WSUEYRC3.js";
import {
  cliNotifier
} from "./chunk-T3WSOK22.js";
import "./chunk-4RM7ECEZ.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  printJson,
  table
} from "./chunk-NULSSLA3.js";
import {
  getIncident
} from "./chunk-GCLPYPTX.js";
import "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-LY6QHTT2.js";
import {
  parseDuration
} from "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import "./chunk-JMAPXXTL.js";

// dist/cli/commands/oncall/index.js
function registerOncallCommands(program) {
  program.command("ack").description("acknowledge an incident: its page stops climbing the escalation ladder").argument("<incident>", "incident id").option("--comment <text>", "what you are doing about it").addHelpText("after", `
Examples:
  irctl --as alice ack inc-20261124-0612-3fa9c1 --comment "looking at it"`).action(async (incidentId, options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      const incident = getIncident(services.db, incidentId);
      const ack = acknowledge(services.db, { incidentId, actor: services.actor, comment: options.comment });
      const notifier = await cliNotifier(services);
      notifier?.send({
        kind: "acknowledged",
        incidentId,
        runbook: incident.runbook_name,
        severity: incident.severity,
        target: incident.target ?? void 0,
        detail: { actor: services.actor, comment: options.comment ?? null }
      });
      await notifier?.flush();
      if (out.json)
        return printJson(out, { incidentId, actor: services.actor, at: ack.at, first: ack.first });
      out.out(`${incidentId} acknowledged by ${services.actor}${ack.first ? "; its page stops escalating" : " (it was already acknowledged)"}`);
    } finally {
      services.close();
    }
  });
  const silence = program.command("silence").description("maintenance windows: alerts a silence matches open no incident");
  silence.command("add").description("silence matching alerts for a while (Alertmanager matchers: = != =~ !~; all must match)").requiredOption("--match <matcher>", "NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX over the alert labels and rule, container, source, host, priority (repeatable)", collect, []).requiredOption("--for <duration>", "how long, e.g. 2h, 30m (at most 90 days)").requiredOption("--comment <text>", "why (a deploy, a drill)").addHelpText("after", `
Examples:
  irctl silence add --match rule="Terminal shell in container" --match container=web-1 --for 2h --comment "deploy"
  irctl silence add --match rule=~"Drop and execute.*" --match container!=db --for 30m --comment "pentest"`).action(async (options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      const added = addSilence(services.db, {
        matchers: options.match.map(parseMatcher),
        durationMs: parseDuration(options.for),
        comment: options.comment,
        createdBy: services.actor
      });
      if (out.json)
        return printJson(out, added);
      out.out(`${added.id}: ${added.matchers.map(formatMatcher).join(", ")} silenced until ${added.endsAt}`);
    } finally {
      services.close();
    }
  });
  silence.command("ls").description("list silences in force (--all: also expired ones)").option("--all", "include expired silences").action(async (options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      const silences = listSilences(services.db, { all: options.all });
      if (out.json)
        return printJson(out, silences);
      if (silences.length === 0)
        return out.out(options.all ? "no silences" : "no silences in force (--all shows expired ones)");
      out.out(table(["silence", "matchers", "until", "state", "suppressed", "by", "comment"], silences.map((s) => [s.id, s.matchers.map(formatMatcher).join(", "), s.endsAt, s.state, String(s.suppressed), s.createdBy, s.comment])));
    } finally {
      services.close();
    }
  });
  silence.command("expire").description("end a silence now").argument("<silence>", "silence id (irctl silence ls)").action(async (id, _options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      const expired = expireSilence(services.db, id, services.actor);
      if (out.json)
        return printJson(out, expired);
      out.out(`${expired.id} expired at ${expired.endsAt}`);
    } finally {
      services.close();
    }
  });
}
function collect(value, previous) {
  return [...previous, value];
}
export {
  registerOncallCommands
};
