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
