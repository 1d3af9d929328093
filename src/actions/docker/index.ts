import type { ActionDefinition } from '../contract.js';
import { dockerIsolate } from './isolate.js';
import { dockerKill } from './kill.js';
import { dockerLimit } from './limit.js';
import { dockerPause } from './pause.js';
import { dockerRestartPolicy } from './restart-policy.js';
import { dockerStop } from './stop.js';
import { dockerUnpause } from './unpause.js';

// Containment actions on Docker, one module each.
export const dockerActions: ActionDefinition[] = [
  dockerIsolate,
  dockerPause,
  dockerUnpause,
  dockerRestartPolicy,
  dockerLimit,
  dockerStop,
  dockerKill,
] as ActionDefinition[];
