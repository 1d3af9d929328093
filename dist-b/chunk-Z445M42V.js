import {
  RefusedError
} from "./chunk-JMAPXXTL.js";

// dist/auth/permissions.js
var PERMISSIONS = {
  "incidents.read": "viewer",
  // incidents, status
  "run.start": "operator",
  // run
  "run.resume": "operator",
  "run.abort": "operator",
  "containment.release": "operator",
  // release: undo an incident's containment
  "gate.decide": "operator",
  // then the gate's own roles apply too
  "incident.ack": "operator",
  // ack: stop an incident's page climbing the escalation ladder
  "silences.read": "viewer",
  "silences.manage": "operator",
  // silence add / expire
  "keys.read": "admin",
  "keys.manage": "admin",
  // keys create (for someone else: anyone in the roles file may make their own), keys revoke
  "evidence.read": "viewer",
  // evidence, custody log/verify, findings, report
  "evidence.export": "operator",
  // export bundle, custody checkpoint, incident annotate
  "evidence.release": "operator",
  // evidence images --remove: the saved copies stay
  "server.run": "admin",
  // serve: it acts on alerts for everyone
  "alerts.post": "alerter"
  // POST /v1/alerts/*: opens incidents that run auto steps in scope
};
var COMMAND_ACTS = {
  "custody log": "evidence.read",
  "custody verify": "evidence.read",
  "custody pubkey": "evidence.read",
  "custody checkpoint": "evidence.export",
  "custody prove": "evidence.read",
  "evidence ls": "evidence.read",
  "evidence path": "evidence.read",
  "evidence images": "evidence.read",
  // --remove also needs evidence.release, checked by the handler
  findings: "evidence.read",
  report: "evidence.export",
  // it records an exported act and signs a checkpoint
  export: "evidence.export",
  "incident annotate": "evidence.export",
  serve: "server.run",
  release: "containment.release",
  ack: "incident.ack",
  "silence ls": "silences.read",
  "silence add": "silences.manage",
  "silence expire": "silences.manage"
};
function requireRole(roles, actor, act, what) {
  const needed = PERMISSIONS[act];
  const held = roles.rolesOf(actor);
  if (!held.includes(needed)) {
    throw new RefusedError(`${actor} may not ${what}: it needs the ${needed} role and ${actor} has ${held.length ? held.join(", ") : "no role"} (${roles.source}); nothing was changed`, {
      hint: roles.remedy?.(needed, actor) ?? `act as someone with the ${needed} role (--as NAME), or have an admin add ${actor} to the roles file`,
      details: { actor, act, needed, held }
    });
  }
  return held;
}

export {
  PERMISSIONS,
  COMMAND_ACTS,
  requireRole
};
