import type Docker from 'dockerode';
import { findAction } from '../actions/registry.js';
import { loadConfig } from '../config.js';
import { DockerHosts, type DockerHost } from '../docker/hosts.js';
import { isUnreachableError } from '../docker/errors.js';
import { parseSelector } from '../docker/selector.js';
import { resolveContainer } from '../docker/target.js';
import { rawPing, versionFromServerHeader, type PingAnswer } from '../docker/untyped-calls.js';
import { DockerUnreachableError, IrctlError, NotFoundError } from '../errors.js';
import { evaluate, hasExpression, interpolate, isTruthy, templateReferences } from '../runbook/expressions.js';
import { didYouMean } from '../runbook/problem.js';
import type { Runbook } from '../runbook/schema.js';
import { actionStepsById } from './deps.js';

// Pre-flight: before `irctl run` opens an incident (a row in the store, SLA clock running), check
// that the Docker engines the runbook will use answer as Docker engines and that the containers it
// names exist. A typo'd container or a wrong DOCKER_HOST then costs nothing: no incident, no
// custody record. Only what is known before the run is checked: literal values and values built
// from inputs alone; anything that depends on step outputs is left to the run.

const PING_TIMEOUT_MS = 10_000;
const MAX_LISTED_NAMES = 10;
const DEFAULT_HOST = 'local';

/** One container the runbook's steps will act on, as far as it is known before the run. */
export interface PlannedContainer {
  host: string;
  container: string;
  stepIds: string[];
}

export interface PlannedTargets {
  hosts: Map<string, string[]>; // host name → the steps that use it
  containers: PlannedContainer[];
}

/**
 * The Docker hosts and containers the runbook's steps will use, found from each action's declared
 * params (a `host` and a `container` field) rather than from a list of action names. Steps whose
 * `if` is already false for these inputs are left out.
 */
export function plannedTargets(runbook: Runbook, inputs: Record<string, unknown>): PlannedTargets {
  const scope = { inputs };
  const hosts = new Map<string, string[]>();
  const containers = new Map<string, PlannedContainer>();
  for (const step of actionStepsById(runbook).values()) {
    const fields = paramFields(step.uses);
    if (!fields.has('host') && !fields.has('container')) continue;
    if (step.if !== undefined && knownNow(step.if, scope, true) === false) continue;
    const host = step.with.host === undefined ? DEFAULT_HOST : knownNow(step.with.host, scope);
    if (typeof host !== 'string' || host === '') continue;
    hosts.set(host, [...(hosts.get(host) ?? []), step.id]);
    if (!fields.has('container')) continue;
    const container = knownNow(step.with.container, scope);
    if (typeof container !== 'string' || container === '') continue;
    const key = `${host}\u0000${container}`;
    const planned = containers.get(key) ?? { host, container, stepIds: [] };
    planned.stepIds.push(step.id);
    containers.set(key, planned);
  }
  return { hosts, containers: [...containers.values()] };
}

/** The top-level param names an action declares (empty for unknown actions). */
function paramFields(actionName: string): Set<string> {
  const schema = findAction(actionName)?.params as { shape?: Record<string, unknown> } | undefined;
  return new Set(Object.keys(schema?.shape ?? {}));
}

/**
 * A literal, or a template that reads only `inputs`, evaluated now; undefined for anything that
 * needs the run (step outputs, the alert, the incident) or does not evaluate. With `condition`
 * the value is an `if:` expression and the answer is its truth.
 */
function knownNow(value: unknown, scope: { inputs: Record<string, unknown> }, condition = false): unknown {
  if (typeof value !== 'string') return condition ? undefined : value;
  try {
    const references = templateReferences(value, condition);
    if (references.some((reference) => reference.root !== 'inputs')) return undefined;
    if (condition) return isTruthy(evaluate(value, scope));
    return hasExpression(value) ? interpolate(value, scope) : value;
  } catch {
    return undefined; // a bad expression is the static checks' business, and the run's
  }
}

