import type { ActionDefinition } from '../contract.js';

// Containment actions on Docker, one module each.
export const dockerActions: ActionDefinition[] = [];
