import type { Alert, ParsedNotification } from '../alerts/alert.js';
import { apiKeyIsLive, keyStandingOf } from '../auth/keys.js';
import { addTimeline } from '../engine/incidents.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { writeDurably, writeUnsynced } from '../store/db.js';
import type { Migration } from '../store/migrations.js';
import { linkAlert, OPEN_FOR_DEDUPE } from './alert-links.js';
import type { RequestIdentity } from './auth/identity.js';
import { takeNotification, type AlertOutcome, type AlertReport, type AlertSender, type IntakeDeps, type IntakeResult } from './intake.js';
import type { KeyRateLimiter } from './key-rate-limit.js';

// Alerts an authenticated key sent above its capacity (server.requests_per_minute_per_key), held
// until the key's bucket has room again. Persisted, so a restart drains what was queued; one row
// per distinct alert (a duplicate folds into the queued row); bounded per key
// (server.alert_queue_per_key), and only past that bound is anything refused.
export const alertQueueSchema: Migration[] = [
  {
    id: 'server-alert-queue-1',
    sql: `
CREATE TABLE server_alert_queue (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sender TEXT NOT NULL,               -- the authenticated actor (fingerprints are namespaced by it)
  scope TEXT,                         -- the key's own scope rules (JSON) when it had any
  source TEXT NOT NULL,
  status TEXT NOT NULL,               -- firing | resolved
  fingerprint TEXT NOT NULL,
  alert TEXT NOT NULL,                -- the parsed alert (JSON), as intake takes it
  truncated_alerts INTEGER NOT NULL DEFAULT 0,
  folded INTEGER NOT NULL DEFAULT 0,  -- duplicates that arrived while this one waited
  queued_at INTEGER NOT NULL          -- epoch ms
);
CREATE UNIQUE INDEX server_alert_queue_fingerprint ON server_alert_queue(sender, source, status, fingerprint);
CREATE INDEX server_alert_queue_sender ON server_alert_queue(sender, seq);
`,
  },
  {
    // which credential queued a row, checked again when it drains: a key revoked meanwhile opens
    // nothing. A row queued before this has NULL here (see dropUnvouched for what becomes of it).
    // A duplicate folds only into a row of the same key, so a revoked key's row never swallows a
    // live key's alert.
    id: 'server-alert-queue-2',
    sql: `
ALTER TABLE server_alert_queue ADD COLUMN via TEXT;     -- api-key | hmac | insecure-no-auth
ALTER TABLE server_alert_queue ADD COLUMN key_id TEXT;  -- the API key's id (never the key) when via = api-key
DROP INDEX server_alert_queue_fingerprint;
CREATE UNIQUE INDEX server_alert_queue_fingerprint ON server_alert_queue(sender, source, status, fingerprint, IFNULL(key_id, ''));
CREATE INDEX server_alert_queue_credential ON server_alert_queue(via, key_id, sender);
`,
  },
];

interface QueueRow {
  seq: number;
  sender: string;
  via: QueueCredential['via'] | null;
  key_id: string | null;
  scope: string | null;
  source: string;
  status: string;
  fingerprint: string;
  alert: string;
  truncated_alerts: number;
  folded: number;
  queued_at: number;
}

/** The credential a request came with (its API key's id, never the key): what queued an alert must still be valid when it drains. */
export type QueueCredential = Pick<RequestIdentity, 'via' | 'key'>;

/** The sender and credential of an alert waiting to be written to the queue. */
interface QueueSender extends AlertSender {
  via: QueueCredential['via'];
  keyId: string | null;
}

/** What the alert route answers from: intake's result, and how many alerts the full queue refused. */
export type TakeResult = IntakeResult & { refusedForQueue: number };

/** What an alert that went to the queue became, as the reply lists it. */
export type QueuedOutcome = Extract<AlertOutcome, { result: 'queued' | 'folded' | 'refused' }> | { result: 'joined'; runbook: string; incidentId: string };

export interface AlertQueueOptions {
  intake: IntakeDeps;
  limiter: KeyRateLimiter;
  /** Alerts one key may have queued. */
  perKey: number;
  log: Logger;
}

/** Rows drained for one sender at a time, at most (each still costs one token). */
const DRAIN_BATCH = 8;

/**
 * The intake in front of `takeNotification` for authenticated keys: within the key's capacity an
 * alert request goes straight to intake; above it (or while the key already has alerts waiting, so
 * order is kept) each alert folds into a duplicate (a queued alert, or an open incident, with the
 * same sender-namespaced fingerprint) or is queued; only when the key's queue is full is an alert
 * refused (`queue_full`, 429 + Retry-After when every alert was). The queue drains at the key's
 * capacity rate into normal intake: dedupe, scope, pre-checks and budgets apply as if the alert had
 * just arrived. A row is deleted after intake took it, so a crash in between takes it again (joined,
 * as a duplicate of what it opened): at least once, never lost.
 */
