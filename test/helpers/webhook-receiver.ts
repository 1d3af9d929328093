import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  at: number; // epoch ms when it arrived
  status: number; // what the receiver answered
  body: Record<string, any>;
}

/**
 * A webhook receiver on 127.0.0.1 that records every post. `failFirst[path] = n` answers the first
 * n posts to that path with 503 (a flaky receiver).
 */
export async function startWebhookReceiver(failFirst: Record<string, number> = {}) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const count = (seen.get(path) ?? 0) + 1;
      seen.set(path, count);
      const status = count <= (failFirst[path] ?? 0) ? 503 : 204;
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(text);
      } catch {
        body = { raw: text };
      }
      received.push({ path, at: Date.now(), status, body });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    /** Delivered (answered 2xx) posts to a path, optionally of one event kind and incident. */
    delivered(path: string, event?: string, incidentId?: string): Received[] {
      return received.filter(
        (r) => r.path === path && r.status < 300 && (!event || r.body.event === event) && (!incidentId || r.body.incident_id === incidentId),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
