import type { z } from 'zod';
import type { Db } from '../store/db.js';
import type { Logger } from '../log.js';

export type Phase = 'containment' | 'evidence' | 'investigation' | 'recovery' | 'notify' | 'core';
export const PHASES = ['containment', 'evidence', 'investigation', 'recovery'] as const;
export type RunPhase = (typeof PHASES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What one custody record says; the ledger adds seq, incident, time, prev hash and hash. */
export interface CustodyEntry {
  act: string; // acquired | verified | approved | rejected | transferred | exported | contained | released | …
  actor: string;
  subject: string; // what the act was about: a container id, an evidence id, a step
  where?: Record<string, JsonValue>; // Docker host, engine version, full container id, image digest
  how?: Record<string, JsonValue>; // action, parameters, exit status
  artifact?: { sha256: string; size: number; location: string; evidenceId?: string };
  details?: Record<string, JsonValue>;
}

/** The ledger as an action sees it: bound to the incident. */
export interface CustodyAppender {
  record(entry: CustodyEntry): { seq: number; hash: string };
}

export interface CaptureRequest {
  name: string; // file name inside the incident's evidence folder, e.g. "logs-web.txt"
  kind: string; // logs | inspect | processes | network | diff | files | image | export | host-command | …
  mediaType?: string;
  source: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;
  subject: string; // what it was captured from (container id, host command)
  where?: Record<string, JsonValue>;
  how?: Record<string, JsonValue>;
}

export interface CapturedEvidence {
  evidenceId: string;
  path: string;
  sha256: string;
  size: number;
}

/** The evidence store as an action sees it: bound to the incident, step and actor. */
export interface EvidenceWriter {
  capture(request: CaptureRequest): Promise<CapturedEvidence>;
  /** Many small captures made durable together (one fsync round, one transaction): see EvidenceBatch. */
  batch(): EvidenceBatch;
  /** Paths the step did not capture (over budget, missing, not a file), kept in the manifest and the ledger. */
  notCaptured(entry: { subject: string; reason: string; paths: string[]; where?: Record<string, JsonValue>; how?: Record<string, JsonValue> }): void;
}

/**
 * Captures staged one after another (each streamed and hashed into a temp file), then committed
 * at once: files fsynced together, rows and `acquired` records in one transaction. Nothing staged
 * is evidence until commit returns.
 */
export interface EvidenceBatch {
  add(request: CaptureRequest): Promise<void>;
  readonly staged: number;
  readonly stagedBytes: number;
  commit(): Promise<CapturedEvidence[]>;
  /** Remove what is staged (a failure elsewhere); safe to call after commit. */
  discard(): Promise<void>;
}

/** Progress of a long step (bytes of an export, say), shown by the CLI as a bar. */
export interface ProgressReporter {
  update(done: number, total?: number, label?: string): void;
}

export interface ActionContext<P> {
  readonly params: P; // parsed and defaulted by the action's schema, never raw YAML
  readonly incidentId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly actor: string; // who the run acts for (initiator or automation identity)
  readonly services: ActionServices;
  readonly evidence: EvidenceWriter;
  readonly custody: CustodyAppender;
  readonly log: Logger;
  readonly signal: AbortSignal; // aborted when the step's state exits (timeout, abort)
  readonly progress: ProgressReporter;
}

/** Long-lived things an action may need. Kept as a small interface so unit tests can fake it. */
export interface ActionServices {
  readonly db: Db;
  readonly evidenceDir: string;
  readonly docker: import('../docker/hosts.js').DockerHosts;
}

export type ActionOutcome =
  | { kind: 'done'; summary: string; outputs?: Record<string, JsonValue>; evidenceIds?: string[] }
  | { kind: 'skipped'; reason: string }; // failures are thrown IrctlErrors

export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: `${string}.${string}`; // 'docker.pause'
  readonly phase: Phase;
  readonly summary: string; // one line, shown in `irctl actions list` and the schema
  readonly params: S;
  readonly idempotent: boolean; // false ⇒ after a crash mid-step a human decides retry or skip
  readonly auto: boolean; // may run without a human (alert-triggered)
  readonly requires: readonly string[]; // Docker API capabilities, e.g. 'network.disconnect'
  readonly example: string; // a YAML step; the registry contract test parses it
  check?(ctx: ActionContext<z.output<S>>): Promise<void>; // preconditions only, no side effects
  run(ctx: ActionContext<z.output<S>>): Promise<ActionOutcome>;
  undo?(ctx: ActionContext<z.output<S>>, done: ActionOutcome & { kind: 'done' }): Promise<void>;
}

/** Identity function that fixes the generic types so `run` sees parsed params. */
export function defineAction<S extends z.ZodType>(definition: ActionDefinition<S>): ActionDefinition<S> {
  return definition;
}
