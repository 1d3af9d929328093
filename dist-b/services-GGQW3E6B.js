import {
  openServices,
  resolveActor
} from "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import "./chunk-JMAPXXTL.js";
export {
  openServices,
  resolveActor
};
