import Module, { createRequire } from 'node:module';
import type Docker from 'dockerode';

// dockerode, loaded on the first client, not at import: commands that never reach an engine (help,
// status, reports) do not pay for it.
//
// Loading it also requires ssh2 (docker-modem's agent for ssh:// hosts) and @grpc/grpc-js with
// protobufjs (dockerode's BuildKit sessions) at once: ~120 ms of CPU on every `irctl run`, for code
// a run over a unix socket or tcp never calls. Both modules export one function; a stand-in placed
// in the require cache under the real file's name loads the real module on its first call, so
// ssh:// hosts and sessions work as before.
const require = createRequire(import.meta.url);
let DockerClass: typeof Docker | undefined;

export function loadDockerode(): typeof Docker {
  if (DockerClass) return DockerClass;
  const dockerodeMain = require.resolve('dockerode');
  const modemMain = createRequire(dockerodeMain).resolve('docker-modem');
  deferFunctionModule(createRequire(modemMain).resolve('./ssh'));
  deferFunctionModule(createRequire(dockerodeMain).resolve('./session'));
  return (DockerClass = require('dockerode') as typeof Docker);
}

/** Put a stand-in for a CommonJS module that exports one function in the require cache. */
export function deferFunctionModule(filename: string): void {
  if (require.cache[filename]) return; // already loaded for real
  let real: ((...args: unknown[]) => unknown) | undefined;
  const standIn = new Module(filename);
  standIn.filename = filename;
  standIn.loaded = true;
  standIn.exports = function deferred(this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      delete require.cache[filename];
      real = require(filename) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  require.cache[filename] = standIn;
}
