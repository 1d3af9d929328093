import type { z } from 'zod';
import type { Db } from '../store/db.js';
import type { Logger } from '../log.js';
import type { JsonValue } from '../json.js';
import type { CustodyAppender } from '../custody/ledger.js';
import type { EvidenceWriter } from '../evidence/store.js';

// The types an action sees of the layers below, owned there and named here too so an action
// module needs one import.
export type { JsonValue } from '../json.js';
export type { CustodyAppender, CustodyEntry } from '../custody/ledger.js';
export type { CaptureRequest, CapturedEvidence, EvidenceBatch, EvidenceWriter } from '../evidence/store.js';

export type Phase = 'containment' | 'evidence' | 'investigation' | 'recovery' | 'notify' | 'core';
export const PHASES = ['containment', 'evidence', 'investigation', 'recovery'] as const;

/** Progress of a long step (bytes of an export, say), shown by the CLI as a bar. */
export interface ProgressReporter {
  update(done: number, total?: number, label?: string): void;
}

export interface ActionContext<P> {
  readonly params: P; // parsed and defaulted by the action's schema, never raw YAML
  readonly incidentId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly visit: number; // which entry into the step this is (loops enter a step again); write-ahead records are per visit
  readonly actor: string; // who the run acts for (initiator or automation identity)
  /** An alert-opened incident's scope: containers outside it are refused where a step resolves them. */
  readonly scope?: import('../docker/scope.js').IncidentScope;
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
  /** The config file's settings actions read (firewall.block's allow-list); absent in bare contexts. */
  readonly config?: Pick<import('../config.js').Config, 'block'>;
}

export type ActionOutcome =
  { kind: 'done'; summary: string; outputs?: Record<string, JsonValue>; evidenceIds?: string[] } | { kind: 'skipped'; reason: string }; // failures are thrown IrctlErrors

export interface ActionDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: `${string}.${string}`; // 'docker.pause'
  readonly phase: Phase;
  readonly summary: string; // one line, shown in `irctl actions list` and the schema
  readonly params: S;
  /**
   * false ⇒ after a crash mid-step a human decides retry or skip. true ⇒ a re-run must be safe,
   * which for an action that changes engine state means the write-ahead rule: before its first
   * state-changing engine call it records an `intent` custody record holding everything its undo
   * needs (src/actions/write-ahead.ts), and a re-run acts from that record, never from the
   * container's current (already changed) state.
   */
  readonly idempotent: boolean;
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
