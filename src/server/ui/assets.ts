// The console's only stylesheet and only script, served as files from this origin (the CSP
// allows nothing inline). Kept as constants so the build has nothing to copy.

export const CONSOLE_CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa;
  --accent: #0550ae; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --focus: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --card: #161b22;
    --accent: #79c0ff; --ok: #3fb950; --warn: #d29922; --bad: #ff7b72; --focus: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; overflow-wrap: anywhere; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 8px; z-index: 2; }
header { border-bottom: 1px solid var(--line); background: var(--card); }
header nav { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px; max-width: 1200px; margin: 0 auto; }
header .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
header .who { margin-left: auto; color: var(--muted); font-size: 14px; }
header form { margin: 0; }
main { padding: 12px; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 22px; margin: 8px 0 12px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 24px 0 8px; }
section { margin-bottom: 16px; }
button, .button { font: inherit; min-height: 44px; padding: 8px 16px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; }
button.primary { background: var(--ok); border-color: var(--ok); color: #fff; }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
input, select, textarea { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-height: 44px; max-width: 100%; }
textarea { width: 100%; min-height: 88px; }
label { display: block; font-weight: 600; margin: 8px 0 4px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
.filters label { margin: 0; }
.filters select { display: block; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { text-align: left; padding: 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
td.hash, .hash { word-break: break-all; }
code, pre, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card); padding: 8px; border-radius: 6px; margin: 4px 0; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; border: 1px solid currentColor; font-size: 13px; font-weight: 600; white-space: nowrap; }
.sev-critical, .bad, .sla-breached { color: var(--bad); }
.sev-high, .warn, .sla-at-risk { color: var(--warn); }
.sev-medium { color: var(--accent); }
.ok, .sla-met, .sla-on-track { color: var(--ok); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.card > h2:first-child, .card > h1:first-child { margin-top: 0; }
.gate { border: 2px solid var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.phases { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0; }
.phases li { padding: 4px 10px; border-radius: 6px; border: 1px solid var(--line); }
.phases .done { color: var(--ok); border-color: var(--ok); }
.phases .current { color: var(--warn); border-color: var(--warn); font-weight: 700; }
.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.flash { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); }
.error { border-color: var(--bad); }
.signin { max-width: 420px; margin: 10vh auto; }
.signin input { width: 100%; }
.live-status { font-size: 13px; color: var(--muted); }
@media (max-width: 720px) {
  table.cards thead { position: absolute; left: -9999px; }
  table.cards tr { display: block; border: 1px solid var(--line); border-radius: 8px; margin-bottom: 10px; padding: 4px 0; }
  table.cards td { overflow-wrap: anywhere; display: block; position: relative; border: 0; padding: 4px 10px 4px calc(7.5em + 18px); min-height: 1.9em; }
  table.cards td::before { content: attr(data-label); position: absolute; left: 10px; width: 7.5em; color: var(--muted); font-weight: 600; }
  header .who { margin-left: 0; }
}
`;

export const CONSOLE_JS = `'use strict';
// irctl console: live updates over server-sent events. Without this script every page still works
// (reload to see changes); with it, regions marked data-live are replaced in place.
(function () {
  var body = document.body;
  var source = body.getAttribute('data-events');
  var status = document.getElementById('live-status');
  function say(text) { if (status) status.textContent = text; }
  function busy(region) {
    if (region.contains(document.activeElement) && document.activeElement !== document.body) return true;
    var fields = region.querySelectorAll('textarea, input[type=text]');
    for (var i = 0; i < fields.length; i++) if (fields[i].value) return true;
    return false;
  }
  function refresh() {
    fetch(location.href, { headers: { 'X-Irctl-Live': '1' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) { say('Signed out: reload to sign in again.'); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (text) {
        if (!text) return;
        var next = new DOMParser().parseFromString(text, 'text/html');
        var regions = document.querySelectorAll('[data-live]');
        for (var i = 0; i < regions.length; i++) {
          var region = regions[i];
          var fresh = next.getElementById(region.id);
          if (fresh && !busy(region)) region.replaceWith(document.importNode(fresh, true));
        }
        say('Updated ' + new Date().toLocaleTimeString());
        tick();
      })
      .catch(function () { say('Update failed; retrying on the next change.'); });
  }
  function tick() {
    var clocks = document.querySelectorAll('time[data-until]');
    for (var i = 0; i < clocks.length; i++) {
      var left = Date.parse(clocks[i].getAttribute('data-until')) - Date.now();
      var minutes = Math.round(Math.abs(left) / 60000);
      var text = minutes >= 120 ? Math.round(minutes / 60) + ' h' : minutes + ' min';
      clocks[i].textContent = left >= 0 ? text + ' left' : text + ' over';
    }
  }
  setInterval(tick, 30000);
  if (source && window.EventSource) {
    var events = new EventSource(source);
    events.addEventListener('changed', refresh);
    events.addEventListener('open', function () { say('Live'); });
    events.addEventListener('error', function () { say('Reconnecting…'); });
  }
})();
`;

/** A shield, so browsers do not ask for /favicon.ico (which the JSON API would refuse). */
export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1 2 3.5v4C2 11 4.6 14 8 15c3.4-1 6-4 6-7.5v-4z" fill="#cf222e"/></svg>`;
