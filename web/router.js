// Client-side routing on real paths (the server answers the app shell for
// every page path). Same-origin links navigate without a reload.

const routes = [];
let render = () => {};

// `pattern` like "/orgs/:org/settings"; `page(params)` renders it.
export function route(pattern, page) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ regex: new RegExp(`^${source}/?$`), names, page });
}

export function match(path) {
  for (const { regex, names, page } of routes) {
    const found = regex.exec(path);
    if (found) {
      const params = {};
      names.forEach((name, i) => { params[name] = decodeURIComponent(found[i + 1]); });
      return { page, params };
    }
  }
  return null;
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else if (path !== location.pathname + location.search) history.pushState(null, '', path);
  render();
}

// Starts routing: `onChange` renders the current location.
export function startRouter(onChange) {
  render = onChange;
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  render();
}
