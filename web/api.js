// The public HTTP API (docs/api.md), as the pages call it. Every change made
// with the session cookie carries the session's CSRF token. Failures are
// thrown as ApiError with the API's own code and message.

export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = '';
let onUnauthenticated = () => {};

// The CSRF token of the login (from POST /session or GET /me).
export function setCsrfToken(token) {
  csrfToken = token || '';
}

// Called when the session ends under a page (a 401 from any call but login).
export function whenUnauthenticated(callback) {
  onUnauthenticated = callback;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const error = (data && data.error) || {};
  const failure = new ApiError(response.status, error.code || `http_${response.status}`,
    error.message || `The server answered ${response.status}.`, error.field || null,
    response.headers.get('Retry-After'));
  if (response.status === 401 && path !== '/session') onUnauthenticated();
  throw failure;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

// `/orgs/<org>` followed by `rest`, with every segment escaped.
export function orgPath(org, ...rest) {
  return ['', 'orgs', org, ...rest].map((part, i) => (i === 0 ? '' : encodeURIComponent(part))).join('/');
}

// The configuration lists (products, applications, credentials, secrets,
// channels, members, invitations, API keys, organizations) answer at most
// `limit` items (up to LIST_LIMIT) with the `next_cursor` of the next page
// and the list's `total`.
export const LIST_LIMIT = 500;

function pageQuery(path, limit, cursor) {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

// A pagedList `load` (pager.js) for the list at `path`, its items under
// `field`.
export function listLoader(path, field) {
  return async (limit, cursor) => {
    const page = await get(pageQuery(path, limit, cursor));
    return { items: page[field], next_cursor: page.next_cursor, total: page.total };
  };
}

// Every item of the list at `path` under `field`, page after page: for what
// needs the whole list (a menu of choices, the status board).
export async function getAll(path, field) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(pageQuery(path, LIST_LIMIT, cursor));
    items.push(...page[field]);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
