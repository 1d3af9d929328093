import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * At most `limit` open connections per client address: one client opening sockets and trickling
 * cannot take every file descriptor. A connection over the cap is closed at once.
 */
export function capConnectionsPerAddress(server: Server, limit: number, onRefused: (address: string) => void): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limit) {
      onRefused(address);
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
