import {
  DEFAULT_RETRY,
  MAX_QUEUED,
  createNotifier,
  redactUrl
} from "./chunk-4JQ7EL7Y.js";
import "./chunk-GCLPYPTX.js";
import "./chunk-JMAPXXTL.js";
export {
  DEFAULT_RETRY,
  MAX_QUEUED,
  createNotifier,
  redactUrl
};
