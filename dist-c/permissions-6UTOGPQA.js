import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  COMMAND_ACTS,
  PERMISSIONS,
  requireRole
} from "./chunk-CHZ3CMJ4.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  COMMAND_ACTS,
  PERMISSIONS,
  requireRole
};
