import { describe, expect, it } from 'vitest';
import { containerCandidatesFromLabels, resolveContainer } from '../../../src/alerts/container.js';

describe('container references', () => {
  it('accepts a docker id and a docker name, stripping the leading slash Docker prints', () => {
    expect(resolveContainer([{ field: 'a', value: 'ee97d9c4186f', kind: 'id' }]).container).toBe('ee97d9c4186f');
    expect(resolveContainer([{ field: 'a', value: '/web-1', kind: 'name' }]).container).toBe('web-1');
  });

  it('falls back to the next candidate and says what was wrong with each refused one', () => {
    const reference = resolveContainer([
      { field: 'id', value: 'ABC', kind: 'id' },
      { field: 'name', value: '-bad', kind: 'name' },
    ]);
    expect(reference.container).toBeUndefined();
    expect(reference.containerProblem).toBe('id "ABC" is not a valid container id; name "-bad" is not a valid container name');
  });

  it('refuses names with shell metacharacters or over 128 characters', () => {
    expect(resolveContainer([{ field: 'n', value: 'web;rm -rf /', kind: 'name' }]).container).toBeUndefined();
    expect(resolveContainer([{ field: 'n', value: `a${'b'.repeat(128)}`, kind: 'name' }]).container).toBeUndefined();
  });

  it('finds a container in Prometheus labels, preferring ids', () => {
    const labels = { container_name: 'web-1', container_id: 'ee97d9c4186f' };
    expect(resolveContainer(containerCandidatesFromLabels(labels)).container).toBe('ee97d9c4186f');
    expect(resolveContainer(containerCandidatesFromLabels({ name: 'web-1' })).container).toBeUndefined(); // `name` alone is not cAdvisor's
  });
});
