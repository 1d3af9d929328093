import type Docker from 'dockerode';
import { UsageError } from '../errors.js';

// The one grammar for what irctl puts into a Docker API path. Every client irctl makes
// (src/docker/hosts.ts) is guarded here, so no caller can forget: an object reference that does not
// fit is refused before a request is built, and a path that still walks (".." segments, encoded
// slashes) is refused where the request leaves. docker-modem concatenates ids into paths as they
// are and follows redirects, so "../../../../127.0.0.1:1/x" would otherwise reach another host.

/** Docker's own name rule; full and short hex ids fit it too. No "/", so no other API path. */
export const OBJECT_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const MAX_OBJECT_REF = 256;
/** Image references: [registry[:port]/]repo[/more][:tag][@sha256:hex], or a bare id. */
const IMAGE_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.:@/+-]*$/;
const MAX_IMAGE_REF = 512;

export type ObjectKind = 'container' | 'network' | 'exec' | 'volume' | 'image';

function refused(kind: ObjectKind, value: unknown, why: string): UsageError {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : String(value);
  return new UsageError(`${kind} reference ${shown} is refused: ${why}`, {
    hint: kind === 'image' ? 'use repo[:tag], repo@sha256:<hex> or an image id' : `a ${kind} is named by its id or a name of letters, digits, "_", "." and "-"`,
  });
}

/** The reference, checked against the grammar for its kind; throws UsageError otherwise. */
export function checkObjectRef(kind: ObjectKind, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw refused(kind, value, 'it is empty or not text');
  if (kind === 'image') {
    if (value.length > MAX_IMAGE_REF) throw refused(kind, value, `it is longer than ${MAX_IMAGE_REF} characters`);
    if (!IMAGE_REF.test(value) || value.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
      throw refused(kind, value, 'it is not an image reference');
    }
    return value;
  }
  if (value.length > MAX_OBJECT_REF) throw refused(kind, value, `it is longer than ${MAX_OBJECT_REF} characters`);
  if (!OBJECT_REF.test(value)) throw refused(kind, value, 'only letters, digits, "_", "." and "-" may appear, starting with a letter or digit');
  return value;
}

/**
 * The path segment as the request is built: checked, then percent-encoded (a no-op for a valid
 * ref). Image references keep their "/" and ":" (the engine routes them so); their grammar admits
 * nothing a URL would read differently.
 */
export function encodeRef(kind: ObjectKind, value: unknown): string {
  const checked = checkObjectRef(kind, value);
  return kind === 'image' ? checked : encodeURIComponent(checked);
}

/** True when a request path (before "?") stays where it was built: no dot segments, no encoded separators. */
export function isPlainApiPath(path: string): boolean {
  const bare = path.split('?')[0] ?? '';
  if (!bare.startsWith('/') || bare.includes('\\') || bare.includes('//') || /%2f|%5c|%2e/i.test(bare)) return false;
  return !bare.split('/').some((segment) => segment === '.' || segment === '..');
}

type DialOptions = { path?: string };
type Dial = (options: DialOptions, callback: (error: unknown, data?: unknown) => void) => unknown;

const GUARDED = Symbol('irctl.guarded');

/**
 * Guard a dockerode client in place: getContainer/getNetwork/getExec/getVolume/getImage check and
 * encode their reference, and every request's path is checked once more before it is dialled.
 */
export function guardClient<T extends Docker>(docker: T): T {
  const marked = docker as T & { [GUARDED]?: true };
  if (marked[GUARDED]) return docker;
  const original = {
    getContainer: docker.getContainer.bind(docker),
    getNetwork: docker.getNetwork.bind(docker),
    getExec: docker.getExec.bind(docker),
    getVolume: docker.getVolume.bind(docker),
    getImage: docker.getImage.bind(docker),
  };
  docker.getContainer = (id: string) => original.getContainer(encodeRef('container', id));
  docker.getNetwork = (id: string) => original.getNetwork(encodeRef('network', id));
  docker.getExec = (id: string) => original.getExec(encodeRef('exec', id));
  docker.getVolume = (name: string) => original.getVolume(encodeRef('volume', name));
  docker.getImage = (name: string) => original.getImage(encodeRef('image', name));
  const modem = (docker as unknown as { modem: { dial: Dial } }).modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    if (typeof options.path === 'string' && !isPlainApiPath(options.path)) {
      const error = new UsageError(`refused a Docker API request to ${JSON.stringify(options.path.slice(0, 120))}: the path walks outside the API`);
      if (typeof callback === 'function') return callback(error);
      throw error;
    }
    return dial(options, callback);
  };
  marked[GUARDED] = true;
  return docker;
}
