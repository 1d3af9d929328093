import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parsePayloadText } from '../alerts/payload-text.js';
import { RequestRejectedError } from './http-error.js';

/**
 * Bodies arrive as raw bytes whatever their content type (senders label JSON inconsistently):
 * the HMAC is checked over the exact bytes, and only an authenticated body is decoded.
 */
export function acceptRawBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
}

export function rawBodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** Decode per the route's bodyKind; alert payloads may be JSON lines (Falco's file output). */
export function decodeBody(request: FastifyRequest, raw: Buffer): unknown {
  const kind = request.routeOptions.config.bodyKind;
  if (!kind) return undefined;
  const text = raw.toString('utf8');
  if (kind === 'alert') return parsePayloadText(text); // AlertRejectedError (400) when it is not JSON
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestRejectedError(400, 'malformed_json', `body is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
