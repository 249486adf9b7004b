// The organization's products and their applications with their status at
// a glance: state, last report, 24 h uptime and a sparkline of the
// availability per hour. Search, a filter by state and a sort; products and
// applications with an open incident come first. Refreshes live.
import { post, orgPath, getAll } from '../api.js';
import { h, fill, uid } from '../dom.js';
import { openDialog, dialogForm, field, nameAndSlugFields, nameAndSlug } from '../dialog.js';
import { button, emptyState, loading, errorNote, badge, section, toast } from '../ui.js';
import { navigate } from '../router.js';
import { poll } from '../live.js';
import { when, plural } from '../format.js';
import { sparkline } from '../sparkline.js';
import { productActions, applicationActions } from './product_edit.js';
import { maintenanceCard } from './maintenance.js';

const REFRESH_SECONDS = 15;
const STATES = {
  incident: ['Incident', 'bad'], maintenance: ['Maintenance', 'warn'], operational: ['Operational', 'good'], silent: ['No reports', 'neutral'],
};
const SORTS = [
  ['state', 'Incidents first'], ['name', 'Name'], ['uptime', 'Lowest uptime'], ['last', 'Last report'],
];

function stateOf(app) {
  if (app.state === 'incident' || app.state === 'maintenance') return app.state;
  return app.last_event_at ? 'operational' : 'silent';
}

function uptime(app) {
  const value = app.uptime_percent;
  return value === null || value === undefined ? '—' : `${Number(value.toFixed(2))} %`;
}

const COMPARE = {
  name: (a, b) => a.name.localeCompare(b.name),
  state: (a, b) => Object.keys(STATES).indexOf(stateOf(a)) - Object.keys(STATES).indexOf(stateOf(b)) || a.name.localeCompare(b.name),
  uptime: (a, b) => (a.uptime_percent ?? 101) - (b.uptime_percent ?? 101) || a.name.localeCompare(b.name),
  last: (a, b) => (b.last_event_at || '').localeCompare(a.last_event_at || '') || a.name.localeCompare(b.name),
};

function applicationRow(ctx, app, changed) {
  const [text, tone] = STATES[stateOf(app)];
  return h('li', { class: 'app-row', 'data-application': app.slug },
    h('div', { class: 'app-name' },
      h('a', { href: orgPath(ctx.org.slug, 'applications', app.slug), class: 'app-link' }, app.name),
      h('span', { class: 'mono muted small' }, app.slug)),
    h('span', { class: 'app-state' }, badge(text, tone)),
    h('span', { class: 'app-last small' }, h('span', { class: 'muted' }, 'Last report '), when(app.last_event_at, 'never')),
    h('span', { class: 'app-uptime small' }, h('span', { class: 'muted' }, 'Uptime 24 h '), h('strong', {}, uptime(app))),
    app.series ? sparkline(app.series, `${app.name}, availability per hour over 24 hours`) : h('span', {}),
    ctx.canChange ? applicationActions(ctx, app, changed) : null);
}

