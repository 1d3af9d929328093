import type Docker from 'dockerode';
import { z } from 'zod';
import { NotFoundError, UsageError } from '../errors.js';
import { dockerCall, untilAborted } from './call.js';
import type { DockerOperation } from './errors.js';
import type { DockerHosts } from './hosts.js';
import { enforceScope, type IncidentScope } from './scope.js';
import { labelFilters, MAX_SELECTOR_LENGTH, parseSelector, SELECTOR_FORMS, type ContainerSelector } from './selector.js';

/** The `with:` fields every container-targeting action shares. */
export const targetParams = {
  container: z
    .string()
    .min(1)
    .max(MAX_SELECTOR_LENGTH)
    // the full grammar is checked when the step runs (expressions are filled in by then); control
    // characters are refused already here, with a pattern any JSON Schema validator understands
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
    .describe(SELECTOR_FORMS),
  host: z.string().min(1).max(64).default('local').describe('Docker host name from the config file (default: local)'),
};

export interface ResolvedTarget {
  hostName: string;
  hostUrl: string;
  docker: Docker;
  container: Docker.Container; // bound to the full container id, never to the selector text
  info: Docker.ContainerInspectInfo;
}

export interface ResolveOptions {
  signal?: AbortSignal;
  /**
   * For references an alert supplied: the engine also matches a name-shaped text as an id prefix
   * ("abcd"), so accept only the full id, an id prefix of at least MIN_ALERT_ID_PREFIX hex digits,
   * or the container's exact name. A selector (a runbook's `label:app=${{ alert.labels.app }}`)
   * that matches several containers is refused without naming them: the alert's sender would
   * learn which containers carry a label, out of scope ones too.
   */
  strictRef?: boolean;
  /**
   * An alert-opened incident's scope: a container outside it is refused (OutOfScopeError) once
   * it is known which container the reference names (a read-only inspect), before any caller can
   * act on it.
   */
  scope?: IncidentScope;
  /**
   * The caller only reads (an evidence capture): it may share an inspect of the same container
   * already on its way, as the side-by-side captures in front of isolate do, instead of each
   * asking the engine. Never for a caller about to act on what it reads.
   */
  shareInspect?: boolean;
}

export const MIN_ALERT_ID_PREFIX = 12;

