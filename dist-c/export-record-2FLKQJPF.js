import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  pinHeadForExport,
  recordExport
} from "./chunk-UNBBOY7F.js";
import "./chunk-HYS6PUCY.js";
import "./chunk-AWUUUX57.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  pinHeadForExport,
  recordExport
};
