// The Secrets Variables section of the settings page: names only, with who
// created each, when, and which notification channels use it. A value is
// typed once into a password field and never shown again; a secret is not
// edited but deleted and created again. Members see the list alone.
import { post, del, orgPath, listLoader, LIST_LIMIT } from '../api.js';
import { h } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { section, iconButton, emptyState, toast } from '../ui.js';
import { when } from '../format.js';
import { pagedList } from '../pager.js';

const NAME_HINT = 'Capital letters, digits and underscores, not starting with a digit, e.g. SLACK_WEBHOOK_URL. '
  + 'Channels use it as {{NAME}}.';

function usedBy(secret) {
  if (!secret.used_by.length) return h('span', { class: 'muted' }, 'No channel');
  return secret.used_by.map((channel) => channel.name).join(', ');
}

export function secretsSection(ctx) {
  const base = orgPath(ctx.org.slug, 'secrets');
  const list = pagedList({
    load: listLoader(base, 'secrets'),
    render: (secrets) => (secrets.length ? table(secrets) : emptyState('No secret variables yet', ctx.canChange
      ? 'Press + to add one. Notification channels use {{NAME}} in their URL, headers or body; the value is filled in when a notification is sent.'
      : 'An admin of this organization can add them.')),
    noun: ['secret variable', 'secret variables'], label: 'Secret variables', maxLimit: LIST_LIMIT,
  });
  const refresh = () => list.refresh();

  function table(secrets) {
    return h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Secret variables'),
      h('thead', {}, h('tr', {},
        ['Name', 'Created', 'Used by'].map((t) => h('th', { scope: 'col' }, t)),
        ctx.canChange ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
      h('tbody', {}, secrets.map((secret) => h('tr', { 'data-secret': secret.name },
        h('th', { scope: 'row', class: 'mono' }, secret.name),
        h('td', {}, when(secret.created_at), h('span', { class: 'muted' }, ` by ${secret.created_by}`)),
        h('td', {}, usedBy(secret)),
        ctx.canChange ? h('td', { class: 'row-actions' },
          iconButton('trash', `Delete ${secret.name}`, () => remove(secret), { kind: 'ghost-danger' })) : null))));
  }

  function createDialog() {
    const d = openDialog('New secret variable', { onClose: refresh });
    const form = dialogForm(d, {
      fields: [
        field({ label: 'Name', name: 'name', required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false',
          class: 'mono', pattern: '[A-Z_][A-Z0-9_]*', hint: NAME_HINT }),
        field({ label: 'Value', name: 'value', type: 'password', required: true, autocomplete: 'new-password',
          hint: 'Encrypted at rest and never shown again, not even here.' }),
      ],
      submitLabel: 'Add secret variable',
      submit: async () => {
        const { name, value } = form.elements;
        const created = await post(base, { name: name.value.trim(), value: value.value });
        value.value = '';
        d.close();
        toast(`${created.name} added.`);
      },
    });
    // Names are capitals only: what is typed becomes them.
    const name = form.elements.name;
    name.addEventListener('input', () => {
      const { selectionStart, selectionEnd } = name;
      name.value = name.value.toUpperCase();
      name.setSelectionRange(selectionStart, selectionEnd);
    });
  }

  // A secret that channels use is deleted with force once the user has seen
  // their names: in the confirmation, or in the API's 409 when a channel
  // started using it after the list was loaded.
  function remove(secret) {
    let force = secret.used_by.length > 0;
    const users = force ? ` It is used by ${usedBy(secret)}.` : '';
    confirmAction({
      title: `Delete ${secret.name}?`,
      message: `Channels that use {{${secret.name}}} can no longer fill it in until it is added again.${users} `
        + 'This cannot be undone.',
      confirmLabel: 'Delete secret variable',
      act: async (confirmButton) => {
        try {
          await del(`${base}/${encodeURIComponent(secret.name)}${force ? '?force=true' : ''}`);
        } catch (error) {
          if (error.status === 409 && !force) {
            force = true;
            confirmButton.textContent = 'Delete anyway';
          }
          if (error.status === 404) refresh();
          throw error;
        }
        toast(`${secret.name} deleted.`);
        refresh();
      },
    });
  }

  refresh();
  return section('Secrets Variables', {
    id: 'secrets',
    description: 'Values your notification channels need, such as webhook URLs and API keys. Only their names are shown.',
    actions: ctx.canChange ? [iconButton('plus', 'Add secret variable', createDialog, { kind: 'primary' })] : [],
  }, list.element);
}
