// The organization's members. Owners invite people (who join by accepting),
// see and cancel pending invitations, change roles and remove members;
// everyone sees the list and may leave (but the last owner).
import { post, patch, del, orgPath, listLoader, LIST_LIMIT } from '../api.js';
import { h } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { button, iconButton, section, errorNote, badge, toast, emptyState } from '../ui.js';
import { when } from '../format.js';
import { pagedList } from '../pager.js';

const ROLES = [['member', 'Member: reads everything, changes nothing, sees no token'],
  ['admin', 'Admin: also products, applications, credentials and secrets'], ['owner', 'Owner: also members']];

export async function membersPage(ctx) {
  ctx.title('Members');
  const base = orgPath(ctx.org.slug, 'members');
  const invitationsBase = orgPath(ctx.org.slug, 'invitations');
  const people = pagedList({
    load: listLoader(base, 'members'), render: table, noun: ['member', 'members'], label: 'Members', maxLimit: LIST_LIMIT,
  });
  const pending = ctx.isOwner ? pagedList({
    load: listLoader(invitationsBase, 'invitations'), render: pendingTable,
    noun: ['pending invitation', 'pending invitations'], label: 'Pending invitations', maxLimit: LIST_LIMIT,
  }) : null;
  const problems = h('div', { class: 'form-errors' });
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Members')),
      h('div', { class: 'page-actions' },
        button('Leave organization', leave),
        ctx.isOwner ? button('Invite member', inviteDialog, { kind: 'primary' }) : null)),
    section('People', { id: 'people', description: ctx.isOwner ? null : 'Only owners change who belongs to the organization.' }, problems, people.element),
    ctx.isOwner ? section('Pending invitations', {
      id: 'pending-invitations',
      description: 'Invited people join when they accept, the next time they log in. Invitations expire after 14 days.',
    }, pending.element) : null);

  // Reads both lists again, as many items as are shown.
  async function refresh() {
    await Promise.all([people.refresh(), pending && pending.refresh()]);
  }

  function pendingTable(invitations) {
    if (invitations.length === 0) return emptyState('No pending invitations');
    return h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Pending invitations'),
      h('thead', {}, h('tr', {}, ['Username', 'Role', 'Invited by', 'Expires'].map((t) => h('th', { scope: 'col' }, t)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, invitations.map((i) => h('tr', {},
        h('th', { scope: 'row' }, i.username),
        h('td', {}, i.role),
        h('td', {}, i.invited_by),
        h('td', {}, when(i.expires_at, '—', { exact: true })),
        h('td', { class: 'row-actions' },
          iconButton('trash', `Cancel the invitation of ${i.username}`, () => cancel(i), { kind: 'ghost-danger' }))))));
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
        // The list may read back unchanged: the choice goes back by hand.
        select.value = member.role;
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

  function inviteDialog() {
    const d = openDialog('Invite member');
    dialogForm(d, {
      fields: [
        field({ label: 'Username', name: 'username', required: true, autocomplete: 'off' }),
        field({ label: 'Role', name: 'role', type: 'select', value: 'member', options: ROLES }),
        field({ label: 'Password for a new account', name: 'password', type: 'password', autocomplete: 'new-password',
          hint: 'Used only if nobody has this username yet: an account is created with it (at least 8 characters). An existing account keeps its own password.' }),
      ],
      submitLabel: 'Send invitation',
      submit: async (form) => {
        const e = form.elements;
        const payload = { username: e.username.value.trim(), role: e.role.value };
        if (e.password.value) payload.password = e.password.value;
        await post(invitationsBase, payload);
        d.close();
        toast(`${payload.username} is invited. They join when they accept, the next time they log in.`);
        refresh();
      },
    });
  }

  function cancel(invitation) {
    confirmAction({
      title: `Cancel the invitation of ${invitation.username}?`,
      message: `${invitation.username} can no longer accept it.`,
      confirmLabel: 'Cancel invitation',
      act: async () => {
        await del(`${invitationsBase}/${encodeURIComponent(invitation.id)}`);
        refresh();
      },
    });
  }

  function leave() {
    confirmAction({
      title: `Leave ${ctx.org.name}?`,
      message: `You lose access to ${ctx.org.name} at once; an owner would have to invite you again.`,
      confirmLabel: 'Leave organization',
      act: async () => {
        await post(orgPath(ctx.org.slug, 'leave'));
        location.assign('/');
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
