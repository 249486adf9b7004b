// The top bar: the organization's name with the arrow that opens the
// organization menu (switch organization, create one; "Settings" with its
// pencil), the main navigation (a Menu button on narrow screens), and the
// signed-in user's menu.
import { h } from './dom.js';
import { icon } from './icons.js';
import { iconButton, button } from './ui.js';
import { navigate } from './router.js';
import { orgPath } from './api.js';
import { channelAlert } from './alerts.js';

// A menu button: `trigger` shows and hides what `content(close)` makes;
// Escape and a click elsewhere close it. Returns the wrapper of both.
function dropdown(wrapperClass, menuClass, id, trigger, content) {
  trigger.setAttribute('aria-expanded', 'false');
  trigger.setAttribute('aria-controls', id);
  function setOpen(open) {
    menu.hidden = !open;
    trigger.setAttribute('aria-expanded', String(open));
  }
  const menu = h('div', { id, class: menuClass, hidden: true }, content(() => setOpen(false)));
  trigger.addEventListener('click', () => setOpen(menu.hidden));
  const wrapper = h('div', { class: wrapperClass }, trigger, menu);
  wrapper.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !menu.hidden) {
      setOpen(false);
      trigger.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!wrapper.contains(event.target)) setOpen(false);
  });
  return wrapper;
}

function organizationMenu(session, org, onNewOrganization) {
  const trigger = h('button', { type: 'button', class: 'org-trigger' },
    h('span', { class: 'org-name' }, org ? org.name : 'No organization'),
    h('span', { class: 'visually-hidden' }, ', organization menu'), icon('chevronDown'));
  return dropdown('org-switcher', 'org-menu', 'org-menu', trigger, (close) => [
    org ? h('div', { class: 'menu-settings' },
      h('span', {}, 'Settings'),
      iconButton('pencil', `${org.role === 'member' ? 'View' : 'Edit'} ${org.name} settings`,
        () => { close(); navigate(`${orgPath(org.slug)}/settings`); })) : null,
    h('p', { class: 'menu-label', id: 'org-menu-switch' }, 'Switch organization'),
    h('ul', { class: 'menu-list', 'aria-labelledby': 'org-menu-switch' },
      session.organizations.map((o) => h('li', {},
        h('a', { href: orgPath(o.slug), 'aria-current': org && o.id === org.id ? 'true' : null, onClick: close },
          h('span', {}, o.name), h('span', { class: 'menu-role' }, o.role))))),
    h('div', { class: 'menu-footer' }, button('New organization', () => { close(); onNewOrganization(); })),
  ]);
}

// The signed-in user's menu: personal API keys, the API reference, log out.
function userMenu(session, org, onLogout) {
  const trigger = h('button', { type: 'button', class: 'user-trigger' },
    h('span', { class: 'user-name' }, session.user.username),
    h('span', { class: 'visually-hidden' }, ', user menu'), icon('chevronDown'));
  return dropdown('user', 'org-menu user-menu', 'user-menu', trigger, (close) => [
    h('p', { class: 'menu-label' }, `Signed in as ${session.user.username}`),
    h('ul', { class: 'menu-list' },
      org ? h('li', {}, h('a', { href: orgPath(org.slug, 'api-keys'), onClick: close }, 'Personal API keys')) : null,
      org ? h('li', {}, h('a', { href: orgPath(org.slug, 'api-reference'), onClick: close }, 'API reference')) : null),
    h('div', { class: 'menu-footer' }, button('Log out', onLogout, { kind: 'secondary' })),
  ]);
}

// `onNewOrganization()` opens the dialog that creates one.
export function topBar(session, org, current, onLogout, onNewOrganization) {
  const links = org ? [
    ['products', 'Products', orgPath(org.slug)],
    ['incidents', 'Incidents', orgPath(org.slug, 'incidents')],
    ['settings', 'Settings', orgPath(org.slug, 'settings')],
    ['members', 'Members', orgPath(org.slug, 'members')],
    ['audit', 'Audit log', orgPath(org.slug, 'audit-log')],
    ['api', 'API', orgPath(org.slug, 'api')],
  ] : [];
  const nav = h('nav', { id: 'main-nav', class: 'mainnav', 'aria-label': 'Main' },
    links.map(([key, text, href]) => h('a', { href, 'aria-current': key === current ? 'page' : null }, text)));
  // Below 960 px the navigation folds into this menu button.
  const toggle = h('button', {
    type: 'button', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'main-nav',
    onClick: () => setNavOpen(!nav.classList.contains('open')),
  }, icon('menu'), 'Menu');
  function setNavOpen(open) {
    nav.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  }
  nav.addEventListener('click', (event) => { if (event.target.closest('a')) setNavOpen(false); });
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && nav.classList.contains('open')) {
      setNavOpen(false);
      toggle.focus();
    }
  });
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '/', 'aria-label': 'hookwarden' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'h'), h('span', { class: 'brand-text' }, 'hookwarden')),
    organizationMenu(session, org, onNewOrganization),
    org ? channelAlert(org) : null,
    org ? toggle : null,
    nav,
    userMenu(session, org, onLogout));
}
