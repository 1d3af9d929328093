import type { ActionDefinition } from '../contract.js';
import { investigateDiffReview } from './diff-review.js';
import { investigateGrep } from './grep.js';
import { investigateImage } from './image.js';
import { investigateNetwork } from './network.js';
import { investigateProcesses } from './processes.js';

// Investigation actions: each reads verified evidence of the incident and stores findings.
export const investigateActions: ActionDefinition[] = [
  investigateGrep,
  investigateDiffReview,
  investigateProcesses,
  investigateNetwork,
  investigateImage,
] as ActionDefinition[];
