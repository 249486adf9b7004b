// One notification channel: what it sends where, a test send with its
// answer, and its deliveries (newest first, a page at a time) with every
// attempt's status code, error and answer.
import { get, orgPath } from '../api.js';
import { h, fill } from '../dom.js';
import { button, errorNote, badge, emptyState } from '../ui.js';
import { when, plural } from '../format.js';
import { poll } from '../live.js';
import { pagedList } from '../pager.js';
import { healthOf, healthBadge } from './channel_health.js';
import { channelDialog, sendTest, deliveryOutcome } from './channels.js';

const STATUS_TONES = { delivered: 'good', failed: 'bad', pending: 'warn' };

function attempt(a) {
  return h('li', { class: 'attempt' },
    h('div', { class: 'event-head' },
      a.status_code ? badge(`HTTP ${a.status_code}`, a.status_code < 300 ? 'good' : 'bad') : badge('No answer', 'bad'),
      when(a.at, '—', { exact: true }), h('span', { class: 'muted small' }, `${a.duration_ms} ms`)),
    h('p', { class: 'mono small url-cell' }, a.url),
    a.error ? h('p', { class: 'field-error' }, a.error) : null,
    a.response ? h('pre', { class: 'event-message' }, a.response) : null);
}

// One delivery, its attempts folded under it; `channel` (an element naming
// its channel) when the list holds several channels' deliveries.
export function delivery(d, channel = null) {
  return h('li', { class: 'event', 'data-delivery': d.id },
    h('details', {},
      h('summary', { class: 'event-head' }, badge(d.status, STATUS_TONES[d.status] || 'neutral'), channel, h('span', { class: 'mono small' }, d.event_type),
        when(d.created_at), h('span', { class: 'muted small' }, `${plural(d.attempt_count, 'attempt')} · ${deliveryOutcome(d)}`)),
      d.attempts.length ? h('ol', { class: 'attempts', 'aria-label': 'Attempts' }, d.attempts.map(attempt))
        : h('p', { class: 'muted small' }, 'Not attempted yet.'),
      d.next_attempt_at ? h('p', { class: 'muted small' }, 'Next attempt ', when(d.next_attempt_at)) : null));
}

export async function channelPage(ctx) {
  const path = orgPath(ctx.org.slug, 'channels', ctx.params.id);
  let channel;
  try {
    channel = await get(path);
  } catch (error) {
    ctx.main.append(h('h1', {}, 'Notification channel'),
      errorNote(error.status === 404 ? new Error('There is no such channel in this organization.') : error));
    return;
  }
  ctx.title(channel.name);
  const head = h('div', { class: 'page-head' });
  const health = h('span', {});
  const testSlot = h('div', {});
  const list = pagedList({
    noun: ['delivery', 'deliveries'],
    pageSize: 25,
    maxLimit: 500,
    label: 'Deliveries',
    load: (limit, cursor) => get(`${path}/deliveries?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })}`)
      .then((page) => {
        if (!cursor) fill(health, healthBadge(healthOf(page.deliveries[0] || null)));
        return { items: page.deliveries, next_cursor: page.next_cursor };
      }),
    render: (items) => (items.length ? h('ol', { class: 'event-list', 'aria-label': 'Deliveries' }, items.map((d) => delivery(d)))
      : emptyState('Nothing sent yet', 'Deliveries appear here with each attempt.')),
  });
  async function reload() {
    channel = await get(path);
    ctx.title(channel.name);
    draw();
  }
  function draw() {
    fill(head,
      h('div', {},
        h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' },
          h('a', { href: orgPath(ctx.org.slug, 'settings', 'channels') }, 'Notification channels')),
        h('h1', { class: 'with-badge' }, channel.name, health),
        h('p', { class: 'mono muted small url-cell' }, `${channel.method} ${channel.url}`),
        h('p', { class: 'muted small' }, `Sends ${channel.events.join(', ')} for `,
          channel.applications.length ? channel.applications.map((a) => a.slug || 'a deleted application').join(', ') : 'every application'),
        h('p', { class: 'muted small', 'data-notices': '' },
          channel.group_seconds ? `An incident's changes within ${channel.group_seconds} s are sent once. ` : 'Each incident change is sent at once. ',
          `Flapping: more than ${channel.flapping_incidents} incidents within ${channel.flapping_minutes} min.`)),
      ctx.canChange ? h('div', { class: 'card-actions' },
        button('Send test', async () => { await sendTest(ctx, channel, testSlot); await list.refresh(); }),
        button('Edit', () => channelDialog(ctx, channel, reload))) : null);
  }
  draw();
  ctx.main.append(head, testSlot,
    h('section', { class: 'card', 'aria-labelledby': 'deliveries-heading' },
      h('div', { class: 'card-head' }, h('h2', { id: 'deliveries-heading' }, 'Deliveries')),
      h('div', { class: 'card-body' }, list.element)));
  await list.refresh();
  poll(ctx, 10, list.refresh);
}
