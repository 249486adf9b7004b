// A small availability chart for a row: one bar per bucket, its height the
// availability (0 % is a full-height red bar: a bucket that only failed is
// the loudest, not an empty one), grey for a bucket without reports.
import { s } from './dom.js';
import { percent } from './format.js';

export function availabilityTone(value) {
  if (value === null || value === undefined) return 'none';
  if (value >= 0.999) return 'good';
  if (value >= 0.95) return 'warn';
  return 'bad';
}

// One bucket as a stacked bar of `height`: its available share from the
// bottom in green and its failed share above it in red, so 0 % is a full
// red bar, 33 % mostly red and 91.7 % mostly green with a red top; a bucket
// without reports is a short grey mark.
export function bucketBars(value, x, barWidth, height) {
  if (availabilityTone(value) === 'none') return [s('rect', { x, y: height - 2, width: barWidth, height: 2, class: 'bar bar-none' })];
  const up = value * height;
  return [
    up > 0 ? s('rect', { x, y: height - up, width: barWidth, height: up, class: 'bar bar-good' }) : null,
    up < height ? s('rect', { x, y: 0, width: barWidth, height: height - up, class: 'bar bar-failed' }) : null,
  ];
}

// `series` [{from, availability}]; `label` names what it covers.
export function sparkline(series, label) {
  const width = 96;
  const height = 24;
  const step = width / Math.max(series.length, 1);
  const known = series.filter((b) => b.availability !== null && b.availability !== undefined);
  const lowest = known.length ? Math.min(...known.map((b) => b.availability)) : null;
  const summary = known.length ? `${label}: lowest ${percent(lowest)}` : `${label}: no reports`;
  return s('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': summary },
    s('title', {}, summary),
    series.map((bucket, i) => bucketBars(bucket.availability, i * step + 0.5, Math.max(step - 1, 0.5), height)));
}
