import type { ActionDefinition } from '../contract.js';
import { recoverRecreate } from './recreate.js';
import { recoverRelease } from './release.js';
import { recoverVerify } from './verify.js';
import { recoverWatch } from './watch.js';

// Recovery actions: release containment, replace from a clean image, verify, watch for recurrence.
export const recoverActions: ActionDefinition[] = [recoverRelease, recoverRecreate, recoverVerify, recoverWatch] as ActionDefinition[];
