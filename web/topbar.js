// The top bar: the organization's name with the arrow that opens the
// organization menu (switch organization; "Settings" with its pencil), the
// main navigation, and the signed-in user.
import { h } from './dom.js';
import { icon } from './icons.js';
import { iconButton, button } from './ui.js';
import { navigate } from './router.js';
import { orgPath } from './api.js';

function organizationMenu(session, org) {
  const menuId = 'org-menu';
  const trigger = h('button', {
    type: 'button', class: 'org-trigger', 'aria-expanded': 'false', 'aria-controls': menuId,
  }, h('span', { class: 'org-name' }, org ? org.name : 'No organization'),
  h('span', { class: 'visually-hidden' }, ', organization menu'), icon('chevronDown'));
  const go = (path) => { setOpen(false); navigate(path); };
  const menu = h('div', { id: menuId, class: 'org-menu', hidden: true },
    org ? h('div', { class: 'menu-settings' },
      h('span', {}, 'Settings'),
      iconButton('pencil', `${org.role === 'member' ? 'View' : 'Edit'} ${org.name} settings`,
        () => go(`${orgPath(org.slug)}/settings`))) : null,
    h('p', { class: 'menu-label', id: 'org-menu-switch' }, 'Switch organization'),
    h('ul', { class: 'menu-list', 'aria-labelledby': 'org-menu-switch' },
      session.organizations.map((o) => h('li', {},
        h('a', {
          href: orgPath(o.slug), 'aria-current': org && o.id === org.id ? 'true' : null,
          onClick: () => setOpen(false),
        }, h('span', {}, o.name), h('span', { class: 'menu-role' }, o.role))))));
  function setOpen(open) {
    menu.hidden = !open;
    trigger.setAttribute('aria-expanded', String(open));
  }
  trigger.addEventListener('click', () => setOpen(menu.hidden));
  const wrapper = h('div', { class: 'org-switcher' }, trigger, menu);
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

export function topBar(session, org, current, onLogout) {
  const links = org ? [
    ['products', 'Products', orgPath(org.slug)],
    ['incidents', 'Incidents', orgPath(org.slug, 'incidents')],
    ['settings', 'Settings', orgPath(org.slug, 'settings')],
    ['members', 'Members', orgPath(org.slug, 'members')],
    ['audit', 'Audit log', orgPath(org.slug, 'audit-log')],
    ['api', 'API', orgPath(org.slug, 'api')],
  ] : [];
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'h'), 'hookwarden'),
    organizationMenu(session, org),
    h('nav', { class: 'mainnav', 'aria-label': 'Main' },
      links.map(([key, text, href]) => h('a', { href, 'aria-current': key === current ? 'page' : null }, text))),
    h('div', { class: 'user' },
      h('span', { class: 'user-name' }, session.user.username),
      button('Log out', onLogout, { kind: 'ghost' })));
}
