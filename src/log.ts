import pino from 'pino';

export type Logger = pino.Logger;

/** Structured log to stderr (JSON lines); quiet unless IRCTL_LOG_LEVEL says otherwise,
 *  so the CLI's own output stays readable. */
export function createLogger(bindings: Record<string, unknown> = {}): Logger {
  return pino(
    { level: process.env.IRCTL_LOG_LEVEL ?? 'warn', base: { app: 'irctl', ...bindings } },
    pino.destination(2),
  );
}
