import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  BUILTIN_RUNBOOKS,
  DEFAULT_ESCALATION,
  DEFAULT_SCOPE,
  configSchema,
  loadConfig,
  resolvePaths,
  scopeRuleSchema
} from "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  BUILTIN_RUNBOOKS,
  DEFAULT_ESCALATION,
  DEFAULT_SCOPE,
  configSchema,
  loadConfig,
  resolvePaths,
  scopeRuleSchema
};
