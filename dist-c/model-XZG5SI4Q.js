import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  buildReport
} from "./chunk-W7QWCAPU.js";
import "./chunk-RBUMQWAE.js";
import "./chunk-U2N7A6JM.js";
import "./chunk-E34VK4DJ.js";
import "./chunk-SFHTDEVQ.js";
import "./chunk-HYS6PUCY.js";
import "./chunk-IN4RJBDR.js";
import "./chunk-STHBQWTZ.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-U7K5EBAV.js";
import "./chunk-ZXGC47PD.js";
import "./chunk-QXBLVMJS.js";
import "./chunk-C77XJCVS.js";
import "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-LUHRMFHS.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  buildReport
};