export interface PreflightOptions {
  /** The config file and its hosts, so hints say where a wrong address comes from. */
  configFile: string;
  configuredHosts: readonly string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Ping every host the runbook uses, then find every container it names on its host. Throws the
 * first problem (or all of them in one error): DockerUnreachableError (exit 6) for an engine that
 * does not answer or is not a Docker engine, NotFoundError (exit 5) for a missing container.
 */
export async function preflightRun(hosts: DockerHosts, runbook: Runbook, inputs: Record<string, unknown>, options: PreflightOptions): Promise<void> {
  const planned = plannedTargets(runbook, inputs);
  const problems: IrctlError[] = [];
  const reachable = new Set<string>();
  for (const hostName of planned.hosts.keys()) {
    try {
      const version = versionFromServerHeader((await pingEngine(hosts.host(hostName), options)).server);
      reachable.add(hostName);
      // the ping named it, or it is asked now and answered by the time the first step records (a failure is asked again then)
      if (version) hosts.rememberEngineVersion(hostName, version);
      else void hosts.engineVersion(hostName);
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      problems.push(error);
    }
  }
  for (const target of planned.containers.filter((container) => reachable.has(container.host))) {
    try {
      await resolveContainer(hosts, target, { signal: options.signal });
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      problems.push(error instanceof NotFoundError ? await containerNotFound(hosts.host(target.host), target, error, options.signal) : error);
    }
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) {
    const [first] = problems as [IrctlError];
    throw new IrctlError(
      first.code,
      first.exitCode,
      `pre-flight found ${problems.length} problems; no incident was opened:\n${problems.map((p) => `  - ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`).join('\n')}`,
      {
        hint: first.hint,
        details: { problems: problems.map((p) => ({ code: p.code, message: p.message, hint: p.hint ?? null })) },
      },
    );
  }
}

/** Pre-flight against the hosts of a config file: what `irctl run` does before it opens the store. */
export async function preflightFromConfig(
  configFile: string,
  runbook: Runbook,
  inputs: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const config = loadConfig(configFile);
  await preflightRun(new DockerHosts(config, env), runbook, inputs, { configFile, configuredHosts: Object.keys(config.hosts), env });
}

/** Where a host's address comes from, for a hint that says what to fix. */
function addressHint(host: DockerHost, options: PreflightOptions): string {
  if (host.name === DEFAULT_HOST && !options.configuredHosts.includes(DEFAULT_HOST)) {
    const dockerHost = (options.env ?? process.env).DOCKER_HOST;
    return `${dockerHost ? `DOCKER_HOST is ${dockerHost}` : 'DOCKER_HOST is unset, so irctl uses unix:///var/run/docker.sock'}: set it to the engine's address (unix:///var/run/docker.sock, tcp://HOST:2375), or define hosts.local in ${options.configFile}; check with docker -H ${host.url} version`;
  }
  return `fix hosts.${host.name}.url in ${options.configFile}; check with docker -H ${host.url} version`;
}

/**
 * GET /_ping once. A Docker engine answers 200 with the body "OK" and an Api-Version header;
 * anything else that answers is some other server. dockerode's ping() returns only the body, so
 * the request goes through its modem as a stream to see the headers too.
 */
export async function pingEngine(host: DockerHost, options: PreflightOptions): Promise<PingAnswer> {
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(PING_TIMEOUT_MS)]) : AbortSignal.timeout(PING_TIMEOUT_MS);
  const where = `Docker host "${host.name}" at ${host.url}`;
  let response: PingAnswer;
  try {
    response = await rawPing(host.docker, signal);
  } catch (error) {
    const timedOut = signal.aborted && !options.signal?.aborted;
    if (timedOut || isUnreachableError(error)) {
      const why = timedOut ? `no answer in ${PING_TIMEOUT_MS / 1000} s` : ((error as { code?: string }).code ?? String(error));
      throw new DockerUnreachableError(`${where} is unreachable (${why}); no incident was opened`, {
        hint: addressHint(host, options),
        cause: error,
        details: { host: host.name, url: host.url },
      });
    }
    if (options.signal?.aborted) throw error;
    // it answered, but not in HTTP the engine speaks (a TLS port, an ssh banner, another protocol)
    throw notDockerEngine(host, options, `its answer to /_ping is not HTTP (${(error as Error).message})`, error);
  }
  if (response.status !== 200) throw notDockerEngine(host, options, `it answered /_ping with HTTP ${response.status}`);
  if (response.body.trim() !== 'OK') throw notDockerEngine(host, options, `it answered /_ping with ${JSON.stringify(response.body.slice(0, 40))}, not "OK"`);
  if (!response.apiVersion) throw notDockerEngine(host, options, 'its answer to /_ping has no Api-Version header');
  return response;
}

function notDockerEngine(host: DockerHost, options: PreflightOptions, why: string, cause?: unknown): DockerUnreachableError {
  return new DockerUnreachableError(`${host.url} (Docker host "${host.name}") is not a Docker engine: ${why}; no incident was opened`, {
    hint: addressHint(host, options),
    cause,
    details: { host: host.name, url: host.url, reason: 'not_a_docker_engine' },
  });
}

/** Not found, with what is running there: the name the responder meant is often in the list. */
async function containerNotFound(host: DockerHost, planned: PlannedContainer, error: NotFoundError, signal?: AbortSignal): Promise<NotFoundError> {
  const running = await runningNames(host.docker, signal);
  const selector = parseSelector(planned.container);
  const suggestion = selector.kind === 'ref' ? didYouMean(planned.container, running) : '';
  const listed =
    running.length === 0
      ? 'no container is running there'
      : `running there: ${running.slice(0, MAX_LISTED_NAMES).join(', ')}${running.length > MAX_LISTED_NAMES ? `, and ${running.length - MAX_LISTED_NAMES} more` : ''}`;
  return new NotFoundError(`${error.message}${suggestion}; ${listed}; used by ${stepList(planned.stepIds)}; no incident was opened`, {
    hint: `docker -H ${host.url} ps --format '{{.Names}}' lists the running containers; fix the input, or add --no-preflight if the container will exist by the time the step runs`,
    cause: error,
    details: { host: host.name, container: planned.container, steps: planned.stepIds },
  });
}

function stepList(stepIds: string[]): string {
  const shown = stepIds.slice(0, 3).join(', ');
  if (stepIds.length === 1) return `step ${shown}`;
  return `steps ${shown}${stepIds.length > 3 ? ` and ${stepIds.length - 3} more` : ''}`;
}

async function runningNames(docker: Docker, signal?: AbortSignal): Promise<string[]> {
  try {
    const listed = await docker.listContainers({ all: false, abortSignal: signal });
    return listed.map((container) => (container.Names[0] ?? container.Id.slice(0, 12)).replace(/^\//, '')).sort();
  } catch {
    return []; // the suggestion is a courtesy; the not-found error stands without it
  }
}
