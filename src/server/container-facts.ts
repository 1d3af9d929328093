import type { ParsedNotification } from '../alerts/alert.js';
import { checkObjectRef } from '../docker/safe-client.js';

/** What the events watcher may ask the engine about a container an event names. */
export interface ContainerInspector {
  getContainer(id: string): { inspect(): Promise<{ HostConfig?: { Privileged?: boolean; CapAdd?: string[] | null }; Config?: { User?: string } }> };
}

/**
 * A `start` event does not say how the container was started. Ask the engine, so a runbook can
 * trigger on `output_fields: { container.privileged: "true" }` or on added capabilities. A container
 * gone before it could be inspected keeps the event as it was.
 */
export async function addContainerFacts(notification: ParsedNotification, engine: ContainerInspector): Promise<ParsedNotification> {
  for (const alert of notification.alerts) {
    const id = alert.output_fields['container.id'];
    if (alert.output_fields['docker.action'] !== 'start' || typeof id !== 'string') continue;
    try {
      const info = await engine.getContainer(checkObjectRef('container', id)).inspect();
      alert.output_fields['container.privileged'] = Boolean(info.HostConfig?.Privileged);
      alert.output_fields['container.cap_add'] = (info.HostConfig?.CapAdd ?? []).join(',');
      alert.output_fields['container.user'] = info.Config?.User || 'root';
    } catch {
      alert.notes.push('the container could not be inspected (gone already?): privilege facts unknown');
    }
  }
  return notification;
}
