// The web UI's entry point: finds the session, then renders the page for the
// current path inside the layout (top bar and main region).
import { get, post, del, setCsrfToken, whenUnauthenticated, orgPath, getAll } from './api.js';
import { openDialog, dialogForm, nameAndSlugFields, nameAndSlug } from './dialog.js';
import { h, fill } from './dom.js';
import { route, match, navigate, startRouter } from './router.js';
import { topBar } from './topbar.js';
import { errorNote, emptyState } from './ui.js';
import { setPageTitle, setOpenIncidents, watchOpenIncidents, stopWatchingIncidents } from './title.js';
import { loginPage } from './pages/login.js';
import { productsPage } from './pages/products.js';
import { applicationPage } from './pages/application.js';
import { settingsPage } from './pages/settings.js';
import { statusPageSettingsPage } from './pages/status_page_settings.js';
import { channelsPage } from './pages/channels.js';
import { channelPage } from './pages/channel.js';
import { incidentsPage } from './pages/incidents.js';
import { incidentPage } from './pages/incident.js';
import { membersPage } from './pages/members.js';
import { invitationsPanel } from './invitations.js';
import { auditLogPage } from './pages/audit_log.js';
import { apiDocsPage } from './pages/api_docs.js';
import { apiKeysPage } from './pages/api_keys.js';
import { apiReferencePage } from './pages/api_reference.js';

const root = document.getElementById('app');
let session = null; // {user, organizations} while logged in.
let leaving = [];   // What the current page stops when it is left.
let firstRender = true;

route('/orgs/:org', { nav: 'products', page: productsPage });
route('/orgs/:org/applications/:app', { nav: 'products', page: applicationPage });
route('/orgs/:org/settings', { nav: 'settings', page: settingsPage });
route('/orgs/:org/settings/channels', { nav: 'settings', page: channelsPage });
route('/orgs/:org/settings/status-page', { nav: 'settings', page: statusPageSettingsPage });
route('/orgs/:org/settings/channels/:id', { nav: 'settings', page: channelPage });
route('/orgs/:org/incidents', { nav: 'incidents', page: incidentsPage });
route('/orgs/:org/incidents/:id', { nav: 'incidents', page: incidentPage });
route('/orgs/:org/members', { nav: 'members', page: membersPage });
route('/orgs/:org/audit-log', { nav: 'audit', page: auditLogPage });
route('/orgs/:org/api', { nav: 'api', page: apiDocsPage });
route('/orgs/:org/api-keys', { nav: '', page: apiKeysPage });
route('/orgs/:org/api-reference', { nav: '', page: apiReferencePage });

async function loadSession() {
  try {
    const me = await get('/me');
    setCsrfToken(me.csrf_token);
    const invitations = await getAll('/invitations', 'invitations');
    session = { user: me.user, organizations: me.organizations, invitations };
  } catch (error) {
    if (error.status !== 401) throw error;
    session = null;
  }
}

function loginPath() {
  const next = location.pathname + location.search;
  return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

async function logout() {
  try {
    await del('/session');
  } finally {
    session = null;
    stopWatchingIncidents();
    setCsrfToken('');
    navigate('/login');
  }
}

// Creates an organization (the caller becomes its owner) and opens it.
function newOrganization() {
  const d = openDialog('New organization');
  dialogForm(d, {
    fields: nameAndSlugFields(),
    submitLabel: 'Create organization',
    submit: async (form) => {
      const body = nameAndSlug(form);
      const created = await post('/orgs', body);
      await loadSession();
      d.close();
      navigate(orgPath(created.slug));
    },
  });
}

// After an invitation is answered: the organizations change, and an
// accepted one opens.
async function invitationAnswered(joined) {
  await loadSession();
  if (joined) return navigate(orgPath(joined.slug));
  renderPage();
}

function layout(org, nav) {
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  fill(root, h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'), topBar(session, org, nav, logout, newOrganization), main);
  const invitations = invitationsPanel(session.invitations, invitationAnswered);
  if (invitations) main.append(invitations);
  return main;
}

function renderPage() {
  for (const stop of leaving) stop();
  leaving = [];
  const path = location.pathname;
  if (path === '/login') {
    if (session) return navigate(new URLSearchParams(location.search).get('next') || '/', { replace: true });
    return loginPage(root, async () => {
      await loadSession();
      navigate(new URLSearchParams(location.search).get('next') || '/', { replace: true });
    });
  }
  if (!session) return navigate(loginPath(), { replace: true });
  if (path === '/') {
    const first = session.organizations[0];
    if (first) return navigate(orgPath(first.slug), { replace: true });
    const main = layout(null, '');
    return main.append(emptyState('You do not belong to any organization yet',
      session.invitations.length ? 'Accept an invitation above to join one.'
        : 'Ask an owner of an organization to invite you, then log in again.'));
  }
  const found = match(path);
  const org = found && session.organizations.find((o) => o.slug === found.params.org || o.id === found.params.org);
  const main = layout(org || null, found ? found.page.nav : '');
  if (!firstRender) main.focus();
  firstRender = false;
  if (!found || !org) {
    setPageTitle('Page not found · hookwarden');
    return main.append(h('h1', {}, 'Page not found'),
      emptyState('There is nothing here', 'The address may be mistyped, or the organization is not one of yours.'));
  }
  const ctx = {
    main, org, params: found.params, session,
    canChange: org.role === 'admin' || org.role === 'owner',
    isOwner: org.role === 'owner',
    title: (text) => setPageTitle(`${text} · ${org.name} · hookwarden`),
    // A page that counts the open incidents itself shares the count.
    setOpenIncidents: (n) => setOpenIncidents(org.slug, n),
    onLeave: (stop) => leaving.push(stop),
  };
  watchOpenIncidents(org.slug);
  Promise.resolve(found.page.page(ctx)).catch((error) => main.append(errorNote(error)));
}

// On narrow screens tables become stacked rows: each cell shows its
// column's heading, taken from the table's head as rows appear.
function labelCells(table) {
  const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => {
      if (headings[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', headings[i]);
    });
  }
}
new MutationObserver(() => document.querySelectorAll('table.table').forEach(labelCells))
  .observe(document.body, { childList: true, subtree: true });

whenUnauthenticated(() => {
  if (!session) return;
  session = null;
  stopWatchingIncidents();
  navigate(loginPath(), { replace: true });
});

loadSession()
  .then(() => startRouter(renderPage))
  .catch((error) => fill(root, h('div', { class: 'boot' }, errorNote(error))));
