// Settings → Notification channels: the organization's outbound webhooks,
// each with its health and newest delivery; create, edit, delete, and a test
// send whose answer is shown. A channel's own page lists its deliveries.
import { get, post, patch, del, orgPath, getAll } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { section, iconButton, button, emptyState, loading, errorNote, secretField, toast, warning } from '../ui.js';
import { when } from '../format.js';
import { poll } from '../live.js';
import { CHANNEL_HEALTH_EVENT } from '../alerts.js';
import { channelsWithHealth, healthBadge } from './channel_health.js';
import { settingsTabs } from './settings.js';

// How often the list (and its health) is read again while it is shown.
const REFRESH_SECONDS = 5;

export const EVENT_TYPES = ['incident.opened', 'incident.acknowledged', 'incident.resolved',
  'application.flapping_started', 'application.flapping_stopped', 'deploy.created', 'credential.regenerated',
  'maintenance.started', 'maintenance.ended', 'slo.burn_rate'];
const FIELDS = 'event.id, event.type, event.created_at, organization.{id,slug,name}, application.{id,slug,name,product}, '
  + 'incident.{id,kind,severity,status,cause,opened_at,acknowledged_at,acknowledged_by,resolved_at,resolved_by}, '
  + 'deploy.{id,version,commit,environment,status,...}, credential.{id,type,name,...}';

// What the newest delivery said, in a line.
export function deliveryOutcome(d) {
  if (!d) return 'Nothing sent yet';
  const code = d.last_status_code ? `HTTP ${d.last_status_code}` : null;
  if (d.status === 'delivered') return `Delivered${code ? `: ${code}` : ''}`;
  if (d.status === 'failed') return `Failed after ${d.attempt_count} attempt${d.attempt_count === 1 ? '' : 's'}: ${d.last_error || code || 'no answer'}`;
  if (d.attempt_count > 0) return `Retrying (${d.attempt_count} attempt${d.attempt_count === 1 ? '' : 's'} so far): ${d.last_error || code || 'no answer'}`;
  return 'Waiting to be sent';
}

