// Incidents as the application page and the incidents page list them, with
// Acknowledge and Resolve for admins and owners.
import { post, orgPath } from '../api.js';
import { h } from '../dom.js';
import { badge, button, emptyState, errorNote } from '../ui.js';
import { when, duration, severityLabel } from '../format.js';

const STATUS_TONES = { alarmed: 'bad', acknowledged: 'warn', resolved: 'good' };
const KINDS = { failures: 'Failures', no_data: 'No data', late: 'Late run' };

export function incidentStatus(incident) {
  const text = incident.status.charAt(0).toUpperCase() + incident.status.slice(1);
  return badge(text, STATUS_TONES[incident.status] || 'neutral');
}

// The Acknowledge and Resolve buttons for an open incident; `changed()` runs
// after either succeeds.
export function incidentActions(ctx, incident, changed) {
  if (!ctx.canChange || incident.status === 'resolved') return null;
  const errors = h('span', { class: 'inline-errors' });
  const act = (verb) => async (event) => {
    event.target.disabled = true;
    try {
      await post(orgPath(ctx.org.slug, 'incidents', incident.id, verb));
      await changed();
    } catch (error) {
      errors.replaceChildren(errorNote(error));
      event.target.disabled = false;
    }
  };
  return h('span', { class: 'incident-actions' },
    incident.status === 'alarmed' ? button('Acknowledge', act('acknowledge')) : null,
    button('Resolve', act('resolve'), { kind: 'primary' }),
    errors);
}

function people(incident) {
  const parts = [];
  if (incident.acknowledged_at) {
    parts.push(h('div', {}, 'Acknowledged ', when(incident.acknowledged_at),
      incident.acknowledged_by ? ` by ${incident.acknowledged_by}` : ''));
  }
  if (incident.resolved_at) {
    parts.push(h('div', {}, 'Resolved ', when(incident.resolved_at),
      incident.resolved_by && incident.resolved_by !== 'auto' ? ` by ${incident.resolved_by}` : ' automatically'));
  }
  return parts;
}

function lasted(incident) {
  const end = incident.resolved_at ? new Date(incident.resolved_at) : new Date();
  return duration((end - new Date(incident.opened_at)) / 1000);
}

// A table of `items`; `showApplication` adds the application's column.
export function incidentTable(ctx, items, changed, { showApplication = false } = {}) {
  if (!items.length) return emptyState('No incidents', 'Incidents open when the application\'s rules say so, and close with hits or by hand.');
  return h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, 'Incidents'),
    h('thead', {}, h('tr', {},
      ['Status', showApplication ? 'Application' : null, 'Cause', 'Severity', 'Opened', 'Duration', 'Handling']
        .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, items.map((i) => h('tr', { 'data-incident': i.id },
      h('td', {}, incidentStatus(i)),
      showApplication ? h('td', {}, h('a', { href: orgPath(ctx.org.slug, 'applications', i.application) }, i.application)) : null,
      h('td', {}, h('span', { class: 'muted small' }, `${KINDS[i.kind] || i.kind}: `),
        h('a', { href: orgPath(ctx.org.slug, 'incidents', i.id), title: 'The incident\'s page' }, i.cause || 'details')),
      h('td', {}, severityLabel(i.severity)),
      h('td', {}, when(i.opened_at)),
      h('td', {}, lasted(i)),
      h('td', { class: 'stack-tight' }, people(i), incidentActions(ctx, i, changed))))));
}
