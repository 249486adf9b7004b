// What the application reported lately: its failures with their messages,
// and its deploys as a timeline.
import { get, orgPath } from '../api.js';
import { h } from '../dom.js';
import { badge, emptyState } from '../ui.js';
import { when, millis } from '../format.js';

const DEPLOY_TONES = { success: 'good', failure: 'bad', rollback: 'warn' };

export function loadFailures(ctx, app) {
  return get(`${orgPath(ctx.org.slug, 'applications', app.slug, 'events')}?status=failure&limit=20`);
}

export function failureList({ events }) {
  if (!events.length) return emptyState('No failures reported', 'Failures appear here with their messages as they arrive.');
  return h('ol', { class: 'event-list', 'aria-label': 'Recent failures' }, events.map((e) => h('li', { class: 'event' },
    h('div', { class: 'event-head' }, badge('Failure', 'bad'), when(e.timestamp),
      e.latency_ms !== null && e.latency_ms !== undefined ? h('span', { class: 'muted small' }, millis(e.latency_ms)) : null),
    e.message ? h('pre', { class: 'event-message' }, e.message) : h('p', { class: 'muted small' }, 'No message'))));
}

export function loadDeploys(ctx, app) {
  return get(orgPath(ctx.org.slug, 'applications', app.slug, 'deploys'));
}

export function deployTimeline({ deploys }) {
  if (!deploys.length) return emptyState('No deploys yet', 'Run the deploy curl command from your pipeline to record one.');
  return h('ol', { class: 'timeline', 'aria-label': 'Deploy timeline' }, deploys.slice(0, 30).map((d) => h('li', { class: 'timeline-item' },
    h('span', { class: `timeline-dot dot-${DEPLOY_TONES[d.status] || 'neutral'}`, 'aria-hidden': 'true' }),
    h('div', { class: 'timeline-content' },
      h('div', { class: 'event-head' },
        h('strong', { class: 'mono' }, d.version),
        badge(d.status, DEPLOY_TONES[d.status] || 'neutral'),
        d.environment ? badge(d.environment, 'neutral') : null,
        when(d.finished_at || d.started_at || d.created_at)),
      d.commit ? h('p', { class: 'small muted' }, 'Commit ', h('code', {}, d.commit.slice(0, 12))) : null,
      d.description ? h('p', { class: 'small' }, d.description) : null))));
}
