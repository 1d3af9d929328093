import pino from 'pino';
import type { z } from 'zod';
import type {
  ActionContext,
  ActionDefinition,
  ActionServices,
  CustodyAppender,
  CustodyEntry,
  EvidenceWriter,
  ProgressReporter,
} from '../../src/actions/contract.js';
import { DockerHosts, type DockerHostsConfig } from '../../src/docker/hosts.js';
import { openStore } from '../../src/schema.js';

/** A custody ledger that keeps what it is given, in order, for assertions. */
export class RecordingCustody implements CustodyAppender {
  readonly entries: CustodyEntry[] = [];
  record(entry: CustodyEntry): { seq: number; hash: string } {
    this.entries.push(structuredClone(entry));
    return { seq: this.entries.length, hash: `fake-hash-${this.entries.length}` };
  }
  recordAll(entries: readonly CustodyEntry[]): { seq: number; hash: string }[] {
    return entries.map((entry) => this.record(entry));
  }
  recordDurably(entry: CustodyEntry): Promise<{ seq: number; hash: string }> {
    return Promise.resolve(this.record(entry));
  }
}

/** For actions that must not capture evidence: any use is a test failure. */
export const unusedEvidence: EvidenceWriter = {
  capture() {
    throw new Error('this action was not expected to capture evidence (the test context has no evidence store)');
  },
  batch() {
    throw new Error('this action was not expected to capture evidence (the test context has no evidence store)');
  },
  notCaptured() {
    throw new Error('this action was not expected to capture evidence (the test context has no evidence store)');
  },
};

export interface TestContext<P> extends ActionContext<P> {
  readonly abort: AbortController;
  readonly recorded: CustodyEntry[]; // what the context's RecordingCustody received ([] with a custom custody)
  close(): void;
}

export interface TestContextOptions {
  incidentId?: string;
  stepId?: string;
  attempt?: number;
  visit?: number;
  actor?: string;
  services?: Partial<ActionServices>;
  /** Docker hosts config: by default only "local", which is the test engine's DOCKER_HOST. */
  hosts?: DockerHostsConfig;
  custody?: CustodyAppender;
  evidence?: EvidenceWriter;
  progress?: ProgressReporter;
}

/**
 * An ActionContext for calling `action.run(ctx)` / `action.undo(ctx, done)` directly: a throwaway
 * in-memory SQLite, Docker hosts for the test engine, a custody fake that records entries, and an
 * evidence writer that refuses use. `params` are given already parsed (use action.params.parse).
 */
export function makeActionContext<P>(params: P, options: TestContextOptions = {}): TestContext<P> {
  const ownsDb = options.services?.db === undefined;
  const db = options.services?.db ?? openStore(':memory:');
  const custody = options.custody ?? new RecordingCustody();
  const abort = new AbortController();
  const services: ActionServices = {
    db,
    evidenceDir: options.services?.evidenceDir ?? '/nonexistent/irctl-test-evidence',
    docker: options.services?.docker ?? new DockerHosts(options.hosts ?? { hosts: {} }),
    ...(options.services?.config ? { config: options.services.config } : {}),
  };
  return {
    params,
    incidentId: options.incidentId ?? 'inc-test',
    stepId: options.stepId ?? 'step-test',
    attempt: options.attempt ?? 1,
    visit: options.visit ?? 1,
    actor: options.actor ?? 'test-responder',
    services,
    evidence: options.evidence ?? unusedEvidence,
    custody,
    recorded: custody instanceof RecordingCustody ? custody.entries : [],
    log: pino({ level: process.env.IRCTL_LOG_LEVEL ?? 'silent' }),
    signal: abort.signal,
    abort,
    progress: options.progress ?? { update() {} },
    close() {
      if (ownsDb) db.close();
    },
  };
}

/** A context for `action` with `rawParams` parsed (and defaulted) by the action's own schema. */
export function contextFor<S extends z.ZodType>(
  action: ActionDefinition<S>,
  rawParams: z.input<S>,
  options: TestContextOptions = {},
): TestContext<z.output<S>> {
  return makeActionContext(action.params.parse(rawParams) as z.output<S>, options);
}