export class AlertQueue {
  private readonly db: Db;
  private pumping?: Promise<void>;
  /** Notifications waiting for the next group commit, and how many per sender (they keep the sender's order). */
  private readonly pending: { notification: ParsedNotification; sender: QueueSender; resolve: (result: TakeResult) => void; reject: (error: Error) => void }[] =
    [];
  private readonly pendingSenders = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: AlertQueueOptions) {
    this.db = options.intake.services.db;
    options.intake.metrics.alertQueueDepth.set(this.depth());
  }

  /** Alerts queued (for one sender, or all). */
  depth(sender?: string): number {
    const row = (
      sender === undefined
        ? this.db.prepare('SELECT COUNT(*) AS n FROM server_alert_queue').get()
        : this.db.prepare('SELECT COUNT(*) AS n FROM server_alert_queue WHERE sender = ?').get(sender)
    ) as { n: number };
    return row.n;
  }

  /** Whether the sender has alerts queued: asked on every request, so it stops at the first row instead of counting. */
  private hasQueued(sender: string): boolean {
    return this.db.prepare('SELECT 1 FROM server_alert_queue WHERE sender = ? LIMIT 1').get(sender) !== undefined;
  }

  /**
   * Take a notification from an authenticated key: straight to intake within capacity, else queue it
   * with the credential it came with (checked again when it drains).
   */
  async take(notification: ParsedNotification, sender: AlertSender, credential: QueueCredential): Promise<TakeResult> {
    const cost = Math.max(1, notification.alerts.length);
    if (!this.pendingSenders.has(sender.actor) && !this.hasQueued(sender.actor) && this.options.limiter.tryTake(sender.actor, cost)) {
      return { ...(await takeNotification(this.options.intake, notification, sender)), refusedForQueue: 0 };
    }
    return this.enqueue(notification, { ...sender, via: credential.via, keyId: credential.key?.id ?? null });
  }

  /** Seconds until `count` more alerts of `sender` fit in its queue (the drain rate is the capacity). */
  retryAfterSeconds(count: number): number {
    return Math.max(1, Math.ceil((count * 60) / this.options.limiter.perMinute));
  }

  /**
   * Queue a notification. Requests that arrive in the same turn of the event loop are written in
   * one transaction, synced off the event loop (one fsync for all of them, shared with the running
   * incidents' commits), and each is answered once it is durable: a flood above capacity does not
   * stall the loop the running incidents need.
   */
  private enqueue(notification: ParsedNotification, sender: QueueSender): Promise<TakeResult> {
    return new Promise<TakeResult>((resolve, reject) => {
      this.pending.push({ notification, sender, resolve, reject });
      this.pendingSenders.set(sender.actor, (this.pendingSenders.get(sender.actor) ?? 0) + 1);
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    this.pendingSenders.clear();
    const now = Date.now();
    let results: TakeResult[];
    try {
      results = await writeDurably(this.db, () => {
        const depths = new Map<string, number>();
        return batch.map(({ notification, sender }) => {
          let depth = depths.get(sender.actor) ?? this.depth(sender.actor);
          let refusedForQueue = 0;
          let truncatedAlerts = notification.truncatedAlerts; // noted once, with the first alert queued
          const alerts: AlertReport[] = [];
          for (const alert of notification.alerts) {
            const outcome = this.foldOrQueue(alert, sender, now, depth, truncatedAlerts);
            if (outcome.result === 'queued') {
              depth += 1;
              truncatedAlerts = 0;
            }
            if (outcome.result === 'refused') refusedForQueue += 1;
            alerts.push({ rule: alert.rule, status: alert.status, fingerprint: alert.fingerprint, container: alert.container, outcomes: [outcome] });
          }
          depths.set(sender.actor, depth);
          return { alerts, truncatedAlerts: notification.truncatedAlerts, refusedForQueue };
        });
      });
    } catch (error) {
      for (const { reject } of batch) reject(error as Error);
      return;
    } finally {
      // a failed sync comes after the commit: what it queued still drains
      this.options.intake.metrics.alertQueueDepth.set(this.depth());
      this.wake();
    }
    batch.forEach(({ notification, sender, resolve }, i) => {
      this.noteOutcomes(notification, sender, results[i]!);
      resolve(results[i]!);
    });
  }

  /** Metrics and one log line per alert that went to the queue. */
  private noteOutcomes(notification: ParsedNotification, sender: AlertSender, result: TakeResult): void {
    const { intake, log } = this.options;
    const source = notification.source;
    for (const report of result.alerts) {
      const outcome = report.outcomes[0]!;
      if (outcome.result === 'refused') intake.metrics.alertsUnstarted.inc({ source, reason: 'queue_full' });
      else if (outcome.result === 'queued') intake.metrics.alertsQueued.inc({ source, outcome: 'queued' });
      else {
        intake.metrics.alertsQueued.inc({ source, outcome: 'folded' });
        intake.metrics.alertsDeduplicated.inc({ source });
      }
      const fields = {
        event: 'alert',
        source,
        rule: report.rule,
        fingerprint: report.fingerprint,
        sender: sender.actor,
        container: report.container,
        ...outcome,
      };
      if (outcome.result === 'refused') log.warn(fields, 'alert refused: queue_full');
      else log.info(fields, `alert ${outcome.result}`);
    }
  }

  /** Inside the enqueue transaction: fold into a queued duplicate or an open incident, else queue if there is room. */
  private foldOrQueue(alert: Alert, sender: QueueSender, now: number, depth: number, truncatedAlerts: number): QueuedOutcome {
    const { intake, perKey } = this.options;
    const queued = this.db
      .prepare('SELECT seq FROM server_alert_queue WHERE sender = ? AND source = ? AND status = ? AND fingerprint = ? AND key_id IS ?')
      .get(sender.actor, alert.source, alert.status, alert.fingerprint, sender.keyId) as { seq: number } | undefined;
    if (queued) {
      this.db.prepare('UPDATE server_alert_queue SET folded = folded + 1 WHERE seq = ?').run(queued.seq);
      return { result: 'folded', into: 'queue' };
    }
    if (alert.status === 'firing') {
      // the same alert from the same sender that opened an incident still open: join it now (no work runs)
      const open = this.db
        .prepare(
          `SELECT a.incident_id, a.runbook_name, a.target FROM server_alerts a JOIN incidents i ON i.id = a.incident_id
           WHERE a.source = ? AND a.fingerprint = ? AND a.sender = ? AND a.outcome = 'opened' AND a.received_at >= ?
             AND i.status IN (${OPEN_FOR_DEDUPE.map((status) => `'${status}'`).join(', ')})
           ORDER BY a.seq DESC LIMIT 1`,
        )
        .get(alert.source, alert.fingerprint, sender.actor, now - intake.dedupeWindowMs) as
        { incident_id: string; runbook_name: string; target: string | null } | undefined;
      if (open) {
        linkAlert(this.db, {
          incidentId: open.incident_id,
          alert,
          runbook: open.runbook_name,
          target: open.target ?? undefined,
          outcome: 'joined',
          receivedAt: now,
          sender: sender.actor,
        });
        addTimeline(this.db, open.incident_id, 'alert_joined', {
          actor: sender.actor,
          detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint, folded: true },
        });
        return { result: 'joined', runbook: open.runbook_name, incidentId: open.incident_id };
      }
    }
    if (depth >= perKey) {
      return {
        result: 'refused',
        runbook: '',
        reason: 'queue_full',
        message: `${sender.actor} has ${depth} alerts queued above its capacity, the most one key may (server.alert_queue_per_key)`,
      };
    }
    this.db
      .prepare(
        'INSERT INTO server_alert_queue (sender, via, key_id, scope, source, status, fingerprint, alert, truncated_alerts, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        sender.actor,
        sender.via,
        sender.keyId,
        sender.scope ? JSON.stringify(sender.scope) : null,
        alert.source,
        alert.status,
        alert.fingerprint,
        JSON.stringify(alert),
        truncatedAlerts,
        now,
      );
    return { result: 'queued', position: depth + 1 };
  }

  /** Drain what is due now, and arm a timer for the next token; called on start, on enqueue and by the timer. */
  wake(): void {
    if (this.closed || this.pumping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  /** Stop draining (server shutdown); what is queued stays for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping;
  }

  private async pump(): Promise<void> {
    const { limiter, log } = this.options;
    while (!this.closed) {
      this.dropUnvouched();
      const heads = this.db.prepare('SELECT sender, MIN(seq) AS seq FROM server_alert_queue GROUP BY sender ORDER BY seq').all() as { sender: string }[];
      if (heads.length === 0) return;
      const due: QueueRow[] = [];
      let wait = Number.POSITIVE_INFINITY;
      for (const { sender } of heads) {
        let taken = 0;
        while (taken < DRAIN_BATCH && limiter.tryTake(sender)) taken += 1;
        if (taken === 0) {
          wait = Math.min(wait, limiter.msUntil(sender));
          continue;
        }
        due.push(...(this.db.prepare('SELECT * FROM server_alert_queue WHERE sender = ? ORDER BY seq LIMIT ?').all(sender, taken) as QueueRow[]));
      }
      if (due.length === 0) {
        this.timer = setTimeout(() => this.wake(), Math.max(1, wait));
        return;
      }
      await Promise.all(
        due.map(async (row) => {
          try {
            await this.drainOne(row);
          } catch (error) {
            log.error(
              { event: 'alert_queue_error', sender: row.sender, fingerprint: row.fingerprint, error: (error as Error).message },
              'a queued alert could not be taken in',
            );
          }
        }),
      );
      // the rows this round took in, gone in one transaction; unsynced: intake synced what they became,
      // and a row a power cut brings back is taken in again (joined to its incident while that is
      // open, else judged afresh): at least once, never lost
      writeUnsynced(this.db, () => {
        const remove = this.db.prepare('DELETE FROM server_alert_queue WHERE seq = ?');
        for (const row of due) remove.run(row.seq);
      });
      this.options.intake.metrics.alertQueueDepth.set(this.depth());
    }
  }

  /**
   * Before each round: drop, without taking them in or spending the sender's capacity, the rows
   * whose credential can no longer send. The key is looked up in the store now, not remembered:
   * `irctl keys revoke` runs in another process. A row queued before the key id was recorded
   * (via NULL) is kept only while its sender still has a working key and none of its keys was
   * revoked since the row was queued (the revoked one may have queued it); otherwise it is dropped
   * too: fail closed. HMAC-signed and --insecure-no-auth rows have nothing in the store to revoke.
   */
  private dropUnvouched(): void {
    const credentials = this.db.prepare('SELECT DISTINCT via, key_id, sender FROM server_alert_queue').all() as Pick<QueueRow, 'via' | 'key_id' | 'sender'>[];
    for (const { via, key_id: keyId, sender } of credentials) {
      if (via === 'api-key' && (keyId === null || !apiKeyIsLive(this.db, keyId))) {
        this.dropRows({ sender, keyId, reason: 'key_revoked' }, 'via = ? AND key_id IS ?', [via, keyId]);
      } else if (via === null) {
        const standing = keyStandingOf(this.db, sender);
        const queuedUpTo = standing.liveKeys === 0 ? Number.MAX_SAFE_INTEGER : (standing.lastRevokedMs ?? -1);
        this.dropRows({ sender, keyId: null, reason: 'key_unknown' }, 'via IS NULL AND sender = ? AND queued_at <= ?', [sender, queuedUpTo]);
      }
    }
  }

  /** Delete the queued rows `where` picks, in one transaction, then count and log them (one line per credential). */
  private dropRows(
    credential: { sender: string; keyId: string | null; reason: 'key_revoked' | 'key_unknown' },
    where: string,
    params: (string | number | null)[],
  ): void {
    const bySource = writeUnsynced(this.db, () => {
      const counts = this.db.prepare(`SELECT source, COUNT(*) AS n FROM server_alert_queue WHERE ${where} GROUP BY source`).all(...params) as {
        source: string;
        n: number;
      }[];
      this.db.prepare(`DELETE FROM server_alert_queue WHERE ${where}`).run(...params);
      return counts;
    });
    if (bySource.length === 0) return;
    const { intake, log } = this.options;
    for (const { source, n } of bySource) intake.metrics.alertsUnstarted.inc({ source, reason: credential.reason }, n);
    intake.metrics.alertQueueDepth.set(this.depth());
    log.warn(
      {
        event: 'alert_queue_dropped',
        security: true,
        sender: credential.sender,
        key_id: credential.keyId,
        reason: credential.reason,
        dropped: bySource.reduce((sum, { n }) => sum + n, 0),
      },
      credential.reason === 'key_revoked'
        ? 'queued alerts dropped: the API key that queued them is revoked or gone'
        : 'queued alerts dropped: queued before the key was recorded, and a key of their sender was revoked since (or none works)',
    );
  }

  private async drainOne(row: QueueRow): Promise<void> {
    const alert = JSON.parse(row.alert) as Alert;
    const sender: AlertSender = { actor: row.sender, ...(row.scope ? { scope: JSON.parse(row.scope) as AlertSender['scope'] } : {}) };
    const result = await takeNotification(
      this.options.intake,
      { source: alert.source, alerts: [alert], skipped: [], truncatedAlerts: row.truncated_alerts },
      sender,
    );
    this.options.log.info(
      {
        event: 'alert_dequeued',
        sender: row.sender,
        fingerprint: row.fingerprint,
        folded: row.folded,
        waited_ms: Date.now() - row.queued_at,
        outcomes: result.alerts[0]?.outcomes,
      },
      'a queued alert was taken in',
    );
  }
}
