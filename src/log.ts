import { createRequire } from 'node:module';
import type pino from 'pino';
import type { PrettyOptions } from 'pino-pretty';

export type Logger = pino.Logger;

/** `json`: one JSON object a line (for machines: jq, Loki, journald). `pretty`: one coloured line each, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

const require = createRequire(import.meta.url);

/** The format when nobody chose one: IRCTL_LOG_FORMAT, else pretty when stderr is a terminal, else JSON. */
export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env, stderrIsTty = Boolean(process.stderr.isTTY)): LogFormat {
  const chosen = env.IRCTL_LOG_FORMAT;
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return stderrIsTty ? 'pretty' : 'json';
}

interface Control {
  format: LogFormat;
  reset(): void;
}
const controls = new WeakMap<Logger, Control>();

/**
 * Structured log to stderr; quiet unless IRCTL_LOG_LEVEL says otherwise, so the CLI's own output
 * stays readable. JSON lines, or one readable line each (pino-pretty) when stderr is a terminal.
 * pino (and pino-pretty) load on the first log call, not at start-up: most commands never log.
 */
export function createLogger(bindings: Record<string, unknown> = {}, options: { destination?: NodeJS.WritableStream } = {}): Logger {
  let logger: Logger | undefined;
  let level: string | undefined;
  const control: Control = {
    format: defaultLogFormat(),
    reset: () => {
      level = logger?.level;
      logger = undefined;
    },
  };
  const real = (): Logger => {
    if (!logger) {
      const create = require('pino') as typeof pino;
      const settings = { level: level ?? process.env.IRCTL_LOG_LEVEL ?? 'warn', base: { app: 'irctl', ...bindings } };
      const to = options.destination;
      logger = create(settings, control.format === 'pretty' ? prettyStream(to) : (to ?? create.destination(2)));
    }
    return logger;
  };
  const proxy = new Proxy({} as Logger, {
    get: (_target, property) => {
      const value = Reflect.get(real(), property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real()) : value;
    },
    // `log.level = 'info'` (irctl serve --log-level) must reach the real logger
    set: (_target, property, value) => Reflect.set(real(), property, value),
  });
  controls.set(proxy, control);
  return proxy;
}

/**
 * Choose how a logger from createLogger writes (irctl serve --log-format). Call it before the logger
 * is handed to anything that keeps a child of it (fastify does): lines already written stay as they were.
 */
export function setLogFormat(log: Logger, format: LogFormat): void {
  const control = controls.get(log);
  if (!control || control.format === format) return;
  control.format = format;
  control.reset();
}

/** pino-pretty as a stream in this thread (not a worker transport), loaded only when used. */
function prettyStream(destination?: NodeJS.WritableStream): NodeJS.WritableStream {
  const pretty = require('pino-pretty') as (options: PrettyOptions) => NodeJS.WritableStream;
  return pretty({
    destination: destination ?? 2,
    sync: true, // a line is on the terminal before the next thing happens, as with JSON to fd 2
    colorize: destination === undefined && Boolean(process.stderr.isTTY),
    singleLine: true, // one line per event, like the JSON form
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,app',
    errorLikeObjectKeys: ['err'], // irctl's `error` fields are messages: keep them on the line
  });
}
