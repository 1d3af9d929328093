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

/** pino's level numbers, so a call below the level needs no pino at all. */
const LEVEL_VALUES: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const ignore = () => undefined;

/**
 * Structured log to stderr; quiet unless IRCTL_LOG_LEVEL says otherwise, so the CLI's own output
 * stays readable. JSON lines, or one readable line each (pino-pretty) when stderr is a terminal.
 * pino (and pino-pretty) load on the first line that is written, not at start-up: most commands
 * never write one. Children (`log.child`, one per step) and calls below the level load nothing
 * (~20 ms less before a run's first step).
 */
export function createLogger(bindings: Record<string, unknown> = {}, options: { destination?: NodeJS.WritableStream } = {}): Logger {
  let logger: Logger | undefined;
  let level: string | undefined;
  const control: Control = {
    format: defaultLogFormat(),
    reset: () => {
      level = logger?.level ?? level;
      logger = undefined;
    },
  };
  const root: LazyLogger = {
    loaded: () => logger,
    load: () => {
      if (!logger) {
        const create = require('pino') as typeof pino;
        const settings = { level: root.level(), base: { app: 'irctl', ...bindings } };
        const to = options.destination;
        logger = create(settings, control.format === 'pretty' ? prettyStream(to) : (to ?? create.destination(2)));
      }
      return logger;
    },
    level: () => logger?.level ?? level ?? process.env.IRCTL_LOG_LEVEL ?? 'warn',
    setLevel: (value) => {
      if (logger) logger.level = value;
      else level = knownLevel(value);
    },
  };
  const proxy = lazyProxy(root);
  controls.set(proxy, control);
  return proxy;
}

/** A logger that may not exist yet: what it would be, and how to make it. */
interface LazyLogger {
  loaded(): Logger | undefined;
  load(): Logger;
  level(): string;
  setLevel(value: string): void;
}

/** A pino logger's face over a LazyLogger: makes the real one only when it must write or be read. */
function lazyProxy(lazy: LazyLogger): Logger {
  return new Proxy({} as Logger, {
    get: (_target, property) => {
      if (!lazy.loaded() && typeof property === 'string') {
        if (property === 'level') return lazy.level();
        if (property === 'isLevelEnabled') return (name: string) => (LEVEL_VALUES[name] ?? 0) >= (LEVEL_VALUES[lazy.level()] ?? 0);
        if (Object.hasOwn(LEVEL_VALUES, property) && property !== 'silent' && LEVEL_VALUES[property]! < (LEVEL_VALUES[lazy.level()] ?? 0)) return ignore;
        if (property === 'child') return (childBindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions) => lazyChild(lazy, childBindings, childOptions);
      }
      const real = lazy.load();
      const value = Reflect.get(real, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
    // `log.level = 'info'` (irctl serve --log-level) must reach the real logger, or the one to come
    set: (_target, property, value) => {
      if (property === 'level' && !lazy.loaded()) {
        lazy.setLevel(String(value));
        return true;
      }
      return Reflect.set(lazy.load(), property, value);
    },
  });
}

/** A child made from its parent when it first writes; as with pino, its level is the parent's when it was made. */
function lazyChild(parent: LazyLogger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions): Logger {
  let logger: Logger | undefined;
  let level = options?.level ?? parent.level();
  return lazyProxy({
    loaded: () => logger,
    load: () => (logger ??= parent.load().child(bindings, { ...options, level })),
    level: () => logger?.level ?? level,
    setLevel: (value) => {
      if (logger) logger.level = value;
      else level = knownLevel(value);
    },
  });
}

/** A level pino knows, or pino's own error for one it does not, thrown where it is set as pino would. */
function knownLevel(value: string): string {
  if (!Object.hasOwn(LEVEL_VALUES, value)) throw new Error(`unknown level ${value}`);
  return value;
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
