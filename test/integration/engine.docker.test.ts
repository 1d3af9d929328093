import { describe, expect, it } from 'vitest';
import { testDocker, startVictim, removeQuietly } from '../helpers/docker.js';

describe('test engine', () => {
  it('starts a real container from the local test image through dockerode', async () => {
    const docker = testDocker();
    const victim = await startVictim(docker);
    try {
      const info = await victim.inspect();
      expect(info.State.Running).toBe(true);
    } finally {
      await removeQuietly(victim);
    }
  });
});
