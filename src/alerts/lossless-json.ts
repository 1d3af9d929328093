import { AlertRejectedError } from './rejection.js';
import { PAYLOAD_LIMITS } from './sanitize.js';

/**
 * JSON.parse, except that integers beyond Number.MAX_SAFE_INTEGER (Falco's nanosecond times and
 * ids in output_fields) are kept as their exact digits, as strings, instead of being rounded.
 * Throws what JSON.parse throws for text that is not JSON, and AlertRejectedError (400) for text
 * nested deeper than the payload limit, found in the same pass over the text before JSON.parse
 * builds it: a 2 MB body of brackets would otherwise hold the event loop for a second.
 */
export function parseJsonLossless(text: string): unknown {
  const rewritten = quoteUnsafeIntegers(text);
  if (rewritten === text) return JSON.parse(text);
  try {
    return JSON.parse(rewritten);
  } catch {
    return JSON.parse(text); // not JSON after all: the error names the original text's position
  }
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The text with every unsafe integer literal outside strings wrapped in quotes; refuses nesting
 *  past PAYLOAD_LIMITS.maxDepth. */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedTo = 0;
  let inString = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char === '[' || char === '{') {
      if (++depth > PAYLOAD_LIMITS.maxDepth) throw new AlertRejectedError(`payload is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`, 400);
      continue;
    }
    if (char === ']' || char === '}') {
      depth--;
      continue;
    }
    if (char !== '-' && (char < '0' || char > '9')) continue;
    NUMBER.lastIndex = i;
    const token = NUMBER.exec(text)?.[0];
    if (!token) continue;
    if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copiedTo, i)}"${token}"`;
      copiedTo = i + token.length;
    }
    i += token.length - 1;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}
