import type { ActionDefinition } from '../contract.js';
import { recoverRecreate } from './recreate.js';
import { recoverRelease } from './release.js';
import { recoverVerify } from './verify.js';
import { recoverWatch } from './watch.js';

// What `irctl release` (src/engine/release-containment.ts) uses of recovery outside a run: the
// group's public surface, so nothing outside src/actions reaches into its modules.
export { recoverRelease };
export { isolationOf } from './containment-history.js';
export { shortName, targetById } from './container-ops.js';
export { chooseImage, describeChoice } from './image-choice.js';

// Recovery actions: release containment, replace from a clean image, verify, watch for recurrence.
export const recoverActions: ActionDefinition[] = [recoverRelease, recoverRecreate, recoverVerify, recoverWatch] as ActionDefinition[];
