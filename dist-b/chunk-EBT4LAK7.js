// dist/report/html-template.js
var SafeHtml = class {
  value;
  constructor(value) {
    this.value = value;
  }
  toString() {
    return this.value;
  }
};
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };
function escapeHtml(text) {
  return text.replace(/[&<>"'`]/g, (char) => ENTITIES[char]);
}
function render(value) {
  if (value === null || value === void 0 || value === false)
    return "";
  if (value instanceof SafeHtml)
    return value.value;
  if (Array.isArray(value))
    return value.map(render).join("");
  return escapeHtml(String(value));
}
function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}
function trusted(constant) {
  return new SafeHtml(constant);
}

export {
  html,
  trusted
};
