// The audit log: every change in the organization, and every time a token
// was shown, newest first, a page at a time.
import { orgPath, listLoader, LIST_LIMIT } from '../api.js';
import { h } from '../dom.js';
import { emptyState } from '../ui.js';
import { when } from '../format.js';
import { pagedList } from '../pager.js';

const PAGE = 50;

function detailsText(details) {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

export async function auditLogPage(ctx) {
  ctx.title('Audit log');
  const list = pagedList({
    load: listLoader(orgPath(ctx.org.slug, 'audit-log'), 'entries'),
    render: (entries) => (entries.length ? h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Audit log entries'),
      h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Target', 'Details', 'From'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, entries.map((e) => h('tr', {},
        h('td', {}, when(e.at)),
        h('td', {}, e.actor ? e.actor.username : h('span', { class: 'muted' }, 'system')),
        h('td', {}, h('code', {}, e.action)),
        h('td', {}, e.target_name || e.target_id || ''),
        h('td', { class: 'small muted' }, detailsText(e.details)),
        h('td', { class: 'mono small muted' }, e.address || '')))))
      : emptyState('Nothing has happened yet')),
    noun: ['entry', 'entries'],
    pageSize: PAGE,
    label: 'Audit log',
    maxLimit: LIST_LIMIT,
  });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Audit log'))),
    h('section', { class: 'card', 'aria-label': 'Audit log' }, h('div', { class: 'card-body' }, list.element)));
  await list.refresh();
}
