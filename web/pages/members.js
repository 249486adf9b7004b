// The organization's members. Owners add members, change roles and remove
// them; everyone else sees the list.
import { get, post, patch, del, orgPath } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { button, iconButton, section, loading, errorNote, badge, toast } from '../ui.js';
import { when } from '../format.js';

const ROLES = [['member', 'Member: reads everything, changes nothing, sees no token'],
  ['admin', 'Admin: also products, applications, credentials and secrets'], ['owner', 'Owner: also members']];

export async function membersPage(ctx) {
  ctx.title('Members');
  const base = orgPath(ctx.org.slug, 'members');
  const body = h('div', {}, loading());
  const problems = h('div', { class: 'form-errors' });
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Members')),
      ctx.isOwner ? button('Add member', addDialog, { kind: 'primary' }) : null),
    section('People', { id: 'people', description: ctx.isOwner ? null : 'Only owners change who belongs to the organization.' }, problems, body));

  async function refresh() {
    try {
      const { members } = await get(base);
      fill(body, table(members));
    } catch (error) {
      fill(body, errorNote(error));
    }
  }

  function roleControl(member) {
    if (!ctx.isOwner) return badge(member.role, member.role === 'member' ? 'neutral' : 'hits');
    const select = h('select', { 'aria-label': `Role of ${member.username}` },
      ROLES.map(([value]) => h('option', { value, selected: value === member.role }, value)));
    select.addEventListener('change', async () => {
      problems.replaceChildren();
      try {
        await patch(`${base}/${encodeURIComponent(member.username)}`, { role: select.value });
        toast(`${member.username} is now ${select.value}.`);
      } catch (error) {
        problems.replaceChildren(errorNote(error));
      }
      refresh();
    });
    return select;
  }

  function table(members) {
    return h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Members'),
      h('thead', {}, h('tr', {}, ['Username', 'Role', 'Member since'].map((t) => h('th', { scope: 'col' }, t)),
        ctx.isOwner ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
      h('tbody', {}, members.map((m) => h('tr', {},
        h('th', { scope: 'row' }, m.username, m.username === ctx.session.user.username ? h('span', { class: 'muted' }, ' (you)') : null),
        h('td', {}, roleControl(m)),
        h('td', {}, when(m.created_at)),
        ctx.isOwner ? h('td', { class: 'row-actions' },
          iconButton('trash', `Remove ${m.username}`, () => remove(m), { kind: 'ghost-danger' })) : null))));
  }

  function addDialog() {
    const d = openDialog('Add member');
    dialogForm(d, {
      fields: [
        field({ label: 'Username', name: 'username', required: true, autocomplete: 'off' }),
        field({ label: 'Role', name: 'role', type: 'select', value: 'member', options: ROLES }),
        field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'new-password',
          hint: 'Needed only when the user is new to this server.' }),
      ],
      submitLabel: 'Add member',
      submit: async (form) => {
        const e = form.elements;
        const payload = { username: e.username.value.trim(), role: e.role.value };
        if (e.password.value) payload.password = e.password.value;
        await post(base, payload);
        d.close();
        toast(`${payload.username} added.`);
        refresh();
      },
    });
  }

  function remove(member) {
    confirmAction({
      title: `Remove ${member.username}?`,
      message: `${member.username} loses access to ${ctx.org.name} at once.`,
      confirmLabel: 'Remove member',
      act: async () => {
        await del(`${base}/${encodeURIComponent(member.username)}`);
        refresh();
      },
    });
  }

  await refresh();
}
