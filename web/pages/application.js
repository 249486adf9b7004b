// One application: its state and open incident, reliability, its
// events, incidents, deploys, incident rules and how it reports. The live
// parts refresh every few seconds while the page is visible.
import { get, orgPath } from '../api.js';
import { h, fill } from '../dom.js';
import { liveRegion, poll } from '../live.js';
import { pagedList } from '../pager.js';
import { stateBadge, errorNote, loading } from '../ui.js';
import { when, severityLabel } from '../format.js';
import { reliabilityCard } from './app_reliability.js';
import { eventsBrowser, deploysList } from './app_activity.js';
import { incidentTable, incidentStatus, incidentActions } from './incident_list.js';
import { rulesCard, scheduleText } from './app_rules.js';
import { reportingCard } from './app_reporting.js';
import { sloCard } from './app_slo.js';
import { maintenanceCard } from './maintenance.js';

const REFRESH_SECONDS = 5;

function card(title, id, ...body) {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-heading` },
    h('div', { class: 'card-head' }, h('h2', { id: `${id}-heading` }, title)),
    h('div', { class: 'card-body' }, body));
}

// The schedule's line: the last report and when the next run is due.
function scheduleLine(app) {
  if (!app.schedule) return null;
  return h('p', { class: 'schedule-line' },
    'Schedule: ', scheduleText(app.schedule), ' · last report ', when(app.last_report_at, 'never'),
    ' · next run due ', app.next_due_at ? when(app.next_due_at, '—', { exact: true }) : h('span', { class: 'muted' }, 'after the open incident'));
}

function statusLine(ctx, app, changed) {
  const incident = app.incident;
  const schedule = scheduleLine(app);
  if (!incident) return h('div', {}, schedule, h('p', { class: 'muted' }, 'No open incident.'));
  return h('div', {}, schedule, h('div', { class: 'incident-banner', role: 'alert' },
    h('div', {},
      h('p', { class: 'incident-title' }, incidentStatus(incident), ' ', severityLabel(incident.severity), ' incident opened ', when(incident.opened_at)),
      incident.cause ? h('p', {}, incident.cause) : null),
    incidentActions(ctx, incident, changed)));
}

export async function applicationPage(ctx) {
  const slug = ctx.params.app;
  const base = orgPath(ctx.org.slug, 'applications', slug);
  const head = h('div', { class: 'page-head' }, loading());
  const content = h('div', { class: 'app-grid' });
  ctx.main.append(head, content);

  let app;
  try {
    app = await get(base);
  } catch (error) {
    fill(head, h('h1', {}, 'Application'));
    head.after(errorNote(error.status === 404 ? new Error('There is no such application in this organization.') : error));
    return;
  }
  ctx.title(app.name);

  const badgeSlot = h('span', {}, stateBadge(app.state));
  const status = h('div', {});
  const renderHead = () => fill(badgeSlot, stateBadge(app.state));
  fill(head, h('div', {},
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' },
      h('a', { href: orgPath(ctx.org.slug) }, 'Products'), h('span', { 'aria-hidden': 'true' }, ' / '), app.product),
    h('h1', { class: 'with-badge' }, app.name, badgeSlot),
    h('p', { class: 'mono muted small' }, app.slug)));

  const events = eventsBrowser(ctx, app);
  const incidents = h('div', {});
  const deploys = h('div', {});
  const reliability = reliabilityCard(ctx, app);
  const side = h('div', { class: 'app-side' });

  const refreshApp = liveRegion(status, {
    load: () => get(base),
    render: (fresh) => {
      app = fresh;
      renderHead();
      return statusLine(ctx, app, refreshAll);
    },
  });
  const deployPages = deploysList(ctx, app);
  deploys.append(deployPages.element);
  const refreshDeploys = deployPages.refresh;
  const incidentPages = pagedList({
    noun: ['incident', 'incidents'],
    pageSize: 20,
    load: (limit, cursor) => get(`${orgPath(ctx.org.slug, 'incidents')}?${new URLSearchParams({
      application: app.slug, order: 'open_first', limit: String(limit), ...(cursor ? { cursor } : {}),
    })}`),
    render: (items) => incidentTable(ctx, items, refreshAll),
  });
  incidents.append(incidentPages.element);
  const refreshIncidents = incidentPages.refresh;
  const maintenance = maintenanceCard(ctx, { application: app.slug, product: app.product }, { changed: () => refreshApp() });
  const sloSlot = h('div', {});
  let slo;
  async function reloadSlo() {
    app = await get(base);
    slo = sloCard(ctx, app, reloadSlo);
    fill(sloSlot, slo.card);
    await slo.refresh();
  }
  slo = sloCard(ctx, app, reloadSlo);
  sloSlot.append(slo.card);
  async function refreshAll() {
    await Promise.all([refreshApp(), events.refresh(), refreshDeploys(), refreshIncidents(), reliability.refresh(),
      maintenance.refresh(), slo.refresh()]);
  }
  async function reloadSide() {
    app = await get(base);
    fill(side, reportingCard(ctx, app, reloadSide), rulesCard(ctx, app, reloadSide));
  }

  fill(content,
    h('div', { class: 'app-main' },
      card('Status', 'status', status),
      reliability.card,
      sloSlot,
      card('Incidents', 'incidents', incidents),
      card('Events', 'events', events.element),
      card('Deploys', 'deploys', deploys),
      maintenance.card),
    side);
  fill(side, reportingCard(ctx, app, reloadSide), rulesCard(ctx, app, reloadSide));
  await refreshAll();
  poll(ctx, REFRESH_SECONDS, refreshAll);
}
