import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_LABEL, newDemoRun, removeDemoResources } from '../../scripts/demo-resources.js';
import { removeQuietly, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';

// The demo shares the engine with whatever else runs there: its clean-up removes what its own run
// created, and leaves alone a container another demo (or a person) labelled irctl.demo.
describe("the demo's clean-up", () => {
  const docker = testDocker();
  const bystander = uniqueName('demo-bystander');

  afterAll(() => removeQuietly(docker.getContainer(bystander)));

  it('removes its own container, committed image and network, and leaves a pre-existing irctl.demo container running', async () => {
    const other = await docker.createContainer({ name: bystander, Image: TEST_IMAGE, Labels: { [DEMO_LABEL]: '1', 'irctl.test': '1' } });
    await other.start();

    const run = newDemoRun();
    expect(run.web).toMatch(/^demo-web-[0-9a-f]{8}$/);
    expect(newDemoRun().web).not.toBe(run.web);
    await docker.createNetwork({ Name: run.network, Labels: run.label });
    const web = await docker.createContainer({
      name: run.web,
      Image: TEST_IMAGE,
      Labels: { ...run.label, 'irctl.test': '1' },
      HostConfig: { NetworkMode: run.network },
    });
    await web.start();
    const image = (await web.commit({ repo: `irctl-test/demo-${run.id}`, tag: 'forensic' })) as { Id: string };

    const removed = await removeDemoResources(docker, run);
    expect(removed).toEqual(expect.arrayContaining([`container ${run.web}`, `network ${run.network}`]));
    await expect(docker.getContainer(run.web).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(docker.getNetwork(run.network).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(docker.getImage(image.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await docker.getContainer(bystander).inspect()).State.Running).toBe(true);
  });
});
