import type { FastifyReply } from 'fastify';
import { html, type SafeHtml } from '../../report/html-template.js';
import type { RequestIdentity } from '../auth/identity.js';
import { csrfTokenOf, type ConsoleSession } from './sessions.js';

/**
 * Nothing inline, nothing from elsewhere: the one script and stylesheet come from this origin,
 * forms post only here, no page may frame the console.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers on every console response. Referrer same-origin: a stricter policy would send Origin: null on our own posts. */
export function securityHeaders(reply: FastifyReply, csp = CONSOLE_CSP): FastifyReply {
  return reply.headers({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  });
}

export interface Viewer {
  session: ConsoleSession;
  identity: RequestIdentity;
}

/** A hidden field with the session's CSRF token; every console form carries one. */
export function csrfField(viewer: Viewer): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrfTokenOf(viewer.session)}">`;
}

export function page(options: { title: string; viewer?: Viewer; events?: string; body: SafeHtml }): string {
  const { viewer } = options;
  const nav = viewer
    ? html`<nav aria-label="Console">
  <a class="brand" href="/ui/">irctl</a>
  <a href="/ui/">Incidents</a>
  <a href="/ui/silences">Silences</a>
  <span class="who">Signed in as <strong>${viewer.identity.actor}</strong> (${viewer.identity.roles[0] ?? 'no role'})</span>
  <form method="post" action="/ui/sign-out">${csrfField(viewer)}<button type="submit">Sign out</button></form>
</nav>`
    : html`<nav aria-label="Console"><a class="brand" href="/ui/">irctl</a></nav>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · irctl</title>
<link rel="icon" href="/ui/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/ui/console.css">
<script src="/ui/console.js" defer></script>
</head>
<body${options.events ? html` data-events="${options.events}"` : ''}>
<a class="skip" href="#main">Skip to content</a>
<header>${nav}</header>
<main id="main" tabindex="-1">
${options.body}
<p id="live-status" class="live-status" role="status" aria-live="polite"></p>
</main>
</body>
</html>
`.value;
}

/** "3 h left", "12 min over": the same wording the script keeps current. */
export function clockText(deadlineIso: string, now: number): string {
  const left = Date.parse(deadlineIso) - now;
  const minutes = Math.round(Math.abs(left) / 60_000);
  const text = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return left >= 0 ? `${text} left` : `${text} over`;
}

export function when(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
