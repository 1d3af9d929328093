import type { Config } from '../config.js';

// Which configured Docker host an alert is about. Falco says `hostname`, Alertmanager's labels
// `instance` (often host:port); config.yaml's `hosts.<name>.alert_names` maps them.

export type HostChoice = { host: string } | { problem: string };

/**
 * The host named by the trigger's `host` input (must be configured), else the host the alert's
 * host text maps to. With no `alert_names` anywhere in the config (one engine, no mapping), every
 * alert is about "local". Once a mapping exists, an alert from a host it does not know is refused.
 */
export function chooseAlertHost(
  config: Pick<Config, 'hosts'>,
  knownHosts: readonly string[],
  alertHost: string | undefined,
  inputHost: string | undefined,
): HostChoice {
  if (inputHost !== undefined) {
    if (knownHosts.includes(inputHost)) return { host: inputHost };
    return { problem: `the trigger names host "${inputHost}", which is not configured (configured: ${knownHosts.join(', ')})` };
  }
  if (alertHost === undefined || alertHost === '') return { host: 'local' };
  const bare = alertHost.replace(/:\d{1,5}$/, '');
  for (const [name, host] of Object.entries(config.hosts)) {
    if (name === alertHost || name === bare) return { host: name };
    if (host.alert_names?.some((known) => known === alertHost || known === bare)) return { host: name };
  }
  const mapped = Object.values(config.hosts).some((host) => host.alert_names && host.alert_names.length > 0);
  if (!mapped) return { host: 'local' };
  return { problem: `the alert comes from host "${alertHost.slice(0, 100)}", which no configured host lists in alert_names` };
}
