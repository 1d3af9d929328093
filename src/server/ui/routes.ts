import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyApiKey } from '../../auth/keys.js';
import { findGate, recordDecision } from '../../engine/approvals.js';
import { FINAL_STATUSES, getIncident } from '../../engine/incidents.js';
import { IntegrityError } from '../../errors.js';
import { html } from '../../report/html-template.js';
import { STEP_ID } from '../../runbook/schema.js';
import type { Services } from '../../services.js';
import { RequestRejectedError } from '../http-error.js';
import { checkAct } from '../routes/incidents.js';
import type { RunnerPool } from '../runner-pool.js';
import type { Notifier } from '../notify.js';
import { acknowledge } from '../../engine/acknowledgements.js';
import { addSilence, expireSilence, parseMatcher } from '../../alerts/silences.js';
import { parseDuration } from '../../duration.js';
import { renderSilences } from './silences-page.js';
import { CONSOLE_CSS, CONSOLE_ICON, CONSOLE_JS } from './assets.js';
import { consoleStatusOf } from './errors.js';
import { EventStreams } from './events.js';
import { checkCsrf, checkOrigin, clearedCookies, formOf, identityOfSession, sessionCookie, sessionOf, signInFirst } from './guard.js';
import { listFilter, renderIncidentList, runbookNames } from './incident-list.js';
import { page, securityHeaders, type Viewer } from './layout.js';
import { closeSession, openSession, SESSION_TTL_MS } from './sessions.js';

// The report model, renderers and bundle writer load on first use: `irctl serve` starts faster without them.
const incidentPage = () => import('./incident-page.js');
const reporting = async () => ({
  ...(await import('../../report/model.js')),
  ...(await import('../../report/render.js')),
  ...(await import('../../report/export-record.js')),
  ...(await import('../../report/bundle.js')),
});

export interface ConsoleDeps {
  services: Services;
  pool: RunnerPool;
  notifier: Notifier;
  /** A wrong key at sign-in is a failed authentication of its address: rejects with 429 while that address is locked out. */
  signInFailed(request: FastifyRequest): Promise<void>;
}

const INCIDENT_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const SIGN_IN_PER_MINUTE = 30; // per address, whatever headers come along; keys are 256-bit random: this bounds the work, not guessing
// A page refreshes itself on every change of a busy incident: more than the default per-address limit allows.
const PAGES_PER_MINUTE = 600;
// the only messages a redirect may ask to show: nothing from the query string reaches the page
const FLASH: Record<string, string> = {
  recorded: 'Your decision is recorded; the gate waits for more approvals.',
  approved: 'Quorum reached: the gate is approved and the run continues.',
  rejected: 'The gate is rejected.',
  acknowledged: 'You have the page: it stops escalating.',
  'silence-added': 'Silence added.',
  'silence-expired': 'Silence expired.',
};
const SILENCE_ID = /^sil-[0-9a-f]{1,32}$/;

const sendPage = (reply: FastifyReply, status: number, text: string) => securityHeaders(reply).code(status).type('text/html; charset=utf-8').send(text);

function incidentIdOf(request: FastifyRequest<{ Params: { id: string } }>): string {
  const { id } = request.params;
  if (!INCIDENT_ID.test(id)) throw new RequestRejectedError(404, 'not_found', 'no such incident');
  return id;
}

/** Where to go after signing in: a console path of this server, nothing else. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/ui\/[A-Za-z0-9/_.?=&%-]*$/.test(value) && !value.startsWith('//') ? value : '/ui/';
}

function signInPage(next: string, problem?: string): string {
  return page({
    title: 'Sign in',
    body: html`<section class="signin card" aria-labelledby="h-signin">
<h1 id="h-signin">Sign in to irctl</h1>
${problem ? html`<p class="flash error" role="alert">${problem}</p>` : ''}
<form method="post" action="/ui/sign-in">
<input type="hidden" name="next" value="${next}">
<label for="key">API key</label>
<input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required aria-describedby="key-help">
<p id="key-help" class="muted">Your irctl API key (irk_…). It is exchanged for a session cookie and never kept in this browser; an admin makes one with <code>irctl keys create --actor NAME</code>.</p>
<button class="primary" type="submit">Sign in</button>
</form></section>`,
  });
}

/**
 * The responder console under /ui/: server-rendered pages, a session cookie opened with an API key,
 * CSRF token and Origin check on every form, the permission table on every act. Registered as its
 * own fastify context so its error pages are HTML while the JSON API keeps its JSON errors.
 */
