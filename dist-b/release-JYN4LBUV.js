import {
  buildActionContext
} from "./chunk-7PJKO4CU.js";
import {
  newRunnerId,
  releaseLease,
  renewLease,
  takeLease
} from "./chunk-SXC63L3C.js";
import {
  writeCheckpoint
} from "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import {
  INTENT_ACT,
  findAction,
  firewallBlock,
  isolationOf,
  liftRule,
  recoverRelease,
  shortName,
  targetById,
  unreleasedBlocks
} from "./chunk-ZGDHL663.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import {
  listCustody
} from "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson,
  table
} from "./chunk-NULSSLA3.js";
import {
  addTimeline,
  getIncident
} from "./chunk-GCLPYPTX.js";
import "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import {
  ActionFailedError,
  EXIT_CODES_HELP,
  IrctlError,
  NotFoundError,
  RefusedError
} from "./chunk-JMAPXXTL.js";

// dist/cli/commands/release/release.js
import { Command } from "commander";

// dist/engine/release-containment.js
var RELEASE_STEP_ID = "irctl-release";
var UNDONE_BY_RELEASE = /* @__PURE__ */ new Set(["docker.isolate", "docker.pause", "docker.unpause", "recover.release"]);
function containedContainers(services, incidentId) {
  const byContainer = /* @__PURE__ */ new Map();
  for (const record of listCustody(services.db, incidentId)) {
    const action = record.how?.action;
    const host = record.where?.host;
    if (record.act !== "contained" && record.act !== INTENT_ACT || typeof action !== "string" || typeof host !== "string")
      continue;
    if (action === firewallBlock.name)
      continue;
    const contained = byContainer.get(record.subject) ?? { containerId: record.subject, host, actions: [], selectors: [] };
    if (!contained.actions.includes(action))
      contained.actions.push(action);
    const selector = record.how?.params?.container;
    if (typeof selector === "string" && !contained.selectors.includes(selector))
      contained.selectors.push(selector);
    byContainer.set(record.subject, contained);
  }
  return [...byContainer.values()];
}
async function releaseContained(services, contained, options) {
  const result = { containerId: contained.containerId, host: contained.host, status: "already_released", undone: [], notes: [] };
  const host = services.docker.host(contained.host);
  let target;
  try {
    target = await targetById({ hostName: host.name, hostUrl: host.url, docker: host.docker }, contained.containerId, options.signal);
  } catch (error) {
    if (!(error instanceof NotFoundError))
      throw error;
    result.status = "gone";
    result.notes.push(`no longer on host "${host.name}" (removed or recreated): nothing to undo`);
    return result;
  }
  result.name = shortName(target.info);
  const context = (params) => buildActionContext({
    services,
    log: options.log,
    params,
    incidentId: options.incidentId,
    stepId: RELEASE_STEP_ID,
    attempt: 1,
    actor: options.actor,
    signal: options.signal
  });
  try {
    if (contained.actions.some((action) => UNDONE_BY_RELEASE.has(action)) && stillContained(services, options.incidentId, target)) {
      const outcome = await recoverRelease.run(context({ container: target.info.Id, host: host.name }));
      if (outcome.kind === "done")
        result.undone.push(...releaseSteps(outcome.outputs ?? {}));
    }
    const records = listCustody(services.db, options.incidentId).filter((record) => record.subject === target.info.Id);
    for (const actionName of contained.actions.filter((action) => !UNDONE_BY_RELEASE.has(action))) {
      const action = findAction(actionName);
      if (!action?.undo) {
        result.notes.push(`${actionName} has no undo: left as it is (${target.info.State.Status})`);
        continue;
      }
      const own = records.filter((record) => record.how?.action === actionName);
      const lastContained = Math.max(...own.filter((record) => record.act === "contained" || record.act === INTENT_ACT).map((record) => record.seq));
      if (own.some((record) => record.act === "released" && record.seq > lastContained))
        continue;
      await undoFromLedger(action, own, target, host.name, context);
      result.undone.push(`undid ${actionName}`);
    }
  } catch (error) {
    if (!(error instanceof IrctlError))
      throw error;
    result.status = "failed";
    result.error = { code: error.code, message: error.message, hint: error.hint };
    return result;
  }
  if (result.undone.length > 0)
    result.status = "released";
  else if (result.notes.length > 0)
    result.status = "left_as_is";
  return result;
}
function releaseSteps(outputs) {
  const reconnected = Array.isArray(outputs.reconnected) ? outputs.reconnected : [];
  return [
    ...reconnected.length > 0 ? [`reconnected ${reconnected.join(", ")}`] : [],
    ...outputs.left_quarantine ? [`left ${String(outputs.quarantine_network)}`] : [],
    ...outputs.unpaused ? ["unpaused"] : []
  ];
}
function stillContained(services, incidentId, target) {
  if (target.info.State.Paused)
    return true;
  const isolation = isolationOf(services.db, incidentId, target.info.Id);
  if (!isolation)
    return false;
  const attached = target.info.NetworkSettings.Networks ?? {};
  return isolation.quarantineNetwork in attached || isolation.originalNetworks.some((endpoint) => !(endpoint.network in attached));
}
async function undoFromLedger(action, records, target, hostName, context) {
  const contained = records.filter((record) => record.act === "contained" || record.act === INTENT_ACT);
  const merged = Object.assign({}, ...contained.map((record) => typeof record.how?.params === "object" && record.how.params !== null ? record.how.params : {}));
  const params = action.params.parse({ ...merged, container: target.info.Id, host: hostName });
  const outputs = contained[0]?.details ?? {};
  await action.undo(context(params), { kind: "done", summary: `${action.name} (from the custody ledger)`, outputs });
}
async function releaseBlocks(services, options) {
  const results = [];
  for (const rule of unreleasedBlocks(services.db, options.incidentId)) {
    const result = {
      containerId: rule.address,
      host: "firewall",
      name: `block of ${rule.address}`,
      status: "already_released",
      undone: [],
      notes: []
    };
    const ctx = buildActionContext({
      services,
      log: options.log,
      params: {},
      incidentId: options.incidentId,
      stepId: RELEASE_STEP_ID,
      attempt: 1,
      actor: options.actor,
      signal: options.signal
    });
    try {
      if (await liftRule(ctx, rule)) {
        result.status = "released";
        result.undone.push(`deleted the DROP rule for ${rule.address} in ${rule.chain}`);
      } else
        result.notes.push(`no rule for ${rule.address} in ${rule.chain} (never inserted, or removed by hand)`);
    } catch (error) {
      if (!(error instanceof IrctlError))
        throw error;
      result.status = "failed";
      result.error = { code: error.code, message: error.message, hint: error.hint };
    }
    results.push(result);
  }
  return results;
}

