// The application's reliability over 24 hours, 7 days or 30 days: figures
// and a chart of availability per hour or day.
import { get, orgPath } from '../api.js';
import { h, s } from '../dom.js';
import { liveRegion } from '../live.js';
import { percent, duration, count, millis, dateTime } from '../format.js';

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
  const at = (iso) => h('time', { datetime: iso }, dateTime(iso));
  return h('p', { class: 'window-line muted small' },
    `Last ${period.name}: from `, at(span.from), ' to ', at(span.to));
}

function figure(label, value, detail) {
  return h('div', { class: 'figure' }, h('dt', {}, label), h('dd', {}, value, detail ? h('span', { class: 'figure-detail' }, detail) : null));
}

function chart(series, period) {
  const width = 600;
  const height = 120;
  const gap = series.length > 60 ? 0.5 : 2;
  const barWidth = width / Math.max(series.length, 1);
  const known = series.filter((b) => b.availability !== null && b.availability !== undefined);
  const lowest = known.length ? Math.min(...known.map((b) => b.availability)) : null;
  const summary = known.length
    ? `Availability per ${period.unit} over the last ${period.name}: lowest ${percent(lowest)}.`
    : `No hits or failures in the last ${period.name}.`;
  return h('figure', { class: 'chart' },
    s('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': summary },
      series.map((bucket, i) => {
        const value = bucket.availability;
        const empty = value === null || value === undefined;
        const barHeight = empty ? 3 : Math.max(3, value * height);
        const tone = empty ? 'none' : value >= 0.999 ? 'good' : value >= 0.95 ? 'warn' : 'bad';
        return s('rect', {
          x: i * barWidth + gap / 2, y: height - barHeight, width: Math.max(barWidth - gap, 0.5), height: barHeight,
          class: `bar bar-${tone}`,
        }, s('title', {}, `${new Date(bucket.from).toLocaleString()}: ${empty ? 'no data' : percent(value)}`
          + ` (${count(bucket.hits)} hits, ${count(bucket.failures)} failures)`));
      })),
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
      return get(`${orgPath(ctx.org.slug, 'applications', app.slug, 'metrics')}?${query}`)
        .then((m) => ({ period: asked.key, m }));
    },
    render: ({ period: key, m }) => {
      const shown = PERIODS.find((p) => p.key === key);
      return [windowLine(m.window, shown), figures(m), chart(m.series, shown)];
    },
  });
  const card = h('section', { class: 'card', 'aria-labelledby': 'reliability-heading' },
    h('div', { class: 'card-head' }, h('h2', { id: 'reliability-heading' }, 'Reliability'), tabs),
    h('div', { class: 'card-body' }, region));
  return { card, refresh };
}

