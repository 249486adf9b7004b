// One incident: its state with Acknowledge and Resolve, its cause, its
// timeline, the notifications sent about it (every channel's deliveries,
// a page at a time) and the application's events around it.
import { get, orgPath, getAll } from '../api.js';
import { h, fill } from '../dom.js';
import { liveRegion, poll } from '../live.js';
import { badge, errorNote, emptyState } from '../ui.js';
import { when, duration, severityLabel } from '../format.js';
import { pagedList } from '../pager.js';
import { incidentStatus, incidentActions } from './incident_list.js';
import { delivery } from './channel.js';
import { publicNoteSection } from './incident_public_note.js';

const KINDS = { failures: 'Failures', no_data: 'No data', alert: 'Alert', late: 'Late run' };
const SOURCES = { alertmanager: 'Alertmanager', pagerduty: 'PagerDuty Events v2' };
const EVENTS = {
  opened: ['Opened', 'bad'], triggered: ['Fired again', 'warn'], acknowledged: ['Acknowledged', 'warn'], resolved: ['Resolved', 'good'],
};
const AROUND_MS = 30 * 60 * 1000;

function facts(incident) {
  const end = incident.resolved_at ? new Date(incident.resolved_at) : new Date();
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Application'), h('dd', {}, incident.application),
    h('dt', {}, 'Kind'), h('dd', {}, KINDS[incident.kind] || incident.kind),
    h('dt', {}, 'Severity'), h('dd', {}, severityLabel(incident.severity)),
    h('dt', {}, 'Opened'), h('dd', {}, when(incident.opened_at, '—', { exact: true })),
    h('dt', {}, incident.resolved_at ? 'Lasted' : 'Open for'), h('dd', {}, duration((end - new Date(incident.opened_at)) / 1000)),
    ...(incident.alert ? [
      h('dt', {}, 'From'), h('dd', {}, SOURCES[incident.alert.source] || incident.alert.source),
      h('dt', {}, 'Alert key'), h('dd', {}, h('code', {}, incident.alert.key)),
      h('dt', {}, 'Fired'), h('dd', {}, incident.alert.triggers === 1 ? 'once' : `${incident.alert.triggers} times`),
    ] : []));
}

// What the alert said: its labels and annotations, or its custom details.
function alertDetails(incident) {
  if (!incident.alert) return null;
  return [h('h3', {}, 'Alert details'),
    h('pre', { class: 'event-message', 'aria-label': 'Alert details' }, JSON.stringify(incident.alert.details, null, 2))];
}

function timeline(incident) {
  return h('ol', { class: 'timeline', 'aria-label': 'Timeline' }, incident.timeline.map((entry) => {
    const [text, tone] = EVENTS[entry.event] || [entry.event, 'neutral'];
    return h('li', { class: 'timeline-item' },
      h('span', { class: `timeline-dot dot-${tone}`, 'aria-hidden': 'true' }),
      h('div', { class: 'timeline-content' },
        h('div', { class: 'event-head' }, badge(text, tone), when(entry.at, '—', { exact: true }),
          h('span', { class: 'muted small' }, entry.by === 'auto' || entry.by === 'rules' ? 'by the rules' : `by ${entry.by}`)),
        entry.message ? h('pre', { class: 'event-message' }, entry.message) : null));
  }));
}

// The deliveries about the incident, each naming its channel (read once:
// a channel made later has no delivery about it yet).
function notifications(ctx, path) {
  let channels = null;
  const channelOf = (d) => {
    const name = channels && channels.get(d.channel_id);
    return name ? h('a', { href: orgPath(ctx.org.slug, 'settings', 'channels', d.channel_id), class: 'small' }, name) : null;
  };
  return pagedList({
    noun: ['notification', 'notifications'],
    pageSize: 25,
    maxLimit: 500,
    label: 'Notifications',
    load: async (limit, cursor) => {
      if (!channels) {
        const list = await getAll(orgPath(ctx.org.slug, 'channels'), 'channels');
        channels = new Map(list.map((c) => [c.id, c.name]));
      }
      const page = await get(`${path}/deliveries?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })}`);
      return { items: page.deliveries, next_cursor: page.next_cursor };
    },
    render: (items) => (items.length
      ? h('ol', { class: 'event-list', 'aria-label': 'Notifications' }, items.map((d) => delivery(d, channelOf(d))))
      : emptyState('No notification sent', 'The channels that take this application\'s incidents are sent its changes; they appear here with each attempt.')),
  });
}

