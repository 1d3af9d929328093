import type { Approval } from '../runbook/schema.js';
import type { StepResult } from './compile.js';

/** What a front end (the CLI's live view, the server's metrics) hears from a run. All optional. */
export interface RunObserver {
  phaseEntered?(phase: string): void;
  stepStarted?(stepId: string, action: string, params: unknown, attempt: number): void;
  stepFinished?(stepId: string, result: StepResult, durationMs: number): void;
  stepFailed?(stepId: string, message: string, willRetry: boolean): void;
  progress?(stepId: string, done: number, total?: number, label?: string): void;
  /** A gate waits for a decision; `visit` is which entry into the step it waits on (a loop asks again). */
  gateWaiting?(stepId: string, approval: Approval, visit: number): void;
  /** An alert-opened run reached a step not marked `auto`: a human must take over. */
  humanNeeded?(stepId: string, action: string): void;
  /** Rollback undid a finished step (or failed to: `error`). */
  stepUndone?(stepId: string, action: string, error?: string): void;
  /** A gate nobody decided in time was escalated to `notify`. */
  escalated?(stepId: string, notify: unknown, after: unknown): void;
}
