import { parseJsonLossless } from './lossless-json.js';
import { AlertRejectedError } from './rejection.js';

/** Text of a request body or file → JSON value. A body of JSON lines (Docker's /events, Falco's
 *  file output) becomes an array. Integers too big for a double are kept exact, as strings. */
export function parsePayloadText(text: string): unknown {
  try {
    return parseJsonLossless(text);
  } catch (error) {
    if (error instanceof AlertRejectedError) throw error;
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
