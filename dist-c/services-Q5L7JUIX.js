import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openServices,
  resolveActor
} from "./chunk-OJSSQ7C5.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-VNXYISXP.js";
import "./chunk-U7K5EBAV.js";
import "./chunk-WWDZUR2Q.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  openServices,
  resolveActor
};
