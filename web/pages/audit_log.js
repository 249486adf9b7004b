// The audit log: every change in the organization, and every time a token
// was shown, newest first, a page at a time.
import { get, orgPath } from '../api.js';
import { h } from '../dom.js';
import { button, loading, errorNote, emptyState } from '../ui.js';
import { when } from '../format.js';

const PAGE = 50;

function detailsText(details) {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

export async function auditLogPage(ctx) {
  ctx.title('Audit log');
  const rows = h('tbody', {});
  const more = h('div', { class: 'form-actions' });
  const status = h('div', {}, loading());
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Audit log'))),
    h('section', { class: 'card', 'aria-label': 'Audit log' }, h('div', { class: 'card-body' },
      h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, 'Audit log entries'),
        h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Target', 'Details', 'From'].map((t) => h('th', { scope: 'col' }, t)))),
        rows),
      status, more)));

  async function load(before) {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (before) query.set('before', before);
    try {
      const answer = await get(`${orgPath(ctx.org.slug, 'audit-log')}?${query}`);
      status.replaceChildren(!before && !answer.entries.length ? emptyState('Nothing has happened yet') : '');
      rows.append(...answer.entries.map((e) => h('tr', {},
        h('td', {}, when(e.at)),
        h('td', {}, e.actor ? e.actor.username : h('span', { class: 'muted' }, 'system')),
        h('td', {}, h('code', {}, e.action)),
        h('td', {}, e.target_name || e.target_id || ''),
        h('td', { class: 'small muted' }, detailsText(e.details)),
        h('td', { class: 'mono small muted' }, e.address || ''))));
      more.replaceChildren(answer.next_before ? button('Load older entries', () => load(answer.next_before)) : '');
    } catch (error) {
      status.replaceChildren(errorNote(error));
    }
  }
  await load(null);
}
