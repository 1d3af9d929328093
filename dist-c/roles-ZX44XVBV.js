import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ROLES,
  expandRoles,
  loadRoles,
  rolesFilePath,
  rolesFileSchema
} from "./chunk-VNXYISXP.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  ROLES,
  expandRoles,
  loadRoles,
  rolesFilePath,
  rolesFileSchema
};
