import {
  buildReport
} from "./chunk-4I2CUKCE.js";
import "./chunk-JMMGUXVQ.js";
import "./chunk-KT6XSSTL.js";
import "./chunk-DSDNAXDN.js";
import "./chunk-PPE2D4RA.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import "./chunk-JOVG2KOV.js";
import "./chunk-H6XEEHUO.js";
import "./chunk-ZGDHL663.js";
import "./chunk-R7BDC3QQ.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import "./chunk-72I7VOGQ.js";
import "./chunk-GCLPYPTX.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import "./chunk-IPAKTWBZ.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-JMAPXXTL.js";
export {
  buildReport
};
