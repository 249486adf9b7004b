// The application's SLO: its objective, window and indicator, the error
// budget left as a bar, the burn rates and the burn-rate rules that fire;
// admins and owners set it or take it away.
import { get, patch, orgPath } from '../api.js';
import { h, s, fill } from '../dom.js';
import { field } from '../dialog.js';
import { badge, button, errorNote, onValidSubmit, section, toast } from '../ui.js';
import { when } from '../format.js';

const SPANS = ['5m', '30m', '1h', '6h', '24h', '3d'];

function number(value, digits = 2) {
  return value === null || value === undefined ? '—' : String(Number(value.toFixed(digits)));
}

// The budget left, 0–100 % of the bar (negative: overspent, an empty red bar).
function budgetBar(remaining) {
  const known = remaining !== null && remaining !== undefined;
  const width = known ? Math.max(0, Math.min(100, remaining)) : 0;
  const tone = !known ? 'none' : remaining <= 0 ? 'bad' : remaining < 25 ? 'warn' : 'good';
  return h('div', {
    class: `budget-bar budget-${tone}`, role: 'meter', 'aria-label': 'Error budget left',
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(known ? width : 0),
    'aria-valuetext': known ? `${number(remaining)} % left` : 'No budget yet',
  }, s('svg', { viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
    s('rect', { x: 0, y: 0, width: 100, height: 6, class: 'budget-track' }),
    s('rect', { x: 0, y: 0, width, height: 6, class: 'budget-fill' })));
}

function report(r) {
  const left = r.error_budget.remaining_percent;
  return h('div', { class: 'slo-report' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Objective'), h('dd', {}, `${number(r.objective_percent, 3)} % over ${r.window_days} days (${r.indicator})`),
      h('dt', {}, 'Attained'), h('dd', {}, r.attained_percent === null ? '—' : `${number(r.attained_percent, 3)} %`),
      h('dt', {}, 'Error budget left'),
      h('dd', {}, left === null ? '—' : `${number(left)} %`,
        ` (${number(r.error_budget.consumed)} of ${number(r.error_budget.total)} ${r.error_budget.unit})`)),
    budgetBar(left),
    h('table', { class: 'burn-rates' },
      h('caption', {}, 'Burn rates (1 spends the budget exactly over the window)'),
      h('thead', {}, h('tr', {}, SPANS.map((span) => h('th', { scope: 'col' }, span)))),
      h('tbody', {}, h('tr', {}, SPANS.map((span) => h('td', {}, number(r.burn_rate[span])))))),
    r.firing.length
      ? h('ul', { class: 'firing-rules', 'aria-label': 'Burn-rate rules firing' }, r.firing.map((f) => h('li', { 'data-rule': f.rule },
        badge(f.severity === 'page' ? 'Page' : 'Ticket', f.severity === 'page' ? 'bad' : 'warn'), ' ',
        `${f.long_window} and ${f.short_window} burn faster than ${number(f.threshold)} · since `, when(f.since))))
      : h('p', { class: 'muted' }, 'No burn-rate rule fires.'));
}

function sloForm(ctx, app, changed) {
  const path = orgPath(ctx.org.slug, 'applications', app.slug);
  const slo = app.slo || { objective_percent: 99.9, window_days: 30, indicator: 'events' };
  const errors = h('div', { class: 'form-errors' });
  const form = h('form', { class: 'form slo-form' },
    field({ label: 'Objective (%)', name: 'objective_percent', type: 'number', min: 50, max: 99.999, step: 'any', required: true,
      value: slo.objective_percent }),
    field({ label: 'Window', name: 'window_days', type: 'select', value: String(slo.window_days),
      options: [['7', '7 days'], ['28', '28 days'], ['30', '30 days']] }),
    field({ label: 'Indicator', name: 'indicator', type: 'select', value: slo.indicator,
      options: [['events', 'Events (hits over hits and failures)'], ['uptime', 'Uptime (time outside incidents)']] }),
    errors,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, app.slo ? 'Save SLO' : 'Set SLO'),
      app.slo ? button('Remove SLO', async () => {
        try {
          await patch(path, { slo: null });
          toast('SLO removed.');
          changed();
        } catch (error) {
          errors.replaceChildren(errorNote(error));
        }
      }) : null));
  onValidSubmit(form, errors, async (e) => {
    await patch(path, { slo: {
      objective_percent: Number(e.objective_percent.value), window_days: Number(e.window_days.value), indicator: e.indicator.value,
    } });
    toast('SLO saved.');
    changed();
  });
  return form;
}

// {card, refresh} of the application `app`; `changed` reloads `app`.
export function sloCard(ctx, app, changed) {
  const shown = h('div', {});
  const card = section('Service level objective', {
    id: 'slo', description: 'The objective, the error budget it leaves and how fast it is spent.',
  }, shown, ctx.canChange ? sloForm(ctx, app, changed) : null);
  const refresh = async () => {
    if (!app.slo) {
      fill(shown, h('p', { class: 'muted' }, 'No SLO set.'));
      return;
    }
    try {
      fill(shown, report(await get(orgPath(ctx.org.slug, 'applications', app.slug, 'slo'))));
    } catch (error) {
      fill(shown, errorNote(error));
    }
  };
  return { card, refresh };
}
