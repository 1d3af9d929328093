import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../log.js';
import type { Runbook } from '../runbook/schema.js';
import type { ServerMetrics } from './metrics.js';

/** The part of a dockerode client the watcher uses. */
export interface DockerEventsSource {
  getEvents(options: { filters?: Record<string, string[]>; since?: number }): Promise<NodeJS.ReadableStream>;
}

export interface WatcherOptions {
  docker: DockerEventsSource;
  /** One decoded event; errors thrown here are counted and logged, the stream goes on. */
  onEvent(event: unknown): void;
  metrics: ServerMetrics;
  log: Logger;
  filters?: Record<string, string[]>;
  /** First and longest wait between reconnects. */
  backoffMs?: { initial: number; max: number };
}

/**
 * The Docker /events filters the runbooks need: container events, narrowed to the actions their
 * docker triggers name. Undefined when no runbook has a docker trigger (then nothing is watched).
 */
export function eventFiltersFor(runbooks: readonly Runbook[]): Record<string, string[]> | undefined {
  const triggers = runbooks.flatMap((runbook) => runbook.triggers.filter((trigger) => trigger.source === 'docker'));
  if (triggers.length === 0) return undefined;
  if (triggers.some((trigger) => trigger.event === undefined)) return { type: ['container'] };
  return { type: ['container'], event: [...new Set(triggers.map((trigger) => trigger.event!))] };
}

/**
 * Reads the engine's event stream (JSON lines) and hands each event on. When the stream ends or
 * fails (daemon restart), it opens it again with a growing pause, asking for events since the last
 * one seen so none is lost across the gap (a repeat is harmless: dedupe joins it).
 */
export class DockerEventsWatcher {
  private stopped = false;
  private stream?: NodeJS.ReadableStream;
  private lastEventSeconds?: number;
  private loop?: Promise<void>;
  private connectedOnce!: () => void;
  /** Resolves once the first stream is open. */
  readonly ready = new Promise<void>((resolve) => (this.connectedOnce = resolve));

  constructor(private readonly options: WatcherOptions) {}

  start(): void {
    this.lastEventSeconds ??= Math.floor(Date.now() / 1000);
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    (this.stream as (NodeJS.ReadableStream & { destroy?(): void }) | undefined)?.destroy?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const backoff = this.options.backoffMs ?? { initial: 250, max: 5_000 };
    let wait = backoff.initial;
    let first = true;
    while (!this.stopped) {
      try {
        const stream = await this.options.docker.getEvents({ filters: this.options.filters, since: this.lastEventSeconds });
        this.stream = stream;
        if (!first) this.options.metrics.dockerWatcherReconnects.inc();
        first = false;
        wait = backoff.initial;
        this.connectedOnce();
        await this.consume(stream);
        if (!this.stopped) this.options.log.warn('the Docker events stream ended (daemon restart?); reconnecting');
      } catch (error) {
        if (this.stopped) break;
        this.options.log.warn({ error: (error as Error).message, retryInMs: wait }, 'cannot read Docker events; retrying');
      }
      if (this.stopped) break;
      await delay(wait);
      wait = Math.min(wait * 2, backoff.max);
    }
  }

  private consume(stream: NodeJS.ReadableStream): Promise<void> {
    return new Promise((resolve, reject) => {
      let buffered = '';
      stream.on('data', (chunk: Buffer | string) => {
        buffered += chunk.toString();
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) this.handleLine(line);
        }
      });
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', (error: Error) => (this.stopped ? resolve() : reject(error)));
    });
  }

  private handleLine(line: string): void {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      this.options.metrics.dockerEvents.inc({ outcome: 'unreadable' });
      return;
    }
    const time = (event as { time?: unknown }).time;
    if (typeof time === 'number' && Number.isFinite(time)) this.lastEventSeconds = Math.max(this.lastEventSeconds ?? 0, time);
    try {
      this.options.onEvent(event);
      this.options.metrics.dockerEvents.inc({ outcome: 'handled' });
    } catch (error) {
      this.options.metrics.dockerEvents.inc({ outcome: 'rejected' });
      this.options.log.warn({ error: (error as Error).message }, 'a Docker event could not be used');
    }
  }
}
