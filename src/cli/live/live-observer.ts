import type { RunObserver } from '../../engine/observer.js';
import { color, type Output } from '../output.js';
import { formatBytes, formatElapsed, progressBar, SPINNER_FRAMES } from './format.js';
import { statusLine, type StatusLine } from './status-line.js';

export interface LiveView {
  observer: RunObserver;
  /** Hide the status line (before a prompt) — it comes back with the next step. */
  pause(): void;
  stop(): void;
}

interface Current {
  stepId: string;
  action: string;
  startedAt: number;
  progress?: { done: number; total?: number; label?: string };
}

/**
 * Live progress for a terminal: the finished lines of the plain view, plus one redrawn line with
 * the phase and step — a spinner for short steps, a bar with bytes and rate once a step reports
 * progress (evidence captures).
 */
export function liveView(plain: (output: Output) => RunObserver, output: Output, stream: NodeJS.WriteStream = process.stderr): LiveView {
  const line: StatusLine = statusLine(stream);
  const printed = plain({ ...output, err: (text) => line.print(text) });
  let phase = '';
  let current: Current | undefined;
  let frame = 0;

  const render = () => {
    if (!current) return '';
    const elapsed = Date.now() - current.startedAt;
    const where = `${color.dim(phase)} ${color.bold(current.stepId)} ${color.dim(current.action)}`;
    const p = current.progress;
    if (!p) return `  ${color.cyan(SPINNER_FRAMES[frame++ % SPINNER_FRAMES.length])} ${where}  ${color.dim(formatElapsed(elapsed))}`;
    const rate = elapsed > 0 ? (p.done * 1000) / elapsed : 0;
    const amount = p.total ? `${formatBytes(p.done)} / ${formatBytes(p.total)}` : formatBytes(p.done);
    const bar = p.total ? `${progressBar(p.done, p.total)} ` : '';
    return `  ${where}  ${bar}${amount}  ${formatBytes(rate)}/s${p.label ? color.dim(`  ${p.label}`) : ''}`;
  };

  const observer: RunObserver = {
    ...printed,
    phaseEntered: (name) => {
      phase = name;
      printed.phaseEntered?.(name);
    },
    stepStarted: (stepId, action, params, attempt) => {
      printed.stepStarted?.(stepId, action, params, attempt);
      current = { stepId, action, startedAt: Date.now() };
      line.set(render);
    },
    stepFinished: (stepId, result, ms) => {
      if (current?.stepId === stepId) current = undefined;
      line.clear();
      printed.stepFinished?.(stepId, result, ms);
    },
    stepFailed: (stepId, message, willRetry) => {
      if (current?.stepId === stepId && !willRetry) current = undefined;
      printed.stepFailed?.(stepId, message, willRetry);
    },
    progress: (stepId, done, total, label) => {
      if (current?.stepId === stepId) current.progress = { done, total, label };
    },
    stepUndone: (stepId, action, error) => {
      current = undefined;
      line.clear();
      printed.stepUndone?.(stepId, action, error);
    },
    gateWaiting: (stepId, approval, visit) => {
      current = undefined;
      line.clear();
      printed.gateWaiting?.(stepId, approval, visit);
    },
  };
  return { observer, pause: () => line.clear(), stop: () => line.stop() };
}
