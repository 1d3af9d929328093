import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/db.js';
import { CONSOLE_CSP } from './layout.js';

const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;

/**
 * What changed for a page, as one string: the list watches every incident and the timeline, an
 * incident page its own row, timeline and custody records. A decision made anywhere (CLI, API,
 * another browser) lands in these tables, so polling them sees it, like the runner's own poll.
 */
export function versionOf(db: Db, incidentId: string | undefined): string {
  if (!incidentId) {
    const row = db.prepare("SELECT (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM incidents) || '|' || (SELECT IFNULL(MAX(seq), 0) FROM timeline) AS v").get() as { v: string };
    return row.v;
  }
  const row = db
    .prepare(
      `SELECT IFNULL((SELECT updated_at FROM incidents WHERE id = @id), '') || '|' ||
              (SELECT IFNULL(MAX(seq), 0) FROM timeline WHERE incident_id = @id) || '|' ||
              (SELECT COUNT(*) FROM custody_records WHERE incident_id = @id) AS v`,
    )
    .get({ id: incidentId }) as { v: string };
  return row.v;
}

/** The open event streams, ended when the server closes so it does not wait on them. */
export class EventStreams {
  private readonly open = new Set<() => void>();

  /** Send `changed` whenever the page's version moves; a comment now and then keeps proxies from closing the stream. */
  serve(request: FastifyRequest, reply: FastifyReply, db: Db, incidentId: string | undefined): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CONSOLE_CSP,
      'x-accel-buffering': 'no', // nginx: pass events through as they come
    });
    let last = versionOf(db, incidentId);
    let quietFor = 0;
    raw.write('retry: 3000\n\n');
    const timer = setInterval(() => {
      try {
        const now = versionOf(db, incidentId);
        if (now !== last) {
          last = now;
          quietFor = 0;
          raw.write(`event: changed\ndata: ${Date.now()}\n\n`);
        } else if ((quietFor += POLL_MS) >= HEARTBEAT_MS) {
          quietFor = 0;
          raw.write(': still here\n\n');
        }
      } catch (error) {
        request.log.warn({ error: (error as Error).message }, 'console event stream stopped');
        end();
      }
    }, POLL_MS);
    const end = () => {
      clearInterval(timer);
      this.open.delete(end);
      if (!raw.writableEnded) raw.end();
    };
    this.open.add(end);
    request.raw.on('close', end);
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
