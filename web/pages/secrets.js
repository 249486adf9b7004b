// The Secrets Variables section of the settings page: names only. A value is
// typed once and never shown again; a secret is not edited but deleted and
// created again.
import { get, post, del, orgPath, isMissingRoute } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { section, iconButton, emptyState, loading, errorNote, unavailableNote, toast } from '../ui.js';
import { when } from '../format.js';

function usedBy(secret) {
  const users = secret.used_by;
  if (Array.isArray(users)) {
    if (!users.length) return h('span', { class: 'muted' }, 'Not used');
    return users.map((u) => (typeof u === 'string' ? u : u.name || u.id)).join(', ');
  }
  if (typeof users === 'number') return users ? `${users} channel${users === 1 ? '' : 's'}` : h('span', { class: 'muted' }, 'Not used');
  return h('span', { class: 'muted' }, '—');
}

export function secretsSection(ctx) {
  const body = h('div', {}, loading());
  const base = orgPath(ctx.org.slug, 'secrets');
  const add = iconButton('plus', 'Add secret variable', createDialog, { kind: 'primary', hidden: true });

  async function refresh() {
    try {
      const answer = await get(base);
      const items = Array.isArray(answer) ? answer : answer.secrets || answer.items || [];
      add.hidden = !ctx.canChange;
      fill(body, items.length ? table(items) : emptyState('No secret variables yet',
        'Notification channels use {{NAME}} in their URL, headers or body; the value is filled in when a notification is sent.'));
    } catch (error) {
      add.hidden = true;
      fill(body, isMissingRoute(error)
        ? unavailableNote('Secrets Variables are not available on this server yet.')
        : errorNote(error));
    }
  }

  function table(items) {
    return h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Secret variables'),
      h('thead', {}, h('tr', {},
        ['Name', 'Created', 'Used by'].map((t) => h('th', { scope: 'col' }, t)),
        ctx.canChange ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
      h('tbody', {}, items.map((secret) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, secret.name),
        h('td', {}, when(secret.created_at), secret.created_by ? h('span', { class: 'muted' }, ` by ${secret.created_by}`) : null),
        h('td', {}, usedBy(secret)),
        ctx.canChange ? h('td', { class: 'row-actions' },
          iconButton('trash', `Delete ${secret.name}`, () => remove(secret), { kind: 'ghost-danger' })) : null))));
  }

  function createDialog() {
    const d = openDialog('New secret variable', { onClose: refresh });
    dialogForm(d, {
      fields: [
        field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off', class: 'mono',
          pattern: '[A-Za-z_][A-Za-z0-9_]*', hint: 'Letters, digits and underscores, e.g. SLACK_WEBHOOK_URL. Used as {{NAME}}.' }),
        field({ label: 'Value', name: 'value', type: 'password', required: true, autocomplete: 'new-password',
          hint: 'Encrypted at rest and never shown again.' }),
      ],
      submitLabel: 'Add secret variable',
      submit: async (form) => {
        const created = await post(base, { name: form.elements.name.value.trim(), value: form.elements.value.value });
        d.close();
        toast(`${created.name || 'Secret'} saved.`);
      },
    });
  }

  function remove(secret) {
    confirmAction({
      title: `Delete ${secret.name}?`,
      message: `Channels that use {{${secret.name}}} can no longer fill it in until it is added again. This cannot be undone.`,
      confirmLabel: 'Delete secret variable',
      act: async () => {
        await del(`${base}/${encodeURIComponent(secret.name)}`);
        refresh();
      },
    });
  }

  refresh();
  return section('Secrets Variables', {
    id: 'secrets',
    description: 'Values your notification channels need, such as webhook URLs and API keys.',
    actions: [add],
  }, body);
}
