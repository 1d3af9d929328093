import type { Command } from 'commander';
import { openServices, type Services } from '../services.js';
import type { GlobalOptions } from './global-options.js';

/** The services a command works with, opened from the global options (--home, --db, --as, …). */
export function servicesFor(command: Command): Services {
  return openServices(command.optsWithGlobals<GlobalOptions>());
}
