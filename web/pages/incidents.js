// Every incident of the organization, a page at a time. It opens on the open
// ones (with their count); "All" lists the open ones first, then the
// resolved ones, newest first in each.
import { get, orgPath } from '../api.js';
import { h } from '../dom.js';
import { poll } from '../live.js';
import { pagedList } from '../pager.js';
import { count } from '../format.js';
import { segmented } from '../ui.js';
import { incidentTable } from './incident_list.js';

const FILTERS = [['open', 'Open'], ['alarmed', 'Alarmed'], ['acknowledged', 'Acknowledged'], ['resolved', 'Resolved'], ['', 'All']];

export async function incidentsPage(ctx) {
  ctx.title('Incidents');
  const initial = new URLSearchParams(location.search).get('status');
  let status = initial === 'all' ? '' : (FILTERS.some(([key]) => key === initial) ? initial : 'open');
  const base = orgPath(ctx.org.slug, 'incidents');
  const query = (extra) => `${base}?${new URLSearchParams({ order: 'open_first', ...(status ? { status } : {}), ...extra })}`;
  const list = pagedList({
    noun: ['incident', 'incidents'],
    label: 'Incidents',
    load: (limit, cursor) => get(query({ limit: String(limit), ...(cursor ? { cursor } : {}) })),
    render: (items) => incidentTable(ctx, items, () => refreshAll(), { showApplication: true }),
  });
  const openCount = h('span', { class: 'count-pill' });
  const tabs = segmented('Show', FILTERS.map(([key, text]) => [key, text, key === 'open' ? [' ', openCount] : null]), status, (key) => {
    status = key;
    const url = new URL(location.href);
    url.searchParams.set('status', key || 'all');
    history.replaceState(null, '', url.pathname + url.search);
    list.reset();
  });

  async function refreshCount() {
    try {
      const { total } = await get(`${base}?${new URLSearchParams({ status: 'open', limit: '1' })}`);
      openCount.textContent = count(total);
      openCount.classList.toggle('count-pill-bad', total > 0);
    } catch {
      openCount.textContent = '?';
    }
  }
  async function refreshAll() {
    await Promise.all([list.refresh(), refreshCount()]);
  }

  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Incidents')),
      tabs),
    h('section', { class: 'card', 'aria-label': 'Incidents' }, h('div', { class: 'card-body' }, list.element)));
  await refreshAll();
  poll(ctx, 10, refreshAll);
}
