import { readFileSync, statSync } from 'node:fs';
import { plural } from '../../../text.js';
import { Command, Option } from 'commander';
import { loadRunbooks } from '../../../runbook/load.js';
import type { buildServer as BuildServer } from '../../../server/app.js';
import { checkServeAuth, loadHmacSecret } from '../../../server/auth/startup-check.js';
import { UsageError } from '../../../errors.js';
import { LOG_FORMATS, setLogFormat, type LogFormat } from '../../../log.js';
import { color } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { runbookDirs } from '../runbook/runbook-dirs.js';
import { servicesFor } from '../../command-services.js';
import { checkpointInBackground } from '../../../store/wal-checkpointer.js';

interface ServeOptions {
  port: string;
  host: string;
  insecureNoAuth?: boolean;
  rateLimit: string;
  logLevel?: string;
  logFormat?: LogFormat;
  tlsCert?: string;
  tlsKey?: string;
}

/** The PEM files for --tls-cert / --tls-key: both or neither, readable, and the key private to its owner. */
function readTls(options: ServeOptions): { cert: Buffer; key: Buffer } | undefined {
  if (!options.tlsCert && !options.tlsKey) return undefined;
  if (!options.tlsCert || !options.tlsKey)
    throw new UsageError('--tls-cert and --tls-key go together', { hint: 'give both PEM files, or neither to serve plain HTTP (behind a TLS proxy)' });
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new UsageError(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`, { hint: 'give a PEM file this user can read' });
    }
  };
  const keyMode = statSync(options.tlsKey, { throwIfNoEntry: false })?.mode;
  if (keyMode !== undefined && (keyMode & 0o077) !== 0) {
    throw new UsageError(`the TLS key ${options.tlsKey} is readable by other users (mode ${(keyMode & 0o777).toString(8)})`, {
      hint: `chmod 600 ${options.tlsKey}`,
    });
  }
  return { cert: read(options.tlsCert, 'certificate'), key: read(options.tlsKey, 'key') };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function portNumber(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port ${text} is not a TCP port`, { hint: 'give 0–65535 (0: any free port)' });
  return port;
}

/** Resolves on SIGINT or SIGTERM: the server then closes; drives stop where they stand, resumable, and the next start adopts them. */
function untilSignalled(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('take alerts over HTTP and Docker events, and contain automatically (runs the steps marked auto)')
    .addOption(new Option('--port <port>', 'TCP port').default('8080'))
    .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
    .option('--insecure-no-auth', 'accept unauthenticated requests (only with a loopback --host)')
    .addOption(
      new Option(
        '--rate-limit <n>',
        'requests per minute from one address without credentials that verify, before 429 (keys: server.requests_per_minute_per_key)',
      ).default('100'),
    )
    .addOption(
      new Option(
        '--log-level <level>',
        'log lines on stderr: one per request, alert outcome, failed authentication, run transition (default: IRCTL_LOG_LEVEL, else info)',
      ).choices(LOG_LEVELS),
    )
    .addOption(
      new Option(
        '--log-format <format>',
        'json lines, or pretty (one readable line each) (default: IRCTL_LOG_FORMAT, else pretty when stderr is a terminal, json otherwise)',
      ).choices([...LOG_FORMATS]),
    )
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key for --tls-cert (mode 0600)')
    .addHelpText(
      'after',
      `
Authentication: a bearer API key (irctl keys create) or an HMAC-SHA256 signed body (IRCTL_HMAC_SECRET or
server.hmac_secret_file in the config). See docs/alerts-server.md.
The responder console is at /ui/ on the same port; serve it over TLS (--tls-cert/--tls-key, or a reverse proxy).

Logging: on stderr (pino), JSON lines unless stderr is a terminal (--log-format): one per request
(event request: reqId, actor, route, status, ms), one per alert outcome (event alert: opened, joined,
unmatched, silenced, refused: out_of_scope, target_not_found, host_unknown, over_budget), one per failed
authentication (event auth_failed, security true), one per run transition of an incident serve drives
(event run: step_started, step_finished, step_failed, gate_waiting, human_needed, run_finished,
run_failed, run_stopped, with incidentId and stepId). --log-level or IRCTL_LOG_LEVEL.

Examples:
  irctl serve --port 8080
  irctl serve --log-level debug 2> >(jq -c 'select(.event == "alert")')
  IRCTL_HMAC_SECRET=$(cat /run/secrets/irctl-hmac) irctl serve --host 0.0.0.0
  irctl serve --insecure-no-auth --host 127.0.0.1
  irctl serve --host 0.0.0.0 --port 8443 --tls-cert /etc/irctl/tls.crt --tls-key /etc/irctl/tls.key`,
    )
    .action(async (options: ServeOptions, command: Command) => {
      const output = commandOutput(command);
      const port = portNumber(options.port);
      const rateLimitPerMinute = Number(options.rateLimit);
      if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1)
        throw new UsageError(`--rate-limit ${options.rateLimit} is not a positive whole number`);
      const tls = readTls(options);
      const services = servicesFor(command);
      // serving is unattended: its log is the record of what happened, so it is on (info) unless told otherwise
      if (options.logFormat) setLogFormat(services.log, options.logFormat); // before fastify takes a child of it
      services.log.level = options.logLevel ?? process.env.IRCTL_LOG_LEVEL ?? 'info';
      try {
        const hmacSecret = loadHmacSecret(services.config);
        checkServeAuth({ db: services.db, hmacSecret, insecureNoAuth: Boolean(options.insecureNoAuth), host: options.host });
        const catalog = loadRunbooks(runbookDirs(command));
        for (const { file, error } of catalog.invalid) {
          output.err(
            `${color.yellow('warning:')} skipped invalid runbook ${file}: ${error.issues.length === 1 ? '1 problem' : `${error.issues.length} problems`}; irctl runbook validate ${file}`,
          );
        }
        // fastify and prom-client load only when serving: other commands start faster without them
        const { buildServer } = (await import('../../../server/app.js')) as { buildServer: typeof BuildServer };
        const server = await buildServer({
          services,
          runbooks: catalog.runbooks,
          hmacSecret,
          insecureNoAuth: options.insecureNoAuth,
          rateLimitPerMinute,
          dockerEvents: services.docker.get('local'),
          tls,
          adoptOrphans: true,
        });
        // last line only: every drive and watcher catches its own errors; this keeps a missed one from ending the server
        const lastLine = (error: unknown) =>
          services.log.error({ error: error instanceof Error ? error.message : String(error) }, 'an error escaped its handler; the server keeps running');
        process.on('unhandledRejection', lastLine);
        const address = await server.app.listen({ port, host: options.host });
        // a checkpoint inside a commit would hold the alerts behind it: serve checkpoints on a thread of its own
        const checkpointer = checkpointInBackground(services.db, { onError: (message) => services.log.warn({ event: 'store' }, message) });
        const triggers = catalog.runbooks.reduce((sum, loaded) => sum + loaded.runbook.triggers.length, 0);
        output.err(
          `irctl serve listening on ${address} — ${plural(catalog.runbooks.length, 'runbook')}, ${plural(triggers, 'trigger')}${server.watcher ? ', watching Docker events' : ''}; console at ${address}/ui/`,
        );
        if (options.insecureNoAuth) output.err(color.yellow('warning: --insecure-no-auth: requests are not authenticated (loopback only)'));
        const signal = await untilSignalled();
        output.err(`${signal}: closing; drives stop where they stand (the next irctl serve adopts them)`);
        await server.app.close();
        await checkpointer.close();
        process.off('unhandledRejection', lastLine);
      } finally {
        services.close();
      }
    });
}
