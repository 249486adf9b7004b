// The application's reliability over 24 hours, 7 days or 30 days: figures
// and a chart of availability per hour or day.
import { get, orgPath } from '../api.js';
import { h, s } from '../dom.js';
import { liveRegion } from '../live.js';
import { percent, duration, count, millis, dateTime, plural, when } from '../format.js';
import { bucketBars } from '../sparkline.js';

const PERIODS = [
  { key: '24h', label: '24 h', name: '24 hours', hours: 24, step: 'hour', unit: 'hour' },
  { key: '7d', label: '7 d', name: '7 days', hours: 24 * 7, step: 'hour', unit: 'hour' },
  { key: '30d', label: '30 d', name: '30 days', hours: 24 * 30, step: 'day', unit: 'day' },
];

const MINUTE = 60 * 1000;

// The period's window up to the end of the current minute: the API truncates
// both ends to whole minutes, so a window ending "now" would leave out the
// events of the current minute.
function windowEndingNow(period) {
  const to = Math.floor(Date.now() / MINUTE) * MINUTE + MINUTE;
  return { from: new Date(to - period.hours * 60 * MINUTE), to: new Date(to) };
}

// The window the figures cover, as the API answered it.
function windowLine(span, period) {
  const at = (iso) => when(iso, '', { exact: true });
  return h('p', { class: 'window-line muted small' },
    `Last ${period.name}: from `, at(span.from), ' to ', at(span.to));
}

function figure(label, value, detail) {
  return h('div', { class: 'figure' }, h('dt', {}, label), h('dd', {}, value, detail ? h('span', { class: 'figure-detail' }, detail) : null));
}

const LEGEND = [['good', 'Available'], ['failed', 'Failed share'], ['none', 'No reports'], ['incident', 'Incident'], ['deploy', 'Deploy']];

// Availability per bucket as a height on a 0–100 % axis: each bar is its
// available share from the bottom and its failed share above it in red
// (0 % is a full red bar); buckets without reports are grey marks. The
// times of incidents are shaded behind the bars and deploys are marked.
function chart(series, period, { incidents = [], deploys = [] } = {}) {
  const width = 600;
  const height = 120;
  if (!series.length) return h('p', { class: 'muted' }, 'No buckets in this window.');
  const start = new Date(series[0].from).getTime();
  const end = new Date(series[series.length - 1].to).getTime();
  const span = Math.max(end - start, 1);
  const xOf = (t) => Math.min(width, Math.max(0, ((new Date(t).getTime() - start) / span) * width));
  const gap = series.length > 60 ? 0.3 : 1.5;
  const known = series.filter((b) => b.availability !== null && b.availability !== undefined);
  const lowest = known.length ? Math.min(...known.map((b) => b.availability)) : null;
  const summary = known.length
    ? `Availability per ${period.unit} over the last ${period.name}: lowest ${percent(lowest)}`
      + `${incidents.length ? `, ${plural(incidents.length, 'incident')}` : ''}${deploys.length ? `, ${plural(deploys.length, 'deploy')}` : ''}.`
    : `No hits or failures in the last ${period.name}.`;
  const shading = incidents.map((i) => {
    const x = xOf(i.opened_at);
    const x2 = xOf(i.resolved_at || new Date(end).toISOString());
    return s('rect', { x, y: 0, width: Math.max(x2 - x, 2), height, class: 'incident-shade' },
      s('title', {}, `Incident ${dateTime(i.opened_at)} – ${i.resolved_at ? dateTime(i.resolved_at) : 'open'}: ${i.cause || ''}`));
  });
  const bars = series.map((bucket) => {
    const x = xOf(bucket.from);
    const w = Math.max(xOf(bucket.to) - x - gap, 0.5);
    const empty = bucket.availability === null || bucket.availability === undefined;
    const text = `${dateTime(bucket.from)}: ${empty ? 'no reports' : percent(bucket.availability)}`
      + ` (${plural(bucket.hits, 'hit')}, ${plural(bucket.failures, 'failure')})`;
    return s('g', { class: 'bucket' }, s('title', {}, text), bucketBars(bucket.availability, x + gap / 2, w, height));
  });
  const marks = deploys.map((d) => {
    const t = d.finished_at || d.started_at || d.created_at;
    const x = xOf(t);
    return s('g', { class: `deploy-mark deploy-${d.status}` },
      s('title', {}, `Deploy ${d.version} (${d.status}) ${dateTime(t)}`),
      s('line', { x1: x, x2: x, y1: 0, y2: height }),
      s('rect', { x: x - 3, y: 0, width: 6, height: 6 }));
  });
  const middle = new Date(start + span / 2).toISOString();
  return h('figure', { class: 'chart' },
    h('div', { class: 'chart-plot' },
      h('div', { class: 'chart-y', 'aria-hidden': 'true' }, h('span', {}, '100 %'), h('span', {}, '50 %'), h('span', {}, '0 %')),
      s('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': summary },
        s('line', { x1: 0, x2: width, y1: height / 2, y2: height / 2, class: 'gridline' }),
        shading, bars, marks)),
    h('div', { class: 'chart-x muted small', 'aria-hidden': 'true' },
      h('span', {}, dateTime(series[0].from)), h('span', {}, dateTime(middle)), h('span', {}, dateTime(new Date(end).toISOString()))),
    h('ul', { class: 'legend small', 'aria-label': 'Legend' },
      LEGEND.map(([key, text]) => h('li', {}, h('span', { class: `swatch swatch-${key}`, 'aria-hidden': 'true' }), text))),
    h('figcaption', { class: 'muted small' }, summary));
}

