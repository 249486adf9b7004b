// How times, durations and figures read on the pages.
import { h } from './dom.js';

// One rule for times: the browser's own zone, named (e.g. "CET"), with the
// UTC time on hover.
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
});
const utcFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  timeZone: 'UTC', timeZoneName: 'short',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function dateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)) : '';
}

// The same instant in UTC, for tooltips.
export function utc(iso) {
  return iso ? utcFormat.format(new Date(iso)) : '';
}

// "3 hours ago", with "in" for the future.
export function relative(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relativeFormat.format(Math.trunc(value), unit);
    value /= size;
  }
  return dateTime(iso);
}

// <time> showing "3 minutes ago" (or, with `exact`, the date and time in the
// browser's zone), with the exact local and UTC times on hover; `none` when
// there is no time.
export function when(iso, none = '—', { exact = false } = {}) {
  if (!iso) return h('span', { class: 'muted' }, none);
  return h('time', { datetime: iso, title: `${dateTime(iso)}\n${utc(iso)}` }, exact ? dateTime(iso) : relative(iso));
}

// "1 incident", "2 incidents": `n` with the noun in the right number.
export function plural(n, one, many = `${one}s`) {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 ? `${hours} h ${m % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

// A ratio (0-1) as a percentage.
export function percent(ratio, digits = 2) {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(digits).replace(/\.?0+$/, '')} %`;
}

export function count(n) {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat().format(n);
}

export function millis(ms) {
  return ms === null || ms === undefined ? '—' : `${Math.round(ms)} ms`;
}

export const CREDENTIAL_TYPES = { hits_failure: 'Hits/Failure', deploy: 'Deploy' };
export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4', 'sev5', 'not_classified'];
export function severityLabel(severity) {
  return severity === 'not_classified' ? 'Not classified' : (severity || '').toUpperCase();
}