function eventsAround({ events }) {
  if (!events.length) return emptyState('No events kept around it');
  return h('ol', { class: 'event-list', 'aria-label': 'Events around the incident' }, events.map((e) => h('li', { class: 'event' },
    h('div', { class: 'event-head' }, e.status === 'failure' ? badge('Failure', 'bad') : badge('Hit', 'good'), when(e.timestamp, '—', { exact: true })),
    e.message ? h('pre', { class: 'event-message' }, e.message) : null)));
}

export async function incidentPage(ctx) {
  const path = orgPath(ctx.org.slug, 'incidents', ctx.params.id);
  const head = h('div', { class: 'page-head' });
  const main = h('div', { class: 'app-grid' });
  ctx.main.append(head, main);
  let incident;
  try {
    incident = await get(path);
  } catch (error) {
    head.append(h('h1', {}, 'Incident'));
    head.after(errorNote(error.status === 404 ? new Error('There is no such incident in this organization.') : error));
    return;
  }
  ctx.title(`Incident on ${incident.application}`);
  const status = h('div', {});
  const refresh = liveRegion(status, {
    load: () => get(path),
    render: (fresh) => {
      incident = fresh;
      return [
        h('div', { class: 'incident-banner-line' }, incidentStatus(fresh), incidentActions(ctx, fresh, () => refresh())),
        fresh.cause ? h('pre', { class: 'event-message' }, fresh.cause) : h('p', { class: 'muted' }, 'No message.'),
        facts(fresh),
        alertDetails(fresh),
        h('h3', {}, 'Timeline'),
        timeline(fresh),
      ];
    },
  });
  fill(head, h('div', {},
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' },
      h('a', { href: orgPath(ctx.org.slug, 'incidents') }, 'Incidents'), h('span', { 'aria-hidden': 'true' }, ' / '),
      h('a', { href: orgPath(ctx.org.slug, 'applications', incident.application) }, incident.application)),
    h('h1', {}, `${severityLabel(incident.severity)} incident on ${incident.application}`)));
  const around = h('div', {});
  const from = new Date(new Date(incident.opened_at).getTime() - AROUND_MS).toISOString();
  const to = new Date((incident.resolved_at ? new Date(incident.resolved_at).getTime() : Date.now()) + AROUND_MS).toISOString();
  const refreshAround = liveRegion(around, {
    load: () => get(`${orgPath(ctx.org.slug, 'applications', incident.application, 'events')}?${new URLSearchParams({ from, to, limit: '50' })}`),
    render: eventsAround,
  });
  const sent = notifications(ctx, path);
  fill(main,
    h('div', { class: 'app-main' }, h('section', { class: 'card', 'aria-label': 'Incident' }, h('div', { class: 'card-body stack-tight' }, status)),
      h('section', { class: 'card', 'aria-labelledby': 'notifications-heading' },
        h('div', { class: 'card-head' }, h('div', {}, h('h2', { id: 'notifications-heading' }, 'Notifications'),
          h('p', { class: 'card-description' }, 'What each channel was sent about this incident, newest first.'))),
        h('div', { class: 'card-body' }, sent.element))),
    h('div', { class: 'app-side' }, publicNoteSection(ctx, path, incident), h('section', { class: 'card', 'aria-labelledby': 'around-heading' },
      h('div', { class: 'card-head' }, h('div', {}, h('h2', { id: 'around-heading' }, 'Events around it'),
        h('p', { class: 'card-description' }, 'From 30 minutes before it opened to 30 minutes after it ended (the newest 50).'))),
      h('div', { class: 'card-body' }, around))));
  await Promise.all([refresh(), refreshAround(), sent.refresh()]);
  poll(ctx, 10, () => Promise.all([refresh(), refreshAround(), sent.refresh()]));
}
