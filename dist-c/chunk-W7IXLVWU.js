import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  IrctlError
} from "./chunk-HPPMOGYY.js";
import {
  __commonJS,
  __toESM
} from "./chunk-VF57VZD3.js";

// node_modules/picocolors/picocolors.js
var require_picocolors = __commonJS({
  "node_modules/picocolors/picocolors.js"(exports, module) {
    var p = process || {};
    var argv = p.argv || [];
    var env = p.env || {};
    var isColorSupported = !(!!env.NO_COLOR || argv.includes("--no-color")) && (!!env.FORCE_COLOR || argv.includes("--color") || p.platform === "win32" || (p.stdout || {}).isTTY && env.TERM !== "dumb" || !!env.CI);
    var formatter = (open, close, replace = open) => (input) => {
      let string = "" + input, index = string.indexOf(close, open.length);
      return ~index ? open + replaceClose(string, close, replace, index) + close : open + string + close;
    };
    var replaceClose = (string, close, replace, index) => {
      let result = "", cursor = 0;
      do {
        result += string.substring(cursor, index) + replace;
        cursor = index + close.length;
        index = string.indexOf(close, cursor);
      } while (~index);
      return result + string.substring(cursor);
    };
    var createColors2 = (enabled = isColorSupported) => {
      let f = enabled ? formatter : () => String;
      return {
        isColorSupported: enabled,
        reset: f("\x1B[0m", "\x1B[0m"),
        bold: f("\x1B[1m", "\x1B[22m", "\x1B[22m\x1B[1m"),
        dim: f("\x1B[2m", "\x1B[22m", "\x1B[22m\x1B[2m"),
        italic: f("\x1B[3m", "\x1B[23m"),
        underline: f("\x1B[4m", "\x1B[24m"),
        inverse: f("\x1B[7m", "\x1B[27m"),
        hidden: f("\x1B[8m", "\x1B[28m"),
        strikethrough: f("\x1B[9m", "\x1B[29m"),
        black: f("\x1B[30m", "\x1B[39m"),
        red: f("\x1B[31m", "\x1B[39m"),
        green: f("\x1B[32m", "\x1B[39m"),
        yellow: f("\x1B[33m", "\x1B[39m"),
        blue: f("\x1B[34m", "\x1B[39m"),
        magenta: f("\x1B[35m", "\x1B[39m"),
        cyan: f("\x1B[36m", "\x1B[39m"),
        white: f("\x1B[37m", "\x1B[39m"),
        gray: f("\x1B[90m", "\x1B[39m"),
        bgBlack: f("\x1B[40m", "\x1B[49m"),
        bgRed: f("\x1B[41m", "\x1B[49m"),
        bgGreen: f("\x1B[42m", "\x1B[49m"),
        bgYellow: f("\x1B[43m", "\x1B[49m"),
        bgBlue: f("\x1B[44m", "\x1B[49m"),
        bgMagenta: f("\x1B[45m", "\x1B[49m"),
        bgCyan: f("\x1B[46m", "\x1B[49m"),
        bgWhite: f("\x1B[47m", "\x1B[49m"),
        blackBright: f("\x1B[90m", "\x1B[39m"),
        redBright: f("\x1B[91m", "\x1B[39m"),
        greenBright: f("\x1B[92m", "\x1B[39m"),
        yellowBright: f("\x1B[93m", "\x1B[39m"),
        blueBright: f("\x1B[94m", "\x1B[39m"),
        magentaBright: f("\x1B[95m", "\x1B[39m"),
        cyanBright: f("\x1B[96m", "\x1B[39m"),
        whiteBright: f("\x1B[97m", "\x1B[39m"),
        bgBlackBright: f("\x1B[100m", "\x1B[49m"),
        bgRedBright: f("\x1B[101m", "\x1B[49m"),
        bgGreenBright: f("\x1B[102m", "\x1B[49m"),
        bgYellowBright: f("\x1B[103m", "\x1B[49m"),
        bgBlueBright: f("\x1B[104m", "\x1B[49m"),
        bgMagentaBright: f("\x1B[105m", "\x1B[49m"),
        bgCyanBright: f("\x1B[106m", "\x1B[49m"),
        bgWhiteBright: f("\x1B[107m", "\x1B[49m")
      };
    };
    module.exports = createColors2();
    module.exports.createColors = createColors2;
  }
});

// dist/cli/output.js
var import_picocolors = __toESM(require_picocolors(), 1);
import { createRequire } from "node:module";
function stdOutput(json) {
  return {
    json,
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}
`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}
`)
  };
}
function colorEnabled(env = process.env, isTTY = Boolean(process.stdout.isTTY)) {
  if (env.NO_COLOR)
    return false;
  if (env.FORCE_COLOR !== void 0)
    return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY && env.TERM !== "dumb";
}
var color = (0, import_picocolors.createColors)(colorEnabled());
function printJson(output, value) {
  output.out(JSON.stringify(value, null, 2));
}
var require2 = createRequire(import.meta.url);
function table(head, rows) {
  const Table = require2("cli-table3");
  const t = new Table({
    head: head.map((h) => color.bold(h)),
    style: { head: [], border: [] },
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "  "
    }
  });
  for (const row of rows)
    t.push(row.map((cell) => cell === null || cell === void 0 ? "" : String(cell)));
  return t.toString();
}
function formatError(error, json) {
  if (error instanceof IrctlError) {
    if (json)
      return JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint, details: error.details } });
    return `${color.red("error:")} ${error.message}${error.hint ? `
${color.dim("hint:")} ${error.hint}` : ""}`;
  }
  const stack = error instanceof Error ? error.stack ?? error.message : String(error);
  if (json)
    return JSON.stringify({ error: { code: "BUG", message: String(error?.message ?? error) } });
  return `${color.red("irctl hit an unexpected error (a bug; please report it with this output):")}
${stack}`;
}

export {
  stdOutput,
  color,
  printJson,
  table,
  formatError
};
