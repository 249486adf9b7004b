// Maintenance windows on the products page (every product's) and on an
// application's page (those that cover it): the active and planned ones,
// and for admins and owners planning one (reason, start, end) and ending
// one now.
import { get, post, orgPath } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field } from '../dialog.js';
import { button, badge, emptyState, errorNote, section, toast } from '../ui.js';
import { when, duration } from '../format.js';

const HOUR = 3600 * 1000;

// A datetime-local value (the browser's time zone) for `ms`.
function localInput(ms) {
  const d = new Date(ms);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function covers(w, target) {
  if (target.application && w.applications.includes(target.application)) return true;
  return Boolean(target.product && w.products.includes(target.product));
}

function windowRow(ctx, w, changed) {
  const active = w.status === 'active';
  const seconds = Math.round((new Date(w.ends_at) - new Date(w.starts_at)) / 1000);
  return h('li', { class: 'maintenance-row', 'data-window': w.id },
    h('div', {},
      h('p', {}, active ? badge('Under way', 'warn') : badge('Planned', 'neutral'), ' ', h('strong', {}, w.reason)),
      h('p', { class: 'muted small' },
        active ? 'Ends ' : 'Starts ', when(active ? w.ends_at : w.starts_at, '—', { exact: true }),
        ` · ${duration(seconds)} · `,
        [...w.products.map((p) => `product ${p}`), ...w.applications.map((a) => `application ${a}`)].join(', '))),
    ctx.canChange && active ? button('End now', async () => {
      try {
        await post(orgPath(ctx.org.slug, 'maintenance-windows', w.id, 'end'));
        toast('Maintenance ended.');
      } catch (error) {
        toast(error.message, 'bad');
      }
      await changed();
    }) : null);
}

function planDialog(ctx, target, changed, products) {
  const d = openDialog(target.application ? `Plan maintenance of ${target.application}` : 'Plan maintenance');
  const now = Date.now();
  const fields = [
    field({ label: 'Reason', name: 'reason', required: true, maxlength: 500, autocomplete: 'off' }),
    field({ label: 'Starts', name: 'starts_at', type: 'datetime-local', required: true, value: localInput(now),
      hint: 'Now or later, in your time zone.' }),
    field({ label: 'Ends', name: 'ends_at', type: 'datetime-local', required: true, value: localInput(now + HOUR),
      hint: 'At most 30 days after the start.' }),
  ];
  if (!target.application) {
    fields.splice(1, 0, field({ label: 'Product', name: 'products', type: 'select', value: products[0]?.slug,
      options: products.map((p) => [p.slug, p.name]) }));
  }
  dialogForm(d, {
    fields,
    submitLabel: 'Plan maintenance',
    submit: async (form) => {
      const e = form.elements;
      // A start within the current minute means now.
      const start = Math.max(new Date(e.starts_at.value).getTime(), Date.now());
      const body = {
        reason: e.reason.value.trim(),
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(e.ends_at.value).toISOString(),
      };
      if (target.application) body.applications = [target.application];
      else body.products = [e.products.value];
      await post(orgPath(ctx.org.slug, 'maintenance-windows'), body);
      d.close();
      toast('Maintenance planned.');
      await changed();
    },
  });
}

// A card of the windows active or planned that cover `target`
// ({application, product} slugs; empty: every window), with {card, refresh}.
// `products` ([{slug, name}]) are offered when planning without an
// application; `changed` is called after a change (defaults to refresh).
export function maintenanceCard(ctx, target = {}, { products = [], changed } = {}) {
  const list = h('div', {});
  let refresh;
  const after = async () => { await refresh(); if (changed) await changed(); };
  const planning = ctx.canChange && (target.application || products.length);
  const card = section('Maintenance', {
    id: 'maintenance',
    description: 'While a window is under way its applications open no incident and their uptime leaves the time out.',
    actions: planning ? [button('Plan maintenance', () => planDialog(ctx, target, after, products))] : [],
  }, list);
  refresh = async () => {
    try {
      const answer = await get(`${orgPath(ctx.org.slug, 'maintenance-windows')}?limit=100`);
      const shown = answer.maintenance_windows
        .filter((w) => w.status !== 'ended')
        .filter((w) => !target.application && !target.product ? true : covers(w, target))
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
      fill(list, shown.length
        ? h('ul', { class: 'maintenance-list', 'aria-label': 'Maintenance windows' }, shown.map((w) => windowRow(ctx, w, after)))
        : emptyState('No maintenance under way or planned'));
    } catch (error) {
      fill(list, errorNote(error));
    }
  };
  return { card, refresh };
}