/** True when `ref` names this container exactly enough for an alert (see ResolveOptions.strictRef). */
export function refNamesExactly(ref: string, info: Pick<Docker.ContainerInspectInfo, 'Id' | 'Name'>): boolean {
  if (ref === info.Id || info.Name.replace(/^\//, '') === ref) return true;
  return ref.length >= MIN_ALERT_ID_PREFIX && /^[0-9a-f]+$/.test(ref) && info.Id.startsWith(ref);
}

const MAX_LISTED_MATCHES = 10;

/**
 * Find exactly one container on one host from an id, name, label selector or Compose shorthand.
 * No match is NotFoundError; several matches are a UsageError naming them, because an action acts
 * on one container and must never guess which.
 */
export async function resolveContainer(
  hosts: DockerHosts,
  target: { container: string; host?: string },
  options: ResolveOptions = {},
): Promise<ResolvedTarget> {
  const selector = parseSelector(target.container);
  const host = hosts.host(target.host ?? 'local');
  const containerId =
    selector.kind === 'ref' ? selector.ref : await findByLabels(host, target.container, selector, options.signal, { nameMatches: !options.strictRef });
  const op: DockerOperation = { host: host.name, url: host.url, what: `inspect container "${target.container}"` };
  const info = await inspectOrNotFound(host.docker, containerId, op, options.signal, target.container, options.shareInspect);
  if (options.strictRef && selector.kind === 'ref' && !refNamesExactly(selector.ref, info)) {
    throw new NotFoundError(
      `container "${target.container}" not found on host "${host.name}": it is neither a name nor an id prefix of at least ${MIN_ALERT_ID_PREFIX} hex digits`,
      {
        hint: `name the container by its full name or id (docker -H ${host.url} ps -a)`,
      },
    );
  }
  if (options.scope) enforceScope({ id: info.Id, host: host.name, name: info.Name.replace(/^\//, ''), labels: info.Config?.Labels ?? {} }, options.scope);
  return { hostName: host.name, hostUrl: host.url, docker: host.docker, container: host.docker.getContainer(info.Id), info };
}

/** Names a call on this target's engine, for dockerCall's error messages. */
export function operationOn(target: Pick<ResolvedTarget, 'hostName' | 'hostUrl'>, what: string): DockerOperation {
  return { host: target.hostName, url: target.hostUrl, what };
}

/** Inspect again (state changes between steps); the target keeps pointing at the same container. */
export async function reinspect(target: ResolvedTarget, signal?: AbortSignal): Promise<Docker.ContainerInspectInfo> {
  const op = operationOn(target, `inspect container ${target.info.Id.slice(0, 12)}`);
  return inspectOrNotFound(target.docker, target.info.Id, op, signal, target.info.Id);
}

/** Inspects in flight that read-only callers share (ResolveOptions.shareInspect), per client and reference. */
const sharedInspects = new WeakMap<Docker, Map<string, Promise<Docker.ContainerInspectInfo>>>();

/** Join an inspect of this reference already in flight, or start one; each caller gets its own copy and stops on its own signal. */
async function sharedInspect(docker: Docker, containerId: string, op: DockerOperation, signal: AbortSignal | undefined): Promise<Docker.ContainerInspectInfo> {
  let inFlight = sharedInspects.get(docker);
  if (!inFlight) sharedInspects.set(docker, (inFlight = new Map<string, Promise<Docker.ContainerInspectInfo>>()));
  let pending = inFlight.get(containerId);
  if (!pending) {
    // no caller's signal: one caller stopping must not fail the others
    pending = dockerCall(op, () => docker.getContainer(containerId).inspect()).finally(() => inFlight.delete(containerId));
    inFlight.set(containerId, pending);
  }
  return structuredClone(await (signal ? untilAborted(pending, signal) : pending));
}

async function inspectOrNotFound(
  docker: Docker,
  containerId: string,
  op: DockerOperation,
  signal: AbortSignal | undefined,
  shownAs: string,
  share = false,
): Promise<Docker.ContainerInspectInfo> {
  try {
    if (share) return await sharedInspect(docker, containerId, op, signal);
    return await dockerCall(op, () => docker.getContainer(containerId).inspect({ abortSignal: signal }), { signal });
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(`container "${shownAs}" not found on host "${op.host}"`, {
        hint: `docker -H ${op.url} ps -a, or check the runbook input`,
        cause: error,
      });
    }
    throw error;
  }
}

async function findByLabels(
  host: { name: string; url: string; docker: Docker },
  text: string,
  selector: Extract<ContainerSelector, { kind: 'labels' }>,
  signal: AbortSignal | undefined,
  options: { nameMatches: boolean },
): Promise<string> {
  const filters = labelFilters(selector.labels);
  const op = { host: host.name, url: host.url, what: `list containers matching ${text}` };
  const matches = await dockerCall(op, () => host.docker.listContainers({ all: true, filters: { label: filters }, abortSignal: signal }), {
    signal,
  });
  const filterHint = filters.map((filter) => `--filter label=${filter}`).join(' ');
  if (matches.length === 0) {
    throw new NotFoundError(`no container on host "${host.name}" matches ${text}`, {
      hint: `docker -H ${host.url} ps -a ${filterHint}`,
    });
  }
  if (matches.length > 1 && !options.nameMatches) {
    throw new UsageError(`${text} matches ${matches.length} containers on host "${host.name}"`, {
      hint: 'an alert must lead to exactly one container: its runbook trigger should build a selector that tells them apart',
    });
  }
  if (matches.length > 1) {
    const named = matches
      .slice(0, MAX_LISTED_MATCHES)
      .map((match) => `${(match.Names[0] ?? '').replace(/^\//, '')} (${match.Id.slice(0, 12)}, ${match.State})`);
    const more = matches.length > MAX_LISTED_MATCHES ? `, and ${matches.length - MAX_LISTED_MATCHES} more` : '';
    throw new UsageError(`${text} matches ${matches.length} containers on host "${host.name}": ${named.join(', ')}${more}`, {
      hint: 'an action acts on exactly one container: name one of them, or add a label that tells them apart',
      details: { matches: matches.map((match) => match.Id) },
    });
  }
  return matches[0]!.Id;
}
