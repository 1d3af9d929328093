import {
  openServices
} from "./chunk-VIEP5AEZ.js";

// dist/cli/command-services.js
function servicesFor(command) {
  return openServices(command.optsWithGlobals());
}

export {
  servicesFor
};
