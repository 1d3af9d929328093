// What one demo run creates on the Docker engine, and how it removes exactly that. The engine may
// be shared (other demos, tests, real services): every name carries the run's random suffix and
// every container, image and network its `irctl.demo=<run id>` label; clean-up removes only
// resources with this run's label value (a recreated container inherits the label, a forensic
// image commits it), never "everything labelled irctl.demo".
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';

export const DEMO_LABEL = 'irctl.demo';

export interface DemoRun {
  id: string; // the random suffix: demo-web-<id>, demo-net-<id>, irctl.demo=<id>
  web: string;
  network: string;
  label: Record<string, string>;
}

export function newDemoRun(id = randomBytes(4).toString('hex')): DemoRun {
  return { id, web: `demo-web-${id}`, network: `demo-net-${id}`, label: { [DEMO_LABEL]: id } };
}

/** Remove this run's containers, images and network; anything else, labelled or not, stays. */
export async function removeDemoResources(engine: Docker, run: DemoRun): Promise<string[]> {
  const mine = `${DEMO_LABEL}=${run.id}`;
  const removed: string[] = [];
  for (const info of await engine.listContainers({ all: true, filters: { label: [mine] } })) {
    await engine.getContainer(info.Id).remove({ force: true }).then(() => removed.push(`container ${info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12)}`), () => undefined);
  }
  for (const image of await engine.listImages({ filters: { label: [mine] } })) {
    await engine.getImage(image.Id).remove({ force: true }).then(() => removed.push(`image ${image.Id.slice(7, 19)}`), () => undefined);
  }
  for (const network of await engine.listNetworks({ filters: { label: [mine] } })) {
    if (network.Name === run.network) await engine.getNetwork(network.Id).remove().then(() => removed.push(`network ${network.Name}`), () => undefined);
  }
  return removed;
}
