import { plural } from '../../../text.js';
import { Command, Option } from 'commander';
import { loadRunbooks } from '../../../runbook/load.js';
import type { buildServer as BuildServer } from '../../../server/app.js';
import { checkServeAuth, loadHmacSecret } from '../../../server/auth/startup-check.js';
import { UsageError } from '../../../errors.js';
import { color } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { runbookDirs } from '../runbook/runbook-dirs.js';
import { servicesFor } from '../../command-services.js';

interface ServeOptions {
  port: string;
  host: string;
  insecureNoAuth?: boolean;
  rateLimit: string;
}

function portNumber(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port ${text} is not a TCP port`, { hint: 'give 0–65535 (0: any free port)' });
  return port;
}

/** Resolves on SIGINT or SIGTERM: the server then closes, letting drives in flight stop at their next human step. */
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
    .addOption(new Option('--rate-limit <n>', 'requests per minute from one address before 429').default('100'))
    .addHelpText('after', `
Authentication: a bearer API key (irctl keys create) or an HMAC-SHA256 signed body (IRCTL_HMAC_SECRET or
server.hmac_secret_file in the config). See docs/alerts-server.md.

Examples:
  irctl serve --port 8080
  IRCTL_HMAC_SECRET=$(cat /run/secrets/irctl-hmac) irctl serve --host 0.0.0.0
  irctl serve --insecure-no-auth --host 127.0.0.1`)
    .action(async (options: ServeOptions, command: Command) => {
      const output = commandOutput(command);
      const port = portNumber(options.port);
      const rateLimitPerMinute = Number(options.rateLimit);
      if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) throw new UsageError(`--rate-limit ${options.rateLimit} is not a positive whole number`);
      const services = servicesFor(command);
      try {
        const hmacSecret = loadHmacSecret(services.config);
        checkServeAuth({ db: services.db, hmacSecret, insecureNoAuth: Boolean(options.insecureNoAuth), host: options.host });
        const catalog = loadRunbooks(runbookDirs(command));
        for (const { file, error } of catalog.invalid) {
          output.err(`${color.yellow('warning:')} skipped invalid runbook ${file}: ${error.issues.length === 1 ? '1 problem' : `${error.issues.length} problems`}; irctl runbook validate ${file}`);
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
        });
        const address = await server.app.listen({ port, host: options.host });
        const triggers = catalog.runbooks.reduce((sum, loaded) => sum + loaded.runbook.triggers.length, 0);
        output.err(`irctl serve listening on ${address} — ${plural(catalog.runbooks.length, 'runbook')}, ${plural(triggers, 'trigger')}${server.watcher ? ', watching Docker events' : ''}`);
        if (options.insecureNoAuth) output.err(color.yellow('warning: --insecure-no-auth: requests are not authenticated (loopback only)'));
        const signal = await untilSignalled();
        output.err(`${signal}: closing; drives in flight stop at their next human step`);
        await server.app.close();
      } finally {
        services.close();
      }
    });
}
