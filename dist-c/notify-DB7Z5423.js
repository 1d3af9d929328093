import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  DEFAULT_RETRY,
  MAX_QUEUED,
  createNotifier,
  redactUrl
} from "./chunk-XVFRLVLE.js";
import "./chunk-LUHRMFHS.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";
export {
  DEFAULT_RETRY,
  MAX_QUEUED,
  createNotifier,
  redactUrl
};
