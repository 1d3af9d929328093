import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** "500ms", "10s", "15m", "4h", "1d", "1w" → milliseconds. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration (expected e.g. 500ms, 10s, 15m, 4h, 1d)`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

export const durationSchema = z.string().regex(DURATION, 'expected a duration such as 500ms, 10s, 15m, 4h, 1d');