// dist/cli/commands/release/release.js
var RESULT = {
  released: color.green("released"),
  already_released: color.dim("already released"),
  left_as_is: color.yellow("left as it is"),
  gone: color.dim("gone"),
  failed: color.red("FAILED")
};
function releaseCommand() {
  return new Command("release").description("undo an incident\u2019s containment: networks back, off quarantine, unpaused, limits and restart policy restored, firewall blocks lifted").argument("<incident>", "incident id").option("--container <name-or-id>", "only this contained container (name, id or id prefix)").addHelpText("after", `
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
${EXIT_CODES_HELP}`).action(async (incidentId, options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      const results = await releaseIncident(services, incidentId, options.container);
      if (out.json)
        printJson(out, { incidentId, containers: results });
      else if (results.length === 0)
        out.out(`incident ${incidentId} contained no container: nothing to release`);
      else
        out.out(table(["container", "host", "result", "what"], results.map(row)));
      const failed = results.filter((result) => result.status === "failed");
      if (failed.length > 0) {
        throw new ActionFailedError(`could not release ${failed.map(label).join(", ")} of ${incidentId}: ${failed[0].error.message}`, {
          hint: failed[0].error.hint ?? `irctl custody log ${incidentId} shows what was done; run irctl release ${incidentId} again once the engine answers`
        });
      }
    } finally {
      services.close();
    }
  });
}
async function releaseIncident(services, incidentId, only) {
  const runnerId = newRunnerId();
  try {
    takeLease(services, incidentId, runnerId);
  } catch (error) {
    if (!(error instanceof RefusedError))
      throw error;
    const incident = getIncident(services.db, incidentId);
    throw new RefusedError(`incident ${incidentId} is being run by a live process (${incident.runner_id}); releasing now would race its steps, nothing was changed`, {
      hint: `irctl abort ${incidentId}, then irctl release ${incidentId}`
    });
  }
  try {
    return await releaseAll(services, incidentId, only, runnerId);
  } finally {
    releaseLease(services, incidentId, runnerId);
  }
}
async function releaseAll(services, incidentId, only, runnerId) {
  const contained = selectContainers(containedContainers(services, incidentId), only, incidentId);
  const results = [];
  const signal = new AbortController().signal;
  for (const container of contained) {
    renewLease(services, incidentId, runnerId);
    const result = await releaseContained({ db: services.db, evidenceDir: services.paths.evidenceDir, docker: services.docker }, container, {
      incidentId,
      actor: services.actor,
      log: services.log,
      signal
    });
    if (result.undone.length > 0) {
      addTimeline(services.db, incidentId, "containment_released", {
        actor: services.actor,
        detail: {
          container: result.containerId,
          name: result.name ?? null,
          host: result.host,
          undone: result.undone,
          ...result.error ? { error: result.error.message } : {}
        }
      });
    }
    results.push(result);
  }
  if (only === void 0) {
    renewLease(services, incidentId, runnerId);
    results.push(...await releaseBlocks({ db: services.db, evidenceDir: services.paths.evidenceDir, docker: services.docker, config: services.config }, { incidentId, actor: services.actor, log: services.log, signal }));
  }
  if (results.some((result) => result.undone.length > 0))
    writeCheckpoint(services.db, services.paths.home, incidentId, "release");
  return results;
}
function selectContainers(contained, only, incidentId) {
  if (only === void 0)
    return contained;
  const wanted = only.replace(/^\//, "");
  const matches = contained.filter((container) => container.containerId.startsWith(wanted) || container.selectors.includes(wanted));
  if (matches.length > 0)
    return matches;
  const known = contained.map((container) => `${container.containerId.slice(0, 12)}${container.selectors.length ? ` (${container.selectors.join(", ")})` : ""}`);
  throw new NotFoundError(`incident ${incidentId} contained no container "${only}"${known.length ? `; it contained ${known.join(", ")}` : "; it contained none"}`, {
    hint: `irctl custody log ${incidentId} shows what was done to which container`
  });
}
function label(result) {
  return result.name ? `${result.name} (${result.containerId.slice(0, 12)})` : result.containerId.slice(0, 12);
}
function row(result) {
  const what = result.status === "failed" ? result.error?.message ?? "" : [...result.undone, ...result.notes].join(", ") || "nothing left to undo";
  return [label(result), result.host, RESULT[result.status], what];
}

// dist/cli/commands/release/index.js
function registerReleaseCommands(program) {
  program.addCommand(releaseCommand().copyInheritedSettings(program));
}
export {
  registerReleaseCommands
};
