import type { ActionDefinition } from '../contract.js';
import { evidenceCommit } from './commit.js';
import { evidenceDiff } from './diff.js';
import { evidenceExport } from './export.js';
import { evidenceFiles } from './files.js';
import { evidenceHostCommand } from './host-command.js';
import { evidenceInspect } from './inspect.js';
import { evidenceLogs } from './logs.js';
import { evidenceNetwork } from './network.js';
import { evidenceProcesses } from './processes.js';

// Evidence capture actions, one module each, in order of volatility (RFC 3227).
export const evidenceActions: ActionDefinition[] = [
  evidenceInspect,
  evidenceProcesses,
  evidenceNetwork,
  evidenceLogs,
  evidenceDiff,
  evidenceFiles,
  evidenceCommit,
  evidenceExport,
  evidenceHostCommand,
] as ActionDefinition[];
