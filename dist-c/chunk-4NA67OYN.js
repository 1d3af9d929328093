import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/runbook/inputs.js
function coerce(name, value, type) {
  if (type === "string")
    return String(value);
  if (type === "number") {
    const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    return Number.isFinite(number) ? number : { problem: `input "${name}" must be a number, got ${JSON.stringify(value)}` };
  }
  if (typeof value === "boolean")
    return value;
  if (value === "true" || value === "false")
    return value === "true";
  return { problem: `input "${name}" must be true or false, got ${JSON.stringify(value)}` };
}
function checkRunbookInputs(runbook, values) {
  const inputs = {};
  const problems = [];
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(runbook.inputs, name))
      problems.push(`input "${name}" is not declared by runbook "${runbook.name}"`);
  }
  for (const [name, declared] of Object.entries(runbook.inputs)) {
    const given = Object.hasOwn(values, name) ? values[name] : void 0;
    const value = given === void 0 || given === null || given === "" ? declared.default : given;
    if (value === void 0) {
      if (declared.required)
        problems.push(`required input "${name}" has no value${declared.description ? ` (${declared.description})` : ""}: give it with --input ${name}=\u2026, or map it from the alert in the trigger`);
      continue;
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      problems.push(`input "${name}" resolved to ${Array.isArray(value) ? "a list" : "an object"}, not a ${declared.type}`);
      continue;
    }
    const coerced = coerce(name, value, declared.type);
    if (typeof coerced === "object") {
      problems.push(coerced.problem);
      continue;
    }
    if (declared.pattern !== void 0 && !patternMatches(declared.pattern, String(coerced))) {
      problems.push(`input "${name}" value ${JSON.stringify(coerced)} does not match the pattern /${declared.pattern}/`);
      continue;
    }
    inputs[name] = coerced;
  }
  return { inputs, problems };
}
function patternMatches(pattern, value) {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

export {
  checkRunbookInputs
};
