import type { ActionDefinition } from '../contract.js';

// Evidence capture actions, one module each, in order of volatility (RFC 3227).
export const evidenceActions: ActionDefinition[] = [];
