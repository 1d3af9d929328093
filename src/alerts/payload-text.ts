import { parseJsonLossless } from './lossless-json.js';
import { MAX_ALERTS_PER_PAYLOAD } from './parsers/define.js';
import { AlertRejectedError } from './rejection.js';

/** Text of a request body or file → JSON value. A body of JSON lines (Docker's /events, Falco's
 *  file output) becomes an array. Integers too big for a double are kept exact, as strings. */
export function parsePayloadText(text: string): unknown {
  // counted before anything is parsed: 500k lines of "1" parsed one by one held the event loop ~200 ms
  const tooManyLines = countLinesPast(text, MAX_ALERTS_PER_PAYLOAD) > MAX_ALERTS_PER_PAYLOAD;
  if (tooManyLines && firstLineIsJson(text)) throw tooManyLinesError();
  try {
    return parseJsonLossless(text);
  } catch (error) {
    if (error instanceof AlertRejectedError) throw error;
    if (tooManyLines) throw tooManyLinesError();
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length > 1) {
      return lines.map((line, index) => {
        try {
          return parseJsonLossless(line);
        } catch (lineError) {
          if (lineError instanceof AlertRejectedError) throw lineError;
          throw new AlertRejectedError(`line ${index + 1} is not JSON: ${(lineError as Error).message}`, 400);
        }
      });
    }
    throw new AlertRejectedError(`body is not JSON: ${(error as Error).message}`, 400, { cause: error });
  }
}

function tooManyLinesError(): AlertRejectedError {
  return new AlertRejectedError(`more than ${MAX_ALERTS_PER_PAYLOAD} JSON lines in one body; at most ${MAX_ALERTS_PER_PAYLOAD} alerts are accepted`, 422, {
    hint: `send at most ${MAX_ALERTS_PER_PAYLOAD} alerts a request`,
  });
}

/** Lines of `text` that are not blank, counted only until there are more than `max`. */
function countLinesPast(text: string, max: number): number {
  let count = 0;
  for (let start = 0; start < text.length && count <= max;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (/\S/.test(text.slice(start, end))) count += 1;
    start = end + 1;
  }
  return count;
}

/**
 * Whether the first non-blank line is a JSON value on its own. With more lines after it the text
 * cannot be one JSON document (a value followed by more is not JSON), so it is JSON lines: no need
 * to scan the whole text as one document first.
 */
function firstLineIsJson(text: string): boolean {
  try {
    parseJsonLossless(/\S[^\n]*/.exec(text)?.[0] ?? '');
    return true;
  } catch {
    return false;
  }
}
