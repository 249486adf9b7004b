// Every incident of the organization, newest first, filtered by status.
import { get, orgPath } from '../api.js';
import { h } from '../dom.js';
import { liveRegion, poll } from '../live.js';
import { incidentTable } from './incident_list.js';

export async function incidentsPage(ctx) {
  ctx.title('Incidents');
  let status = '';
  const region = h('div', {});
  const refresh = liveRegion(region, {
    load: () => get(`${orgPath(ctx.org.slug, 'incidents')}?${new URLSearchParams({ limit: '100', ...(status ? { status } : {}) })}`),
    render: ({ items }) => incidentTable(ctx, items, refresh, { showApplication: true }),
  });
  const filter = h('select', { id: 'incident-status', onChange: (event) => { status = event.target.value; refresh(); } },
    [['', 'All'], ['alarmed', 'Alarmed'], ['acknowledged', 'Acknowledged'], ['resolved', 'Resolved']]
      .map(([value, text]) => h('option', { value }, text)));
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Incidents')),
      h('div', { class: 'field field-inline' }, h('label', { for: 'incident-status' }, 'Status'), filter)),
    h('section', { class: 'card', 'aria-label': 'Incidents' }, h('div', { class: 'card-body' }, region)));
  await refresh();
  poll(ctx, 10, refresh);
}
