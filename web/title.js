// The tab's title: the page's own, preceded by the organization's count of
// open incidents when there are any ("(3) Products · Acme · hookwarden"), so
// that a background tab shows it. The count is read every 20 s.
import { get, orgPath } from './api.js';

const REFRESH_MS = 20000;
let base = 'hookwarden';
let counts = { org: null, open: 0 };
let timer = null;

function show() {
  document.title = counts.open > 0 ? `(${counts.open}) ${base}` : base;
}

export function setPageTitle(text) {
  base = text;
  show();
}

// The count of open incidents of `org`, as a page read it.
export function setOpenIncidents(org, open) {
  if (org !== counts.org) return;
  counts.open = open;
  show();
}

async function readCount(org) {
  try {
    const { total } = await get(`${orgPath(org, 'incidents')}?${new URLSearchParams({ status: 'open', limit: '1' })}`);
    setOpenIncidents(org, total);
  } catch {
    // The count stays as it was; the page shows its own errors.
  }
}

// Keeps the count for `org` (the organization of the current page) fresh.
export function watchOpenIncidents(org) {
  if (counts.org === org && timer) return;
  clearInterval(timer);
  counts = { org, open: 0 };
  readCount(org);
  // Also in a background tab: that is where the count is most useful.
  timer = setInterval(() => readCount(org), REFRESH_MS);
}

// Stops reading (when the session ends).
export function stopWatchingIncidents() {
  clearInterval(timer);
  timer = null;
  counts = { org: null, open: 0 };
  show();
}