export function registerConsole(app: FastifyInstance, deps: ConsoleDeps, done: (error?: Error) => void): void {
  const { services, pool, notifier } = deps;
  const { db } = services;
  const streams = new EventStreams();
  app.addHook('onClose', (_instance, closed) => {
    streams.closeAll();
    closed();
  });

  app.setErrorHandler((error, request, reply) => {
    const shown = consoleStatusOf(error);
    if (shown.status >= 500) request.log.error({ err: error }, 'console request failed');
    if (shown.status === 429 && error instanceof RequestRejectedError) reply.headers(error.headers); // Retry-After of a lock-out
    const body = html`<h1>${shown.status === 403 ? 'Refused' : shown.status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<p class="flash error" role="alert">${shown.message}</p>${shown.hint ? html`<p class="muted">${shown.hint}</p>` : ''}
<p><a href="/ui/">Back to the incidents</a></p>`;
    return sendPage(reply, shown.status, page({ title: 'Error', body }));
  });

  const viewerOf = (request: FastifyRequest): Viewer | undefined => {
    const session = sessionOf(request, db);
    return session ? { session, identity: identityOfSession(session, () => services.roleBook()) } : undefined;
  };
  /** A POST that changes something: from this console's own page, by a signed-in person, with the session's token. */
  const postedBy = (request: FastifyRequest): { viewer: Viewer; form: URLSearchParams } | undefined => {
    checkOrigin(request);
    const viewer = viewerOf(request);
    if (!viewer) return undefined;
    const form = formOf(request);
    checkCsrf(viewer.session, form);
    return { viewer, form };
  };
  const open = { public: true } as const; // the bearer-key hook skips these: the session decides
  const livePage = { ...open, rateLimit: { max: PAGES_PER_MINUTE, timeWindow: 60_000 } };

  app.get('/ui', { config: open }, async (_request, reply) => reply.code(308).header('location', '/ui/').send());
  app.get('/ui/console.css', { config: { ...open, rateLimit: false } }, async (_request, reply) =>
    securityHeaders(reply).header('cache-control', 'public, max-age=300').type('text/css; charset=utf-8').send(CONSOLE_CSS),
  );
  app.get('/ui/console.js', { config: { ...open, rateLimit: false } }, async (_request, reply) =>
    securityHeaders(reply).header('cache-control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(CONSOLE_JS),
  );

  app.get('/ui/icon.svg', { config: { ...open, rateLimit: false } }, async (_request, reply) =>
    securityHeaders(reply).header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(CONSOLE_ICON),
  );
  app.get<{ Querystring: { next?: string } }>('/ui/sign-in', { config: open }, async (request, reply) =>
    sendPage(reply, 200, signInPage(safeNext(request.query.next))),
  );
  app.post('/ui/sign-in', { config: { ...open, rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: 60_000 } } }, async (request, reply) => {
    checkOrigin(request);
    const form = formOf(request);
    const next = safeNext(form.get('next'));
    const key = verifyApiKey(db, form.get('key') ?? '');
    if (!key) {
      await deps.signInFailed(request);
      return sendPage(reply, 401, signInPage(next, 'That API key is unknown, revoked or mistyped.'));
    }
    const session = openSession(db, key);
    services.log.info({ actor: key.actor, keyId: key.keyId }, 'console sign-in');
    return securityHeaders(reply)
      .code(303)
      .header('set-cookie', sessionCookie(request, session.token, SESSION_TTL_MS / 1000))
      .header('location', next)
      .send();
  });
  app.post('/ui/sign-out', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (posted) closeSession(db, posted.viewer.session.token);
    return securityHeaders(reply).code(303).header('set-cookie', clearedCookies()).header('location', '/ui/sign-in').send();
  });

  app.get<{ Querystring: Record<string, string> }>('/ui/', { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer) return signInFirst(request, reply);
    checkAct(viewer.identity, 'incidents.read', 'list incidents');
    const filter = listFilter(request.query, runbookNames(db));
    return sendPage(reply, 200, page({ title: 'Incidents', viewer, events: '/ui/events', body: renderIncidentList(db, filter, Date.now()) }));
  });

  app.get<{ Querystring: { incident?: string } }>('/ui/events', { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer) return reply.code(401).type('text/plain').send('sign in first');
    checkAct(viewer.identity, 'incidents.read', 'follow incidents');
    const incident = request.query.incident;
    if (incident !== undefined && !INCIDENT_ID.test(incident)) throw new RequestRejectedError(404, 'not_found', 'no such incident');
    streams.serve(request, reply, db, incident);
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/ui/incidents/:id', { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer) return signInFirst(request, reply);
    const id = incidentIdOf(request);
    checkAct(viewer.identity, 'incidents.read', 'read incidents');
    const flash = request.query.done ? FLASH[request.query.done] : undefined;
    const { renderIncident } = await incidentPage();
    const { title, body } = await renderIncident(services, viewer, id, flash, Date.now());
    return sendPage(reply, 200, page({ title, viewer, events: `/ui/events?incident=${encodeURIComponent(id)}`, body }));
  });

  // Same rules as POST /v1/incidents/:id/approvals: recordDecision decides, the pool drives a decided gate on.
  app.post<{ Params: { id: string } }>('/ui/incidents/:id/decide', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted) return signInFirst(request, reply);
    const { viewer, form } = posted;
    const id = incidentIdOf(request);
    const decision = form.get('decision');
    if (decision !== 'approve' && decision !== 'reject') throw new RequestRejectedError(400, 'bad_form', 'the decision is approve or reject');
    checkAct(viewer.identity, 'gate.decide', `${decision} a gate of ${id}`);
    const step = form.get('step') ?? undefined;
    if (step !== undefined && !STEP_ID.test(step)) throw new RequestRejectedError(400, 'bad_form', 'the gate is named by a step id');
    const comment = form.get('comment')?.trim() || undefined;
    if (comment && comment.length > 2000) throw new RequestRejectedError(400, 'bad_form', 'a comment is at most 2000 characters');
    const gate = findGate(db, id, step);
    const state = recordDecision(db, {
      incidentId: id,
      stepId: gate.id,
      approval: gate.approval,
      actor: viewer.identity.actor,
      roles: viewer.identity.roles,
      decision,
      comment,
      channel: { via: 'console', key: viewer.identity.key },
    });
    const incident = getIncident(db, id);
    if (state.outcome !== undefined && !FINAL_STATUSES.has(incident.status)) {
      pool.submit({ incidentId: incident.id, runbook: incident.runbook_name, target: incident.target ?? undefined });
    }
    const done = state.outcome === 'approved' ? 'approved' : state.outcome === 'rejected' ? 'rejected' : 'recorded';
    return securityHeaders(reply)
      .code(303)
      .header('location', `/ui/incidents/${encodeURIComponent(id)}?done=${done}`)
      .send();
  });

  // Same as POST /v1/incidents/:id/ack and `irctl ack`: the page stops climbing; on-call hears who has it.
  app.post<{ Params: { id: string } }>('/ui/incidents/:id/ack', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted) return signInFirst(request, reply);
    const { viewer, form } = posted;
    const id = incidentIdOf(request);
    checkAct(viewer.identity, 'incident.ack', `acknowledge ${id}`);
    const comment = form.get('comment')?.trim() || undefined;
    if (comment && comment.length > 2000) throw new RequestRejectedError(400, 'bad_form', 'a comment is at most 2000 characters');
    const incident = getIncident(db, id);
    acknowledge(db, { incidentId: incident.id, actor: viewer.identity.actor, comment });
    notifier.send({
      kind: 'acknowledged',
      incidentId: incident.id,
      runbook: incident.runbook_name,
      severity: incident.severity,
      target: incident.target ?? undefined,
      detail: { actor: viewer.identity.actor, comment: comment ?? null },
    });
    return securityHeaders(reply)
      .code(303)
      .header('location', `/ui/incidents/${encodeURIComponent(id)}?done=acknowledged`)
      .send();
  });

  // Silences, as `irctl silence ls|add|expire` and /v1/silences.
  app.get<{ Querystring: { all?: string; done?: string } }>('/ui/silences', { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer) return signInFirst(request, reply);
    checkAct(viewer.identity, 'silences.read', 'list silences');
    const flash = request.query.done ? FLASH[request.query.done] : undefined;
    return sendPage(reply, 200, page({ title: 'Silences', viewer, events: '/ui/events', body: renderSilences(db, viewer, request.query.all === '1', flash) }));
  });
  app.post('/ui/silences', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted) return signInFirst(request, reply);
    const { viewer, form } = posted;
    checkAct(viewer.identity, 'silences.manage', 'add a silence');
    const lines = (form.get('matchers') ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length > 20) throw new RequestRejectedError(400, 'bad_form', 'a silence has at most 20 matchers');
    addSilence(db, {
      matchers: lines.map(parseMatcher),
      durationMs: parseDuration((form.get('duration') ?? '').trim().slice(0, 16)),
      comment: form.get('comment') ?? '',
      createdBy: viewer.identity.actor,
    });
    return securityHeaders(reply).code(303).header('location', '/ui/silences?done=silence-added').send();
  });
  app.post<{ Params: { id: string } }>('/ui/silences/:id/expire', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted) return signInFirst(request, reply);
    checkAct(posted.viewer.identity, 'silences.manage', `expire silence ${request.params.id}`);
    if (!SILENCE_ID.test(request.params.id)) throw new RequestRejectedError(404, 'not_found', 'no such silence');
    expireSilence(db, request.params.id, posted.viewer.identity.actor);
    return securityHeaders(reply).code(303).header('location', '/ui/silences?done=silence-expired').send();
  });

  // Downloads are exports: recorded in the custody ledger and signed, as `irctl report` and `irctl export` do.
  app.post<{ Params: { id: string } }>('/ui/incidents/:id/report.html', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted) return signInFirst(request, reply);
    const id = incidentIdOf(request);
    checkAct(posted.viewer.identity, 'evidence.export', `export the report of ${id}`);
    const { buildReport, renderReport, recordExport } = await reporting();
    const report = await buildReport(db, {
      incidentId: id,
      evidenceDir: services.paths.evidenceDir,
      home: services.paths.home,
      generatedBy: posted.viewer.identity.actor,
    });
    const content = renderReport(report, 'html');
    if (!report.custody.ok)
      throw new IntegrityError(`the custody chain of ${id} does not verify; no report is handed out`, { hint: `irctl custody verify ${id}` });
    const sha256 = createHash('sha256').update(content).digest('hex');
    recordExport(db, services.paths.home, id, {
      act: 'exported',
      actor: posted.viewer.identity.actor,
      subject: 'report:html',
      details: { format: 'html', file: 'console download', sha256, size: Buffer.byteLength(content) },
    });
    // the report is a document of its own: its inline styles are allowed, scripts and requests are not
    return securityHeaders(reply, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
      .type('text/html; charset=utf-8')
      .header('content-disposition', `inline; filename="${id}-report.html"`)
      .send(content);
  });

  app.post<{ Params: { id: string } }>('/ui/incidents/:id/bundle.tar.gz', { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted) return signInFirst(request, reply);
    const id = incidentIdOf(request);
    checkAct(posted.viewer.identity, 'evidence.export', `export the evidence bundle of ${id}`);
    getIncident(db, id);
    const { exportBundle } = await reporting();
    const dir = await mkdtemp(join(tmpdir(), 'irctl-console-bundle-'));
    try {
      const bundle = await exportBundle({
        db,
        incidentId: id,
        outFile: join(dir, `${id}.tar.gz`),
        evidenceDir: services.paths.evidenceDir,
        home: services.paths.home,
        actor: posted.viewer.identity.actor,
      });
      const stream = createReadStream(bundle.path);
      stream.on('close', () => void rm(dir, { recursive: true, force: true }));
      return securityHeaders(reply)
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${id}.tar.gz"`)
        .header('x-irctl-bundle-sha256', bundle.sha256)
        .send(stream);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  });
  done();
}
