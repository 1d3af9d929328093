// One line at the bottom of a terminal that is redrawn in place (spinner, progress bar), with
// finished lines printed above it. Only used when stderr is a TTY.

const CLEAR_LINE = '\r\x1b[2K';

export interface StatusLine {
  /** Print a permanent line above the status line. */
  print(text: string): void;
  /** Replace what the status line shows; '' hides it. */
  set(render: () => string): void;
  clear(): void;
  stop(): void;
}

export function statusLine(stream: NodeJS.WriteStream, frameMs = 80): StatusLine {
  let render: (() => string) | undefined;
  let shown = false;
  const draw = () => {
    if (!render) return;
    const width = stream.columns || 80;
    stream.write(CLEAR_LINE + truncate(render(), width - 1));
    shown = true;
  };
  const wipe = () => {
    if (shown) stream.write(CLEAR_LINE);
    shown = false;
  };
  const timer = setInterval(draw, frameMs);
  timer.unref();
  return {
    print(text) {
      wipe();
      stream.write(text.endsWith('\n') ? text : `${text}\n`);
      draw();
    },
    set(next) {
      render = next;
      draw();
    },
    clear() {
      render = undefined;
      wipe();
    },
    stop() {
      clearInterval(timer);
      render = undefined;
      wipe();
    },
  };
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Cut a line to the terminal width, counting visible characters only. */
function truncate(text: string, width: number): string {
  if (text.replace(ANSI, '').length <= width) return text;
  let visible = 0;
  let cut = '';
  for (const part of text.split(/(\x1b\[[0-9;]*m)/)) {
    if (ANSI.test(part)) {
      ANSI.lastIndex = 0;
      cut += part;
      continue;
    }
    const room = width - 1 - visible;
    if (room <= 0) continue;
    cut += part.slice(0, room);
    visible += Math.min(part.length, room);
  }
  return `${cut}…\x1b[0m`;
}