function headersText(headers) {
  return Object.entries(headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
}

function parseHeaders(text) {
  const out = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw Object.assign(new Error(`"${line}" is not "Name: value"`), { field: 'headers' });
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

// The create and edit dialog; resolves when it closes.
export async function channelDialog(ctx, channel, changed) {
  const d = openDialog(channel ? `Edit ${channel.name}` : 'New notification channel', { wide: true, onClose: changed });
  let secrets = [];
  try {
    secrets = (await getAll(orgPath(ctx.org.slug, 'secrets'), 'secrets')).map((s) => s.name);
  } catch { /* the hint just lists none */ }
  const events = new Set(channel ? channel.events : ['incident.opened', 'incident.resolved']);
  dialogForm(d, {
    fields: [
      field({ label: 'Name', name: 'name', value: channel?.name || '', required: true, maxlength: 100, autocomplete: 'off' }),
      field({ label: 'URL', name: 'url', type: 'url', value: channel?.url || '', required: true, maxlength: 2048, autocomplete: 'off',
        hint: 'http:// or https://. May hold {{SECRET_NAME}} placeholders, e.g. a chat webhook\'s path.' }),
      field({ label: 'Method', name: 'method', type: 'select', value: channel?.method || 'POST', options: [['POST', 'POST'], ['PUT', 'PUT'], ['PATCH', 'PATCH']] }),
      h('fieldset', { class: 'checks' }, h('legend', {}, 'Events'),
        EVENT_TYPES.map((type) => h('label', { class: 'check' },
          h('input', { type: 'checkbox', name: 'events', value: type, checked: events.has(type) }), h('span', { class: 'mono' }, type)))),
      h('fieldset', { class: 'checks' }, h('legend', {}, 'Grouping and flapping'),
        field({ label: 'Group window (seconds)', name: 'group_seconds', type: 'number', min: 0, max: 3600, required: true,
          value: String(channel?.group_seconds ?? 30),
          hint: 'An incident\'s changes within this window are sent once, with the latest state. 0: each change at once.' }),
        field({ label: 'Flapping after (incidents)', name: 'flapping_incidents', type: 'number', min: 1, max: 1000, required: true,
          value: String(channel?.flapping_incidents ?? 5) }),
        field({ label: 'Flapping window (minutes)', name: 'flapping_minutes', type: 'number', min: 1, max: 1440, required: true,
          value: String(channel?.flapping_minutes ?? 30),
          hint: 'An application opening more incidents than that within the window sends one "flapping started" and then nothing about its incidents until it calms down ("flapping stopped").' })),
      field({ label: 'Applications', name: 'applications', autocomplete: 'off',
        value: (channel?.applications || []).filter((a) => !a.deleted).map((a) => a.slug).join(', '),
        hint: 'Slugs, separated by commas. Empty: every application.' }),
      h('div', { class: 'field' }, h('label', { for: 'channel-headers' }, 'Headers'),
        h('textarea', { id: 'channel-headers', name: 'headers', rows: 3, class: 'mono', spellcheck: 'false' }, headersText(channel?.headers)),
        h('p', { class: 'hint' }, 'One "Name: value" a line. Values may hold placeholders, e.g. Authorization: Bearer {{PAGER_TOKEN}}.')),
      h('div', { class: 'field' }, h('label', { for: 'channel-body' }, 'Body template'),
        h('textarea', { id: 'channel-body', name: 'body_template', rows: 5, class: 'mono', spellcheck: 'false' }, channel?.body_template || ''),
        h('p', { class: 'hint' }, 'Empty: the JSON envelope. Secrets it may use: ',
          secrets.length ? secrets.map((n) => h('code', {}, `{{${n}}}`)).flatMap((c, i) => (i ? [', ', c] : [c])) : 'none yet (add them under Secrets Variables)',
          '. Fields: ', h('code', {}, FIELDS), '.')),
    ],
    submitLabel: channel ? 'Save channel' : 'Create channel',
    submit: async (form) => {
      const chosen = [...form.querySelectorAll('input[name=events]:checked')].map((i) => i.value);
      const body = {
        name: form.elements.name.value.trim(),
        url: form.elements.url.value.trim(),
        method: form.elements.method.value,
        events: chosen,
        applications: form.elements.applications.value.split(',').map((v) => v.trim()).filter(Boolean),
        headers: parseHeaders(form.elements.headers.value),
        body_template: form.elements.body_template.value.trim() ? form.elements.body_template.value : null,
        group_seconds: Number(form.elements.group_seconds.value),
        flapping_incidents: Number(form.elements.flapping_incidents.value),
        flapping_minutes: Number(form.elements.flapping_minutes.value),
      };
      if (!channel && body.body_template === null) delete body.body_template;
      if (channel) {
        await patch(orgPath(ctx.org.slug, 'channels', channel.id), body);
        toast(`${body.name} saved.`);
        d.close();
        return;
      }
      const created = await post(orgPath(ctx.org.slug, 'channels'), body);
      d.setTitle(`${created.name} is ready`);
      fill(d.body,
        h('p', {}, 'Each request carries an X-Hookwarden-Signature made with this signing secret. Copy it now: it is not shown again.'),
        secretField('Signing secret', created.signing_secret, 'Copy signing secret'),
        h('div', { class: 'dialog-footer' }, button('Done', d.close, { kind: 'primary' })));
    },
  });
}

// Sends a test event to the channel and shows what its receiver answered
// in `slot`, following the delivery until its first attempt is done.
export async function sendTest(ctx, channel, slot) {
  fill(slot, h('p', { class: 'muted small', role: 'status' }, 'Sending a test…'));
  try {
    const delivery = await post(orgPath(ctx.org.slug, 'channels', channel.id, 'test'));
    const deadline = Date.now() + 30000;
    let seen = delivery;
    while (seen.status === 'pending' && seen.attempt_count === 0 && Date.now() < deadline) {
      await new Promise((resolve) => { setTimeout(resolve, 500); });
      const { deliveries } = await get(`${orgPath(ctx.org.slug, 'channels', channel.id, 'deliveries')}?limit=20`);
      seen = deliveries.find((d) => d.id === delivery.id) || seen;
    }
    const last = seen.attempts[seen.attempts.length - 1];
    const ok = seen.status === 'delivered';
    fill(slot, h('div', { class: `note ${ok ? 'note-good' : 'note-error'}`, role: 'status' },
      h('div', {}, h('strong', {}, `Test: ${deliveryOutcome(seen)}`),
        last && last.response ? h('pre', { class: 'event-message' }, last.response) : null)));
  } catch (error) {
    fill(slot, errorNote(error));
  }
}

export async function channelsPage(ctx) {
  ctx.title('Notification channels');
  const body = h('div', {}, loading());
  const testSlot = h('div', {});
  let shown = '';

  async function refresh() {
    try {
      const channels = await channelsWithHealth(ctx.org.slug);
      const failing = channels.filter((c) => c.health === 'failing');
      // The top bar's mark follows what this page shows.
      document.dispatchEvent(new CustomEvent(CHANNEL_HEALTH_EVENT, { detail: failing.length }));
      const text = JSON.stringify(channels);
      if (text === shown) return;
      shown = text;
      fill(body,
        failing.length ? warning(`${failing.length === 1 ? 'One channel is' : `${failing.length} channels are`} failing: `,
          failing.map((c) => c.name).join(', '), '.') : null,
        channels.length ? table(channels) : emptyState('No notification channels yet', ctx.canChange
          ? 'Press + to send incidents and deploys to a chat, a pager or any webhook.' : 'An admin of this organization can create them.'));
    } catch (error) {
      shown = '';
      fill(body, errorNote(error));
    }
  }

  function table(channels) {
    return h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Notification channels'),
      h('thead', {}, h('tr', {}, ['Name', 'State', 'Last delivery', 'Events', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, channels.map((c) => h('tr', { 'data-channel': c.name, class: c.health === 'failing' ? 'row-failing' : null },
        h('th', { scope: 'row' }, h('a', { href: orgPath(ctx.org.slug, 'settings', 'channels', c.id) }, c.name),
          h('div', { class: 'mono muted small url-cell' }, c.url)),
        h('td', {}, healthBadge(c.health)),
        h('td', {}, c.last ? [when(c.last.created_at), h('div', { class: 'muted small' }, deliveryOutcome(c.last))] : h('span', { class: 'muted' }, 'Never')),
        h('td', { class: 'small' }, c.events.join(', ')),
        h('td', { class: 'row-actions' },
          ctx.canChange ? [
            button('Send test', async () => { await sendTest(ctx, c, testSlot); shown = ''; refresh(); }),
            iconButton('pencil', `Edit ${c.name}`, () => channelDialog(ctx, c, refresh)),
            iconButton('trash', `Delete ${c.name}`, () => confirmAction({
              title: `Delete ${c.name}?`,
              message: 'Its deliveries go with it, and nothing is sent to it any more. This cannot be undone.',
              confirmLabel: 'Delete channel',
              act: async () => {
                await del(orgPath(ctx.org.slug, 'channels', c.id));
                toast(`${c.name} deleted.`);
                refresh();
              },
            }), { kind: 'ghost-danger' })] : null)))));
  }

  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Settings')),
      settingsTabs(ctx, 'channels')),
    section('Notification channels', {
      id: 'channels',
      description: 'Outbound webhooks: hookwarden sends them the incident changes and deploys they ask for.',
      actions: ctx.canChange ? [iconButton('plus', 'Add notification channel', () => channelDialog(ctx, null, refresh), { kind: 'primary' })] : [],
    }, testSlot, body));
  await refresh();
  poll(ctx, REFRESH_SECONDS, refresh);
}
