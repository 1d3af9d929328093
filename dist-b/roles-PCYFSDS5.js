import {
  ROLES,
  expandRoles,
  loadRoles,
  rolesFilePath,
  rolesFileSchema
} from "./chunk-QCYQ7BMR.js";
import "./chunk-JMAPXXTL.js";
export {
  ROLES,
  expandRoles,
  loadRoles,
  rolesFilePath,
  rolesFileSchema
};
