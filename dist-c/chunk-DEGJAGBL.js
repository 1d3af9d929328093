import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openServices
} from "./chunk-OJSSQ7C5.js";

// dist/cli/command-services.js
function servicesFor(command) {
  return openServices(command.optsWithGlobals());
}

export {
  servicesFor
};
