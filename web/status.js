// The public status page (/status/{org}): what the organization publishes,
// read from /status/{org}.json without login. Standalone: it shares only
// the DOM helpers and the stylesheet with the rest of the UI.
import { h, fill } from './dom.js';

const STATE_TEXT = {
  operational: 'Operational',
  incident: 'Incident',
  maintenance: 'Maintenance',
};
const OVERALL_TEXT = {
  operational: 'All systems operational',
  incident: 'Some systems are having an incident',
  maintenance: 'Some systems are in maintenance',
};

function percent(value) {
  if (value === null || value === undefined) return 'no data';
  if (value >= 100) return '100%';
  return `${(Math.floor(value * 100) / 100).toFixed(2)}%`;
}

function when(text) {
  if (!text) return '';
  return new Date(text).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function dayClass(day) {
  if (day.uptime_percent === null) return 'bar bar-none';
  if (day.uptime_percent >= 99.9 && day.incident_count === 0) return 'bar bar-good';
  if (day.uptime_percent >= 99) return 'bar bar-warn';
  return 'bar bar-bad';
}

// What the public may read of an incident: when, its status, and the note
// (or cause) an admin chose to publish.
function incidentItem(incident, showApp) {
  const text = incident.note || incident.cause;
  return h('li', { class: 'status-incident' },
    h('div', { class: 'status-incident-head' },
      showApp ? h('strong', {}, incident.application) : null,
      h('span', { class: `pill pill-${incident.status}` }, incident.status),
      h('span', { class: 'muted' }, `${when(incident.opened_at)}`,
        incident.resolved_at ? ` – ${when(incident.resolved_at)}` : ' – ongoing')),
    text ? h('p', { class: 'status-note' }, text) : null);
}

function dayDetails(app, day) {
  const title = `${app.name} · ${day.date} · ${percent(day.uptime_percent)} uptime`;
  const more = day.incident_count - day.incidents.length;
  return [
    h('p', { class: 'status-day-title' }, title),
    day.incidents.length
      ? h('ul', { class: 'status-incidents' }, day.incidents.map((i) => incidentItem(i, false)))
      : h('p', { class: 'muted' }, 'No incidents this day.'),
    more > 0 ? h('p', { class: 'muted' }, `and ${more} more`) : null,
  ];
}

function bars(app) {
  const details = h('div', { class: 'status-day', hidden: true, 'aria-live': 'polite' });
  const row = h('div', { class: 'status-bars', role: 'group', 'aria-label': `${app.name}: the last 90 days` },
    app.days.map((day) => {
      const label = `${day.date}: ${percent(day.uptime_percent)}` +
        (day.incident_count ? `, ${day.incident_count} incident${day.incident_count > 1 ? 's' : ''}` : '');
      const show = () => { details.hidden = false; fill(details, dayDetails(app, day)); };
      return h('button', {
        type: 'button', class: dayClass(day), title: label, 'aria-label': label,
        'data-date': day.date, onClick: show, onMouseenter: show, onFocus: show,
      });
    }));
  return [row, h('div', { class: 'status-bars-legend muted' }, h('span', {}, '90 days ago'), h('span', {}, 'Today')), details];
}

function application(app) {
  return h('li', { class: 'status-app', 'data-app': app.slug },
    h('div', { class: 'status-app-head' },
      h('strong', {}, app.name),
      h('span', { class: `pill pill-${app.state}` }, STATE_TEXT[app.state] || app.state)),
    h('dl', { class: 'status-uptimes' },
      ['24h', '7d', '90d'].map((w) => h('div', {},
        h('dt', {}, w), h('dd', { 'data-window': w }, percent(app.uptime_percent[w]))))),
    bars(app));
}

function render(root, page) {
  document.title = page.title;
  fill(root,
    h('header', { class: 'status-header' },
      h('h1', {}, page.title),
      page.description ? h('p', { class: 'muted' }, page.description) : null,
      h('p', { class: `status-overall status-overall-${page.state}` }, OVERALL_TEXT[page.state] || page.state)),
    page.products.map((product) => h('section', { class: 'status-product' },
      h('h2', {}, product.name),
      h('ul', { class: 'status-apps' }, product.applications.map(application)))),
    h('section', { class: 'status-product' },
      h('h2', {}, 'Incidents'),
      page.incidents.length
        ? h('ul', { class: 'status-incidents', id: 'recent-incidents' },
          page.incidents.map((i) => incidentItem(i, true)))
        : h('p', { class: 'muted' }, 'No incidents in the last 7 days.')),
    h('footer', { class: 'status-footer muted' },
      'Uptime leaves out planned maintenance. Updated ', when(page.generated_at), '.'));
}

async function load() {
  const root = document.getElementById('status');
  const response = await fetch(`${location.pathname.replace(/\/$/, '')}.json`, {
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) {
    fill(root, h('h1', {}, 'Status page unavailable'),
      h('p', { class: 'muted' }, response.status === 429
        ? 'Too many requests: try again in a minute.'
        : 'This status page does not exist or is not published.'));
    return;
  }
  render(root, await response.json());
}

load();
