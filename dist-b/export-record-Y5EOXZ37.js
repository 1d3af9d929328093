import {
  pinHeadForExport,
  recordExport
} from "./chunk-L4PYR2WM.js";
import "./chunk-JOVG2KOV.js";
import "./chunk-72I7VOGQ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-JMAPXXTL.js";
export {
  pinHeadForExport,
  recordExport
};
