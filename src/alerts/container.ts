// Container references taken from alerts are attacker-influenced: validate before anything uses them.

export const CONTAINER_ID = /^[0-9a-f]{12,64}$/;
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export interface ContainerReference {
  container?: string;
  containerProblem?: string;
}

export interface ContainerCandidate {
  field: string; // where it came from, for the reason: output_fields.container.id, labels.container
  value: unknown;
  /** What the field holds: an id field never accepts a name (a short fake id would pass as one). */
  kind: 'id' | 'name' | 'id-or-name';
}

function isValid(reference: string, kind: ContainerCandidate['kind']): boolean {
  if (kind === 'id') return CONTAINER_ID.test(reference);
  if (kind === 'name') return CONTAINER_NAME.test(reference);
  return CONTAINER_ID.test(reference) || CONTAINER_NAME.test(reference);
}

const KIND_WORDS: Record<ContainerCandidate['kind'], string> = { id: 'container id', name: 'container name', 'id-or-name': 'container id or name' };

/** Docker prints a leading "/" on names (`/web-1`); cgroup paths carry the id (`/docker/<id>`). */
function normalize(value: string): string {
  const cgroup = /(?:^|\/)(?:docker[-/])([0-9a-f]{64})(?:\.scope)?$/.exec(value);
  if (cgroup) return cgroup[1]!;
  return value.startsWith('/') ? value.slice(1) : value;
}

function describe(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/**
 * The first candidate that is a valid Docker id or name wins. Falco's `host` (an event outside any
 * container) and `<NA>` name no container.
 */
export function resolveContainer(candidates: ContainerCandidate[]): ContainerReference {
  const problems: string[] = [];
  for (const { field, value, kind } of candidates) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') {
      problems.push(`${field} is a ${typeof value}, not a ${KIND_WORDS[kind]}`);
      continue;
    }
    if (value === 'host') {
      problems.push(`${field} is "host": the event happened on the host, outside any container`);
      continue;
    }
    if (value === '<NA>') continue;
    const reference = normalize(value);
    if (isValid(reference, kind)) return { container: reference, containerProblem: undefined };
    problems.push(`${field} ${describe(value)} is not a valid ${KIND_WORDS[kind]}`);
  }
  if (problems.length === 0) {
    const fields = candidates.map((c) => c.field).join(', ');
    return { container: undefined, containerProblem: `the alert names no container${fields ? ` (looked at ${fields})` : ''}` };
  }
  return { container: undefined, containerProblem: problems.join('; ') };
}

/** Where Prometheus-style labels name a container: cAdvisor's `id`/`name`, kube-state's `container`. */
export function containerCandidatesFromLabels(labels: Record<string, string>): ContainerCandidate[] {
  const keys: [string, ContainerCandidate['kind']][] = [
    ['container_id', 'id'],
    ['id', 'id'],
    ['container_name', 'name'],
    ['container', 'name'],
    ['name', 'name'],
  ];
  return keys
    .filter(([key]) => Object.hasOwn(labels, key))
    .filter(([key]) => key !== 'id' || /docker/.test(labels[key]!)) // cAdvisor's id is a cgroup path
    .filter(([key]) => key !== 'name' || Object.hasOwn(labels, 'image')) // cAdvisor's name comes with image
    .map(([key, kind]) => ({ field: `labels.${key}`, value: labels[key], kind }));
}
