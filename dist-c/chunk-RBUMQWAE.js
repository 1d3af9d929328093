import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  writeTransaction
} from "./chunk-XO2YUCL3.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  addTimeline,
  getIncident
} from "./chunk-LUHRMFHS.js";
import {
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/report/annotations.js
var REVIEW_FIELDS = ["rootCause", "wentWell", "toChange", "controls"];
var storedReview = external_exports.object({
  rootCause: external_exports.string().nullable().catch(null),
  wentWell: external_exports.string().nullable().catch(null),
  toChange: external_exports.string().nullable().catch(null),
  controls: external_exports.string().nullable().catch(null),
  updatedAt: external_exports.string().nullable().catch(null),
  updatedBy: external_exports.string().nullable().catch(null)
}).partial();
var EMPTY = { rootCause: null, wentWell: null, toChange: null, controls: null, updatedAt: null, updatedBy: null };
function annotationsOf(incident) {
  try {
    const parsed = JSON.parse(incident.annotations);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
function reviewOf(incident) {
  const parsed = storedReview.safeParse(annotationsOf(incident).review ?? {});
  return { ...EMPTY, ...parsed.success ? parsed.data : {} };
}
function annotateIncident(db, incidentId, actor, input, now = /* @__PURE__ */ new Date()) {
  const fields = REVIEW_FIELDS.filter((name) => input[name] !== void 0);
  if (fields.length === 0) {
    throw new UsageError("nothing to annotate", {
      hint: `irctl incident annotate ${incidentId} --root-cause "\u2026" --went-well "\u2026" --to-change "\u2026" --controls "\u2026"`
    });
  }
  return writeTransaction(db, () => {
    const incident = getIncident(db, incidentId);
    const annotations = annotationsOf(incident);
    const review = { ...reviewOf(incident), updatedAt: now.toISOString(), updatedBy: actor };
    for (const name of fields)
      review[name] = input[name].trim() || null;
    db.prepare("UPDATE incidents SET annotations = ? WHERE id = ?").run(JSON.stringify({ ...annotations, review }), incidentId);
    addTimeline(db, incidentId, "review_annotated", { actor, detail: { fields } });
    return review;
  });
}

export {
  REVIEW_FIELDS,
  reviewOf,
  annotateIncident
};