function figures(m) {
  const latency = m.latency_ms;
  const { deploys } = m;
  return h('dl', { class: 'figures' },
    figure('Availability', percent(m.availability), `${count(m.hits)} hits · ${count(m.failures)} failures`),
    figure('Uptime', m.uptime_percent === null || m.uptime_percent === undefined ? '—' : `${Number(m.uptime_percent.toFixed(3))} %`,
      `${duration(m.downtime_seconds)} down · ${count(m.outages)} outages`),
    figure('MTTR', duration(m.mttr_seconds), `MTTA ${duration(m.mtta_seconds)}`),
    figure('MTBF', duration(m.mtbf_seconds)),
    figure('Latency', millis(latency.avg), `p95 ${millis(latency.p95)} · max ${millis(latency.max)}`),
    figure('Deploys', count(deploys.count),
      `change failure rate ${percent(deploys.change_failure_rate, 1)}`));
}

export function reliabilityCard(ctx, app) {
  let period = PERIODS[0];
  const region = h('div', { class: 'reliability' });
  const tabs = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Period' },
    PERIODS.map((p) => h('button', {
      type: 'button', class: 'segment', 'aria-pressed': String(p === period),
      onClick: (event) => {
        period = p;
        tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === event.currentTarget)));
        refresh();
      },
    }, p.label)));
  const refresh = liveRegion(region, {
    load: () => {
      const asked = period;
      const { from, to } = windowEndingNow(asked);
      const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), step: asked.step });
      const window = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      return Promise.all([
        get(`${orgPath(ctx.org.slug, 'applications', app.slug, 'metrics')}?${query}`),
        get(`${orgPath(ctx.org.slug, 'incidents')}?${new URLSearchParams({ application: app.slug, from: from.toISOString(), to: to.toISOString(), limit: '200' })}`),
        get(`${orgPath(ctx.org.slug, 'applications', app.slug, 'deploys')}?${window}`),
      ]).then(([m, incidents, deploys]) => ({ period: asked.key, m, incidents: incidents.items, deploys: deploys.deploys }));
    },
    render: ({ period: key, m, incidents, deploys }) => {
      const shown = PERIODS.find((p) => p.key === key);
      return [windowLine(m.window, shown), figures(m), chart(m.series, shown, { incidents, deploys })];
    },
  });
  const card = h('section', { class: 'card', 'aria-labelledby': 'reliability-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'reliability-heading' }, 'Reliability'), tabs),
    h('div', { class: 'card-body' }, region));
  return { card, refresh };
}

