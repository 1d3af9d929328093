import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A unix-socket proxy in front of the test engine that can cut the engine connection in the middle
 * of a response: once a response to a request whose path matches `cutPath` has passed `afterBytes`
 * bytes, both sides of that connection are destroyed (as a restarted daemon or a dropped ssh
 * tunnel would). Every other request passes through untouched.
 */
export interface EngineProxy {
  /** DOCKER_HOST value that reaches the engine through the proxy. */
  url: string;
  /** Cut the next matching response after this many bytes (one cut, then it passes traffic again). */
  cutNext(cutPath: RegExp, afterBytes: number): void;
  /** How many responses were cut so far. */
  cuts(): number;
  close(): Promise<void>;
}

export async function startEngineProxy(engineUrl = process.env.DOCKER_HOST ?? ''): Promise<EngineProxy> {
  if (!engineUrl.startsWith('unix://')) throw new Error(`the engine proxy needs a unix-socket DOCKER_HOST, got "${engineUrl}"`);
  const enginePath = engineUrl.slice('unix://'.length);
  const path = join(mkdtempSync(join(tmpdir(), 'irctl-proxy-')), 'engine.sock');
  let plan: { path: RegExp; afterBytes: number } | undefined;
  let cutCount = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = createConnection(enginePath);
    sockets.add(client).add(upstream);
    let armed: { afterBytes: number } | undefined;
    let passed = 0;
    const cut = () => {
      cutCount++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      // the request line: "GET /v1.41/containers/…/export HTTP/1.1"
      const line = chunk.subarray(0, 512).toString('latin1').split('\r\n')[0] ?? '';
      if (plan && plan.path.test(line)) {
        armed = { afterBytes: plan.afterBytes };
        plan = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (armed) {
        passed += chunk.length;
        if (passed > armed.afterBytes) return cut();
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    url: `unix://${path}`,
    cutNext: (cutPath, afterBytes) => (plan = { path: cutPath, afterBytes }),
    cuts: () => cutCount,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
