import { formatMatcher, listSilences } from '../../alerts/silences.js';
import { html, type SafeHtml } from '../../report/html-template.js';
import type { Db } from '../../store/db.js';
import { permits } from './permits.js';
import { csrfField, when, type Viewer } from './layout.js';

/** Silences (src/alerts/silences.ts): the active ones, or all with ?all=1; add and expire for operators. */
export function renderSilences(db: Db, viewer: Viewer, all: boolean, flash: string | undefined): SafeHtml {
  const silences = listSilences(db, { all });
  const manage = permits(viewer.identity, 'silences.manage');
  const rows = silences.map(
    (silence) => html`<tr data-silence="${silence.id}">
<td data-label="Silence"><code>${silence.id}</code><br><span class="${silence.state === 'active' ? 'warn' : 'muted'}">${silence.state}</span></td>
<td data-label="Matchers">${silence.matchers.map((m) => html`<code>${formatMatcher(m)}</code><br>`)}</td>
<td data-label="Until">${when(silence.endsAt)}</td>
<td data-label="Why">${silence.comment} <span class="muted">— ${silence.createdBy}${silence.expiredBy ? `, expired by ${silence.expiredBy}` : ''}</span></td>
<td data-label="Held back">${silence.suppressed} alert${silence.suppressed === 1 ? '' : 's'}</td>
<td data-label="">${
      manage && silence.state === 'active'
        ? html`<form method="post" action="/ui/silences/${silence.id}/expire">${csrfField(viewer)}<button type="submit" aria-label="Expire silence ${silence.id}">Expire</button></form>`
        : ''
    }</td>
</tr>`,
  );
  const add = manage
    ? html`<section aria-labelledby="h-add" class="card">
<h2 id="h-add">Add a silence</h2>
<form method="post" action="/ui/silences">
${csrfField(viewer)}
<label for="matchers">Matchers, one per line</label>
<textarea id="matchers" name="matchers" required aria-describedby="matchers-help" spellcheck="false"></textarea>
<p id="matchers-help" class="muted">Alertmanager style: <code>rule=Terminal shell in container</code>, <code>container=web-1</code>, <code>rule=~Terminal.*</code>, <code>severity!~low|info</code>. An alert every matcher matches opens nothing while the silence lasts.</p>
<label for="duration">For</label>
<input id="duration" name="duration" required value="2h" aria-describedby="duration-help">
<p id="duration-help" class="muted">e.g. 30m, 2h, 1d (at most 90 days)</p>
<label for="silence-comment">Why</label>
<input id="silence-comment" name="comment" required maxlength="1000">
<div class="actions"><button class="primary" type="submit">Add silence</button></div>
</form></section>`
    : html`<p class="muted">Adding and expiring silences needs the operator role.</p>`;
  return html`<h1>Silences</h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
<p>${all ? html`Showing every silence. <a href="/ui/silences">Active only</a>` : html`Showing active silences. <a href="/ui/silences?all=1">Show expired ones too</a>`}</p>
<section id="silence-list" data-live aria-labelledby="silence-caption">
<table class="cards"><caption id="silence-caption">${silences.length} silence${silences.length === 1 ? '' : 's'}</caption>
<thead><tr><th scope="col">Silence</th><th scope="col">Matchers</th><th scope="col">Until</th><th scope="col">Why</th><th scope="col">Held back</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${rows}</tbody></table>
</section>
${add}`;
}
