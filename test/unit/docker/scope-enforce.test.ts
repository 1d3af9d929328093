import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPE } from '../../../src/config.js';
import { enforceScope, OutOfScopeError } from '../../../src/docker/scope.js';
import { RefusedError } from '../../../src/errors.js';

const container = (labels: Record<string, string>, name = 'web-1') => ({ id: 'f'.repeat(64), host: 'local', name, labels });

describe("enforceScope (an alert-opened incident's steps)", () => {
  it('lets a container inside the recorded scope through', () => {
    expect(() => enforceScope(container({ 'irctl.protect': 'true' }), { server: DEFAULT_SCOPE })).not.toThrow();
  });

  it('refuses one outside it, naming the rule it failed and the container', () => {
    let caught: unknown;
    try {
      enforceScope(container({}, 'db-1'), { server: DEFAULT_SCOPE });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutOfScopeError);
    expect(caught).toBeInstanceOf(RefusedError); // exit 4, code REFUSED
    const error = caught as OutOfScopeError;
    expect(error.code).toBe('REFUSED');
    expect(error.message).toMatch(/^refused: container "db-1" on host "local" is outside the server's scope \(label irctl\.protect=true\)/);
    expect(error.details).toMatchObject({ container_id: 'f'.repeat(64), container_name: 'db-1', host: 'local' });
  });

  it("holds the key's own rules too, when the key that posted the alert had any", () => {
    const scope = { server: DEFAULT_SCOPE, key: [{ compose_projects: ['payments'] }] };
    expect(() => enforceScope(container({ 'irctl.protect': 'true', 'com.docker.compose.project': 'payments' }), scope)).not.toThrow();
    expect(() => enforceScope(container({ 'irctl.protect': 'true', 'com.docker.compose.project': 'search' }), scope)).toThrow(
      /outside this API key's scope \(compose project payments\)/,
    );
  });
});
