// The one list of actions. The runbook schema, `irctl actions list` and docs/actions.md are made
// from it, so an action cannot exist without its schema and its description.
import type { ActionDefinition } from './contract.js';
import { coreLog } from './core/log.js';
import { coreSleep } from './core/sleep.js';
import { coreFail } from './core/fail.js';
import { execHost } from './exec/host.js';
import { firewallBlock } from './firewall/block.js';
import { dockerActions } from './docker/index.js';
import { evidenceActions } from './evidence/index.js';
import { investigateActions } from './investigate/index.js';
import { recoverActions } from './recover/index.js';

export const actions: readonly ActionDefinition[] = [
  coreLog,
  coreSleep,
  coreFail,
  execHost,
  firewallBlock,
  ...dockerActions,
  ...evidenceActions,
  ...investigateActions,
  ...recoverActions,
] as readonly ActionDefinition[];

const byName = new Map(actions.map((action) => [action.name, action]));

export function findAction(name: string): ActionDefinition | undefined {
  return byName.get(name as ActionDefinition['name']);
}

export function actionNames(): string[] {
  return [...byName.keys()].sort();
}
