// The application's incident rules: a form for admins and owners, the
// values for members.
import { patch, orgPath } from '../api.js';
import { h, fill } from '../dom.js';
import { field } from '../dialog.js';
import { onValidSubmit, toast } from '../ui.js';
import { SEVERITIES, severityLabel, duration } from '../format.js';

// "every 1 hour" or "0 3 * * 1-5 (Europe/Berlin)"; "None" without one.
export function scheduleText(schedule) {
  if (!schedule) return 'None';
  if (schedule.period_seconds) return `Every ${duration(schedule.period_seconds)}`;
  return `${schedule.cron} (${schedule.timezone})`;
}

// The schedule the form's fields describe, or null for none.
function scheduleOf(e) {
  if (e.schedule_kind.value === 'period') return { period_seconds: Number(e.period_seconds.value) };
  if (e.schedule_kind.value === 'cron') return { cron: e.cron.value.trim(), timezone: e.timezone.value.trim() || 'UTC' };
  return null;
}

export function rulesCard(ctx, app, changed) {
  const body = h('div', { class: 'card-body' });
  const card = h('section', { class: 'card', 'aria-labelledby': 'rules-heading' },
    h('div', { class: 'card-head' }, h('div', {}, h('h2', { id: 'rules-heading' }, 'Incident rules'),
      h('p', { class: 'card-description' }, 'When an incident opens and when it closes by itself.'))),
    body);
  if (!ctx.canChange) {
    fill(body, h('dl', { class: 'facts' },
      h('dt', {}, 'Consecutive failures that open an incident'), h('dd', {}, String(app.failures_to_open)),
      h('dt', {}, 'Consecutive hits that resolve it'), h('dd', {}, String(app.hits_to_close)),
      h('dt', {}, 'Severity'), h('dd', {}, severityLabel(app.severity)),
      h('dt', {}, 'No-data timeout'), h('dd', {}, app.no_data_timeout_seconds ? duration(app.no_data_timeout_seconds) : 'Off'),
      h('dt', {}, 'Schedule'), h('dd', {}, scheduleText(app.schedule)),
      h('dt', {}, 'Grace'), h('dd', {}, duration(app.grace_seconds))));
    return card;
  }
  const errors = h('div', { class: 'form-errors' });
  const form = h('form', { class: 'form' },
    field({ label: 'Consecutive failures that open an incident', name: 'failures_to_open', type: 'number', min: 1, max: 1000, required: true, value: app.failures_to_open }),
    field({ label: 'Consecutive hits that resolve it', name: 'hits_to_close', type: 'number', min: 1, max: 1000, required: true, value: app.hits_to_close }),
    field({ label: 'Severity', name: 'severity', type: 'select', value: app.severity, options: SEVERITIES.map((v) => [v, severityLabel(v)]) }),
    field({ label: 'No-data timeout (seconds)', name: 'no_data_timeout_seconds', type: 'number', min: 0, max: 604800, required: true,
      value: app.no_data_timeout_seconds, hint: 'An incident opens when nothing arrives for this long. 0 turns it off.' }),
    field({ label: 'Schedule', name: 'schedule_kind', type: 'select',
      value: !app.schedule ? 'none' : app.schedule.period_seconds ? 'period' : 'cron',
      options: [['none', 'None'], ['period', 'Every period'], ['cron', 'Cron expression']] }),
    field({ label: 'Period (seconds)', name: 'period_seconds', type: 'number', min: 10, max: 31622400,
      value: app.schedule?.period_seconds ?? 3600, hint: 'With "Every period": a run is due this long after the last report.' }),
    field({ label: 'Cron expression', name: 'cron', type: 'text', maxlength: 200, value: app.schedule?.cron ?? '0 3 * * *',
      hint: 'With "Cron expression": minute hour day-of-month month day-of-week, as in a crontab.' }),
    field({ label: 'Time zone', name: 'timezone', type: 'text', maxlength: 64, value: app.schedule?.timezone ?? 'UTC',
      hint: 'An IANA zone such as Europe/Berlin.' }),
    field({ label: 'Grace (seconds)', name: 'grace_seconds', type: 'number', min: 0, max: 2592000, required: true,
      value: app.grace_seconds, hint: 'A run not reported by its due time plus this opens a late incident.' }),
    errors,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save rules')));
  onValidSubmit(form, errors, async (e) => {
    await patch(orgPath(ctx.org.slug, 'applications', app.slug), {
      failures_to_open: Number(e.failures_to_open.value), hits_to_close: Number(e.hits_to_close.value),
      severity: e.severity.value, no_data_timeout_seconds: Number(e.no_data_timeout_seconds.value),
      schedule: scheduleOf(e), grace_seconds: Number(e.grace_seconds.value),
    });
    toast('Incident rules saved.');
    changed();
  });
  fill(body, form);
  return card;
}
