import {
  REPORT_FORMATS,
  parseReportFormat,
  renderReport
} from "./chunk-7P6UVESU.js";
import "./chunk-EBT4LAK7.js";
import "./chunk-DSDNAXDN.js";
import "./chunk-GCLPYPTX.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-JMAPXXTL.js";
export {
  REPORT_FORMATS,
  parseReportFormat,
  renderReport
};
