import { z } from 'zod';
import type { AlertStatus, FieldValue } from './alert.js';

// Tolerant leaf schemas shared by the parsers. Real payloads vary between versions: a field may be
// missing, null, a number where a string was documented. What can be used is coerced; what cannot
// becomes undefined (optional fields) instead of failing the whole alert.

const isScalar = (value: unknown): value is string | number | boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A string, or a number/boolean turned into one; anything else is undefined. */
export const looseText = z
  .unknown()
  .optional()
  .transform((value) => (isScalar(value) ? String(value) : undefined));

/** A non-empty looseText, required: the one field a parser cannot do without. */
export const requiredText = z
  .unknown()
  .optional()
  .superRefine((value, ctx) => {
    if (!isScalar(value) || String(value).trim() === '') {
      ctx.addIssue({
        code: 'custom',
        message: value === undefined ? 'is missing' : `must be a non-empty string, got ${value === null ? 'null' : typeof value}`,
      });
    }
  })
  .transform((value) => String(value).trim());

/** A string→string map: numbers and booleans stringified, nulls and nested values dropped. */
export const stringMap = z
  .unknown()
  .optional()
  .transform((value) => {
    const result: Record<string, string> = {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return result;
    for (const [key, item] of Object.entries(value)) if (isScalar(item)) result[key] = String(item);
    return result;
  });

/** Falco-style output fields: scalars and nulls kept as they are, nested values dropped. */
export const fieldMap = z
  .unknown()
  .optional()
  .transform((value) => {
    const result: Record<string, FieldValue> = {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return result;
    for (const [key, item] of Object.entries(value)) if (isScalar(item) || item === null) result[key] = item;
    return result;
  });

/** A list of strings; a single string becomes a list of one, a comma list (older senders) is split. */
export const stringList = z
  .unknown()
  .optional()
  .transform((value): string[] => {
    if (typeof value === 'string')
      return value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (!Array.isArray(value)) return [];
    return value.filter(isScalar).map(String);
  });

/** "firing" / "resolved" in any case; anything else is undefined (the parser decides the default). */
export const statusText = z
  .unknown()
  .optional()
  .transform((value): AlertStatus | undefined => {
    const word = typeof value === 'string' ? value.trim().toLowerCase() : '';
    return word === 'firing' || word === 'resolved' ? word : undefined;
  });

/** An array of unknown items (an object with numeric keys is not accepted as one). */
export const itemList = z.array(z.unknown());

/** The first zod issue as "path: message", for rejection reasons. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path ? `${path} ${issue.message}` : issue.message;
}
