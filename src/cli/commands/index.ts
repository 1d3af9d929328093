import type { Command } from 'commander';
import { registerRunbookCommands } from './runbook/index.js';
import { registerRunCommands } from './run/index.js';
import { registerApprovalCommands } from './approvals/index.js';
import { registerKeyCommands } from './keys/index.js';
import { registerActionCommands } from './actions/index.js';
import { registerCustodyCommands } from './custody/index.js';
import { registerEvidenceCommands } from './evidence/index.js';
import { registerAlertCommands } from './alerts/index.js';
import { registerFindingsCommands } from './findings/index.js';
import { registerServeCommands } from './serve/index.js';
import { registerReportCommands } from './report/index.js';
import { registerReleaseCommands } from './release/index.js';
import { registerDoctorCommand } from './doctor/index.js';
import { registerOncallCommands } from './oncall/index.js';

/** Each command group registers its own commands; this is the one list of groups. */
export function registerCommands(program: Command): void {
  registerRunbookCommands(program);
  registerRunCommands(program);
  registerApprovalCommands(program);
  registerKeyCommands(program);
  registerActionCommands(program);
  registerCustodyCommands(program);
  registerEvidenceCommands(program);
  registerAlertCommands(program);
  registerFindingsCommands(program);
  registerServeCommands(program);
  registerReportCommands(program);
  registerReleaseCommands(program);
  registerDoctorCommand(program);
  registerOncallCommands(program);
}
