// dist/runbook/duration.js
import { z } from "zod";
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
var DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
function parseDuration(text) {
  const match = DURATION.exec(text.trim());
  if (!match)
    throw new Error(`"${text}" is not a duration (expected e.g. 500ms, 10s, 15m, 4h, 1d)`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
var durationSchema = z.string().regex(DURATION, "expected a duration such as 500ms, 10s, 15m, 4h, 1d");

// dist/ip-range.js
import { BlockList, isIP } from "node:net";
function isRange(text) {
  const [base, prefix, extra] = text.split("/");
  if (extra !== void 0 || !base)
    return false;
  const family = isIP(base);
  if (family === 0)
    return false;
  if (prefix === void 0)
    return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits >= 0 && bits <= (family === 6 ? 128 : 32);
}
function rangeContains(range, address) {
  if (!isRange(range) || isIP(address) === 0)
    return false;
  const [base, prefix] = range.split("/");
  if (isIP(base) !== isIP(address))
    return false;
  const type = isIP(base) === 6 ? "ipv6" : "ipv4";
  const list = new BlockList();
  if (prefix === void 0)
    list.addAddress(base, type);
  else
    list.addSubnet(base, Number(prefix), type);
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

export {
  parseDuration,
  durationSchema,
  isRange,
  rangeContains
};
