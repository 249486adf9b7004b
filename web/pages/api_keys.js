// The signed-in user's personal API keys: create one (its key shown once,
// with a copy button), see when each was last used, revoke.
import { post, del, listLoader, LIST_LIMIT } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { section, iconButton, button, emptyState, secretField, toast } from '../ui.js';
import { when } from '../format.js';
import { pagedList } from '../pager.js';

export function apiKeysPage(ctx) {
  ctx.title('Personal API keys');
  const list = pagedList({
    load: listLoader('/api-keys', 'api_keys'), render: table, noun: ['key', 'keys'], label: 'Personal API keys', maxLimit: LIST_LIMIT,
  });
  const refresh = () => list.refresh();

  function table(keys) {
    return keys.length ? h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden' }, 'Personal API keys'),
        h('thead', {}, h('tr', {}, ['Name', 'Key', 'Created', 'Last used', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, keys.map((k) => h('tr', {},
          h('th', { scope: 'row' }, k.name),
          h('td', { class: 'mono muted' }, k.hint || '—'),
          h('td', {}, when(k.created_at)),
          h('td', {}, when(k.last_used_at, 'Never')),
          h('td', { class: 'row-actions' }, iconButton('trash', `Revoke ${k.name}`, () => revoke(k), { kind: 'ghost-danger' }))))))
      : emptyState('No personal API keys', 'Create one for the command-line client or your scripts.');
  }

  function createDialog() {
    const d = openDialog('New personal API key', { onClose: refresh });
    dialogForm(d, {
      fields: [field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off',
        hint: 'What uses it, e.g. "laptop CLI" or "deploy script".' })],
      submitLabel: 'Create key',
      submit: async (form) => {
        const created = await post('/api-keys', { name: form.elements.name.value.trim() });
        d.setTitle(`${created.name} is ready`);
        fill(d.body,
          h('p', {}, 'Copy the key now: it is not shown again.'),
          secretField('Personal API key', created.key, 'Copy personal API key'),
          h('p', { class: 'hint' }, 'Use it as HOOKWARDEN_API_KEY for the command-line client, or as "Authorization: Bearer …" for the API. '
            + 'It acts as you, in every organization you belong to.'),
          h('div', { class: 'dialog-footer' }, button('Done', d.close, { kind: 'primary' })));
      },
    });
  }

  function revoke(key) {
    confirmAction({
      title: `Revoke ${key.name}?`,
      message: 'Whatever uses this key is refused from now on. This cannot be undone.',
      confirmLabel: 'Revoke key',
      act: async () => {
        await del(`/api-keys/${encodeURIComponent(key.id)}`);
        toast(`${key.name} revoked.`);
        refresh();
      },
    });
  }

  refresh();
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.session.user.username), h('h1', {}, 'Personal API keys'))),
    section('Your keys', {
      id: 'api-keys',
      description: 'Keys for the API and the command-line client, acting as you.',
      actions: [iconButton('plus', 'Add personal API key', createDialog, { kind: 'primary' })],
    }, list.element));
}
