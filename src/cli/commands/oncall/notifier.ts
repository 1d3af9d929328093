import type { Services } from '../../../services.js';

/**
 * The notifier a CLI command sends lifecycle events through: the config's default channels and
 * on-call contacts, undeliverable messages recorded on the timeline. Loaded only when the config
 * names a channel, so a command with nothing to tell costs no import. Flush before closing the store.
 */
export async function cliNotifier(services: Services) {
  const { notify, oncall } = services.config;
  if (!notify.webhook && !notify.slack_webhook && oncall.contacts.length === 0) return undefined;
  const { createNotifier } = await import('../../../server/notify.js');
  return createNotifier(services.config, { log: services.log, db: services.db });
}
