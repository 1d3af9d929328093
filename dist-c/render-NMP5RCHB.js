import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  REPORT_FORMATS,
  parseReportFormat,
  renderReport
} from "./chunk-CYP3YIAM.js";
import "./chunk-WH65N5NF.js";
import "./chunk-RBUMQWAE.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-U7K5EBAV.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-LUHRMFHS.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  REPORT_FORMATS,
  parseReportFormat,
  renderReport
};
