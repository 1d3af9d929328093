import { z } from 'zod';
import { addTimeline, getIncident, type IncidentRow } from '../engine/incidents.js';
import { UsageError } from '../errors.js';
import { writeTransaction, type Db } from '../store/db.js';
import type { Review } from './schema.js';

// The post-incident review lives in incidents.annotations (JSON) under "review"; other keys there
// belong to whoever wrote them and are kept as they are.

export const REVIEW_FIELDS = ['rootCause', 'wentWell', 'toChange', 'controls'] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];
export type ReviewInput = Partial<Record<ReviewField, string>>;

const storedReview = z
  .object({
    rootCause: z.string().nullable().catch(null),
    wentWell: z.string().nullable().catch(null),
    toChange: z.string().nullable().catch(null),
    controls: z.string().nullable().catch(null),
    updatedAt: z.string().nullable().catch(null),
    updatedBy: z.string().nullable().catch(null),
  })
  .partial();

const EMPTY: Review = { rootCause: null, wentWell: null, toChange: null, controls: null, updatedAt: null, updatedBy: null };

function annotationsOf(incident: IncidentRow): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(incident.annotations);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function reviewOf(incident: IncidentRow): Review {
  const parsed = storedReview.safeParse(annotationsOf(incident).review ?? {});
  return { ...EMPTY, ...(parsed.success ? parsed.data : {}) };
}

/** Set the given review sections (others keep their text), and note it in the timeline. */
export function annotateIncident(db: Db, incidentId: string, actor: string, input: ReviewInput, now: Date = new Date()): Review {
  const fields = REVIEW_FIELDS.filter((name) => input[name] !== undefined);
  if (fields.length === 0) {
    throw new UsageError('nothing to annotate', {
      hint: `irctl incident annotate ${incidentId} --root-cause "…" --went-well "…" --to-change "…" --controls "…"`,
    });
  }
  return writeTransaction(db, () => {
    const incident = getIncident(db, incidentId);
    const annotations = annotationsOf(incident);
    const review: Review = { ...reviewOf(incident), updatedAt: now.toISOString(), updatedBy: actor };
    for (const name of fields) review[name] = input[name]!.trim() || null;
    db.prepare('UPDATE incidents SET annotations = ? WHERE id = ?').run(JSON.stringify({ ...annotations, review }), incidentId);
    addTimeline(db, incidentId, 'review_annotated', { actor, detail: { fields } });
    return review;
  });
}
