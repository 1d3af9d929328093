// An incident that is not there: the CLI says which store it looked in (the store's path, in the
// error's details), while the server's API answers a viewer key without any server file path.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, type Harness } from './server-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ runbooks: ['generic-note.yaml'] });
});
afterAll(async () => {
  await harness.close();
});

describe('an incident that is not there', () => {
  it('is a 404 over HTTP that names no server path', async () => {
    const reply = await harness.server.app.inject({
      method: 'GET',
      url: '/v1/incidents/inc-not-here',
      headers: { authorization: `Bearer ${harness.keys.viewer}` },
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: 'incident "inc-not-here" not found in this store' } });
    expect(reply.body).not.toContain(harness.home);
    expect(reply.body).not.toContain('irctl.db');
  });

  it('tells the CLI which store it looked in', async () => {
    const home = mkdtempSync(join(tmpdir(), 'irctl-not-found-'));
    const result = await runCli(['--home', home, '--json', 'status', 'inc-not-here']);
    expect(result.code).toBe(5);
    expect(JSON.parse(result.err)).toMatchObject({ error: { code: 'NOT_FOUND', details: { incident: 'inc-not-here', store: join(home, 'irctl.db') } } });
  });
});
