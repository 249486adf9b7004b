// What the application reported: its events (failures with their messages,
// hits, and log messages; a job's exit code, run duration and output, the
// output folded until asked for) browsable by time, and its deploys as a timeline, each a page at
// a time.
import { get, orgPath } from '../api.js';
import { h, uid } from '../dom.js';
import { pagedList } from '../pager.js';
import { badge, emptyState, segmented } from '../ui.js';
import { duration, when, millis } from '../format.js';

const DEPLOY_TONES = { success: 'good', failure: 'bad', rollback: 'warn' };

const EVENT_KINDS = [['failure', 'Failures', 'Recent failures'], ['hit', 'Hits', 'Recent hits'],
  ['log', 'Logs', 'Recent log messages'], ['', 'All', 'Recent events']];

const STATUS_BADGES = { failure: ['Failure', 'bad'], hit: ['Hit', 'good'], log: ['Log', 'neutral'] };

const present = (value) => value !== null && value !== undefined;

// A job's output, folded: shown as text when asked for.
function outputBlock(e) {
  if (!present(e.output)) return null;
  return h('details', { class: 'event-output' },
    h('summary', {}, e.output_truncated ? 'Output (the last 10 KB)' : 'Output'),
    h('pre', { class: 'event-message' }, e.output));
}

function eventItem(e) {
  const failure = e.status === 'failure';
  const [label, tone] = STATUS_BADGES[e.status] || STATUS_BADGES.hit;
  return h('li', { class: 'event' },
    h('div', { class: 'event-head' }, badge(label, tone), when(e.timestamp),
      present(e.latency_ms) ? h('span', { class: 'muted small' }, millis(e.latency_ms)) : null,
      present(e.exit_code) ? h('span', { class: 'small event-exit' }, `exit code ${e.exit_code}`) : null,
      present(e.duration_ms) ? h('span', { class: 'muted small event-duration' }, `ran ${e.duration_ms < 1000 ? millis(e.duration_ms) : duration(e.duration_ms / 1000)}`) : null),
    failure ? (e.message ? h('pre', { class: 'event-message' }, e.message) : h('p', { class: 'muted small' }, 'No message')) : null,
    outputBlock(e));
}

// The application's events (failures by default, hits, or both), newest
// first, a page at a time, from now or from a chosen time back. Returns
// {element, refresh}.
export function eventsBrowser(ctx, app) {
  let kind = 'failure';
  let before = '';
  const path = orgPath(ctx.org.slug, 'applications', app.slug, 'events');
  const list = pagedList({
    noun: ['event', 'events'],
    pageSize: 20,
    load: (limit, cursor) => get(`${path}?${new URLSearchParams({
      limit: String(limit), ...(kind ? { status: kind } : {}), ...(before ? { to: before } : {}), ...(cursor ? { cursor } : {}),
    })}`).then((page) => ({ items: page.events, next_cursor: page.next_cursor })),
    render: (events) => {
      const [, , label] = EVENT_KINDS.find(([key]) => key === kind);
      if (!events.length) {
        return emptyState(kind === 'failure' ? 'No failures reported' : 'No events',
          before ? 'Nothing before that time is kept.' : 'They appear here as they arrive.');
      }
      return h('ol', { class: 'event-list', 'aria-label': label }, events.map(eventItem));
    },
  });
  const tabs = segmented('Events to show', EVENT_KINDS.map(([key, text]) => [key, text]), kind, (key) => {
    kind = key;
    list.reset();
  });
  const timeId = uid('events-before');
  const time = h('input', {
    id: timeId, type: 'datetime-local', class: 'input-time',
    onChange: (event) => {
      const value = event.target.value;
      before = value ? new Date(value).toISOString() : '';
      list.reset();
    },
  });
  const controls = h('div', { class: 'toolbar' }, tabs,
    h('div', { class: 'field field-inline' }, h('label', { for: timeId }, 'Before'), time));
  return { element: h('div', { class: 'stack-tight' }, controls, list.element), refresh: list.refresh };
}

function deployItem(d) {
  return h('li', { class: 'timeline-item' },
    h('span', { class: `timeline-dot dot-${DEPLOY_TONES[d.status] || 'neutral'}`, 'aria-hidden': 'true' }),
    h('div', { class: 'timeline-content' },
      h('div', { class: 'event-head' },
        h('strong', { class: 'mono' }, d.version),
        badge(d.status, DEPLOY_TONES[d.status] || 'neutral'),
        d.environment ? badge(d.environment, 'neutral') : null,
        when(d.finished_at || d.started_at || d.created_at)),
      d.commit ? h('p', { class: 'small muted' }, 'Commit ', h('code', {}, d.commit.slice(0, 12))) : null,
      d.description ? h('p', { class: 'small' }, d.description) : null));
}

// The application's deploys as a timeline, newest first, a page at a time.
// Returns {element, refresh}.
export function deploysList(ctx, app) {
  const path = orgPath(ctx.org.slug, 'applications', app.slug, 'deploys');
  return pagedList({
    noun: ['deploy', 'deploys'],
    pageSize: 30,
    label: 'Deploys',
    load: (limit, cursor) => get(`${path}?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })}`)
      .then((page) => ({ items: page.deploys, next_cursor: page.next_cursor })),
    render: (deploys) => (deploys.length ? h('ol', { class: 'timeline', 'aria-label': 'Deploy timeline' }, deploys.map(deployItem))
      : emptyState('No deploys yet', 'Run the deploy curl command from your pipeline to record one.')),
  });
}
