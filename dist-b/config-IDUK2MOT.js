import {
  BUILTIN_RUNBOOKS,
  DEFAULT_ESCALATION,
  DEFAULT_SCOPE,
  configSchema,
  loadConfig,
  resolvePaths,
  scopeRuleSchema
} from "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-JMAPXXTL.js";
export {
  BUILTIN_RUNBOOKS,
  DEFAULT_ESCALATION,
  DEFAULT_SCOPE,
  configSchema,
  loadConfig,
  resolvePaths,
  scopeRuleSchema
};
