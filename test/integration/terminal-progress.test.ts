import { describe, expect, it } from 'vitest';
import { liveView } from '../../src/cli/live/live-observer.js';
import { formatBytes, progressBar } from '../../src/cli/live/format.js';
import { lineObserver } from '../../src/cli/commands/run/shared.js';
import { waitUntil } from '../helpers/wait-until.js';

/** A stand-in for a terminal's stderr that keeps everything written to it. */
function fakeTerminal() {
  let written = '';
  const stream = { columns: 200, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
  return { stream, written: () => written };
}

describe('live progress in a terminal', () => {
  it('draws a bar with bytes and rate for a step that reports progress, then prints the finished line', async () => {
    const term = fakeTerminal();
    const view = liveView(lineObserver, { json: false, out: () => undefined, err: () => undefined }, term.stream);
    view.observer.phaseEntered?.('evidence');
    view.observer.stepStarted?.('export', 'evidence.export', {}, 1);
    view.observer.progress?.('export', 50 * 1024 * 1024, 100 * 1024 * 1024, 'filesystem.tar');
    await waitUntil(() => term.written().includes(' 50%'), 'a redraw with the progress bar');
    view.observer.stepFinished?.('export', { outcome: 'done', outputs: {}, summary: 'exported' }, 1200);
    view.stop();
    const screen = term.written();
    expect(screen).toContain('evidence export evidence.export');
    expect(screen).toContain(' 50%');
    expect(screen).toContain('50.0 MiB / 100.0 MiB');
    expect(screen).toMatch(/\d+(\.\d)? (B|KiB|MiB|GiB)\/s/);
    expect(screen).toContain('✓ export');
  });

  it('shows a spinner for a step without progress', async () => {
    const term = fakeTerminal();
    const view = liveView(lineObserver, { json: false, out: () => undefined, err: () => undefined }, term.stream);
    view.observer.stepStarted?.('pause', 'docker.pause', {}, 1);
    await waitUntil(() => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] .*pause/.test(term.written()), 'a spinner frame for the step');
    view.stop();
  });

  it('formats sizes and bars the way the view shows them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(progressBar(1, 4, 8)).toBe('[██░░░░░░]  25%');
  });
});
