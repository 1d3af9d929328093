import { createRequire } from 'node:module';
import type pino from 'pino';

export type Logger = pino.Logger;

const require = createRequire(import.meta.url);

/** Structured log to stderr (JSON lines); quiet unless IRCTL_LOG_LEVEL says otherwise,
 *  so the CLI's own output stays readable. pino is loaded on the first log call, not at start-up:
 *  most commands never log. */
export function createLogger(bindings: Record<string, unknown> = {}): Logger {
  let logger: Logger | undefined;
  const real = (): Logger => {
    if (!logger) {
      const create = require('pino') as typeof pino;
      logger = create({ level: process.env.IRCTL_LOG_LEVEL ?? 'warn', base: { app: 'irctl', ...bindings } }, create.destination(2));
    }
    return logger;
  };
  return new Proxy({} as Logger, {
    get: (_target, property) => {
      const value = Reflect.get(real(), property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real()) : value;
    },
    // `log.level = 'info'` (irctl serve --log-level) must reach the real logger
    set: (_target, property, value) => Reflect.set(real(), property, value),
  });
}
