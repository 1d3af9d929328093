import {
  COMMAND_ACTS,
  PERMISSIONS,
  requireRole
} from "./chunk-Z445M42V.js";
import "./chunk-JMAPXXTL.js";
export {
  COMMAND_ACTS,
  PERMISSIONS,
  requireRole
};