export async function productsPage(ctx) {
  ctx.title('Products');
  let data = null;
  let search = '';
  let stateFilter = '';
  let sort = 'state';
  const summary = h('p', { class: 'muted', role: 'status' });
  const body = h('div', { class: 'stack' }, loading());
  const maintenanceSlot = h('div', {});
  let maintenance = null;
  let maintenanceKey = '';
  const searchId = uid('search');
  const stateId = uid('state');
  const sortId = uid('sort');
  const controls = h('div', { class: 'toolbar products-toolbar' },
    h('div', { class: 'field field-inline' }, h('label', { for: searchId }, 'Search'),
      h('input', { id: searchId, type: 'search', placeholder: 'Name or slug', autocomplete: 'off',
        onInput: (e) => { search = e.target.value.trim().toLowerCase(); draw(); } })),
    h('div', { class: 'field field-inline' }, h('label', { for: stateId }, 'State'),
      h('select', { id: stateId, onChange: (e) => { stateFilter = e.target.value; draw(); } },
        [['', 'All'], ...Object.entries(STATES).map(([key, [text]]) => [key, text])].map(([v, t]) => h('option', { value: v }, t)))),
    h('div', { class: 'field field-inline' }, h('label', { for: sortId }, 'Sort'),
      h('select', { id: sortId, onChange: (e) => { sort = e.target.value; draw(); } },
        SORTS.map(([v, t]) => h('option', { value: v }, t)))));
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Products'), summary),
      ctx.canChange ? button('New product', () => productDialog(), { kind: 'primary' }) : null),
    controls,
    body,
    maintenanceSlot);

  function draw() {
    if (!data) return;
    const { products, applications } = data;
    drawMaintenance(products);
    const open = applications.filter((a) => a.state === 'incident').length;
    summary.textContent = `${plural(applications.length, 'application')} · ${plural(open, 'open incident')}`;
    ctx.setOpenIncidents(open);
    if (!products.length) {
      fill(body, emptyState('No products yet', ctx.canChange
        ? 'A product groups the applications that report to hookwarden. Create one to start.'
        : 'An admin of this organization can create them.'));
      return;
    }
    const shown = applications
      .filter((a) => !stateFilter || stateOf(a) === stateFilter)
      .filter((a) => !search || a.name.toLowerCase().includes(search) || a.slug.includes(search))
      .sort(COMPARE[sort]);
    const filtering = search || stateFilter;
    const groups = products.map((product) => ({ product, apps: shown.filter((a) => a.product_id === product.id) }))
      .filter((g) => !filtering || g.apps.length);
    // Products with an open incident first, then by name.
    const hasIncident = (g) => (g.apps.some((a) => a.state === 'incident') ? 0 : 1);
    groups.sort((a, b) => hasIncident(a) - hasIncident(b) || a.product.name.localeCompare(b.product.name));
    if (!groups.length) {
      fill(body, emptyState('No application matches', 'Change the search or the state filter.'));
      return;
    }
    fill(body, groups.map(({ product, apps }) => section(product.name, {
      actions: ctx.canChange ? [button('New application', () => applicationDialog(product)), productActions(ctx, product, refresh)] : [],
    }, apps.length ? h('ul', { class: 'app-list', 'aria-label': `${product.name} applications` }, apps.map((a) => applicationRow(ctx, a, refresh)))
      : emptyState('No applications in this product yet'))));
  }

  // Rebuilt only when the products change: the plan dialog offers them.
  function drawMaintenance(products) {
    const key = JSON.stringify(products.map((p) => [p.slug, p.name]));
    if (key === maintenanceKey) return;
    maintenanceKey = key;
    maintenance = maintenanceCard(ctx, {}, { products, changed: () => refresh() });
    fill(maintenanceSlot, maintenance.card);
    maintenance.refresh();
  }

  async function refresh() {
    if (maintenance) maintenance.refresh();
    try {
      // The figures come a page of applications at a time.
      const [products, applications, rows] = await Promise.all([
        getAll(orgPath(ctx.org.slug, 'products'), 'products'), getAll(orgPath(ctx.org.slug, 'applications'), 'applications'),
        getAll(`${orgPath(ctx.org.slug, 'metrics')}?step=hour`, 'applications')]);
      const figures = new Map(rows.map((row) => [row.application, row]));
      const next = {
        products,
        applications: applications.map((a) => ({ ...figures.get(a.slug), ...a })),
      };
      if (JSON.stringify(next) === JSON.stringify(data)) return;
      data = next;
      draw();
    } catch (error) {
      fill(body, errorNote(error));
      data = null;
    }
  }

  function productDialog() {
    const d = openDialog('New product');
    dialogForm(d, {
      fields: [field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off' })],
      submitLabel: 'Create product',
      submit: async (form) => {
        const product = await post(orgPath(ctx.org.slug, 'products'), { name: form.elements.name.value.trim() });
        d.close();
        toast(`${product.name} created.`);
        refresh();
      },
    });
  }

  function applicationDialog(product) {
    const d = openDialog(`New application in ${product.name}`);
    dialogForm(d, {
      fields: nameAndSlugFields(),
      submitLabel: 'Create application',
      submit: async (form) => {
        const created = { product: product.slug, ...nameAndSlug(form) };
        const app = await post(orgPath(ctx.org.slug, 'applications'), created);
        d.close();
        navigate(orgPath(ctx.org.slug, 'applications', app.slug));
      },
    });
  }

  await refresh();
  poll(ctx, REFRESH_SECONDS, refresh);
}
