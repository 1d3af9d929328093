import {
  IrctlError
} from "./chunk-JMAPXXTL.js";

// dist/cli/output.js
import { createRequire } from "node:module";
import { createColors } from "picocolors";
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
var color = createColors(colorEnabled());
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
