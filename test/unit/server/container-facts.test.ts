import { describe, expect, it } from 'vitest';
import { parseAlertPayload } from '../../../src/alerts/parsers/index.js';
import { addContainerFacts, type ContainerInspector } from '../../../src/server/container-facts.js';

const startEvent = (id: string) => ({
  Type: 'container',
  Action: 'start',
  Actor: { ID: id, Attributes: { name: 'web', image: 'busybox' } },
  time: 1_700_000_000,
});
const id = 'a'.repeat(64);

describe('facts a start event does not carry', () => {
  it('marks a container started --privileged, with its added capabilities and user', async () => {
    const engine: ContainerInspector = {
      getContainer: () => ({ inspect: async () => ({ HostConfig: { Privileged: true, CapAdd: ['SYS_ADMIN'] }, Config: { User: '' } }) }),
    };
    const [alert] = (await addContainerFacts(parseAlertPayload('docker', startEvent(id)), engine)).alerts;
    expect(alert!.output_fields).toMatchObject({ 'container.privileged': true, 'container.cap_add': 'SYS_ADMIN', 'container.user': 'root' });
  });

  it('keeps the event as it was, with a note, when the container is already gone', async () => {
    const engine: ContainerInspector = { getContainer: () => ({ inspect: async () => Promise.reject(new Error('no such container')) }) };
    const [alert] = (await addContainerFacts(parseAlertPayload('docker', startEvent(id)), engine)).alerts;
    expect(alert!.output_fields['container.privileged']).toBeUndefined();
    expect(alert!.notes.join(' ')).toContain('could not be inspected');
  });
});
