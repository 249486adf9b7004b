// The Integration Tokens section of the settings page: the organization's
// webhook credentials, their + (create), pencil (edit, regenerate, rename)
// and delete. Members see the list without any token or button that
// changes something.
import { get, post, patch, del, orgPath, listLoader, LIST_LIMIT } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import {
  section, iconButton, button, emptyState, loading, errorNote, warning, badge, commandBlock, secretField, toast,
} from '../ui.js';
import { when, count, CREDENTIAL_TYPES } from '../format.js';
import { pagedList } from '../pager.js';

const ACTIVATION_EXPLAINED = 'Run this command in a terminal. It answers with the API activation token (hwa_…) '
  + 'that your applications use to report hits and failures, and an example command that reports a hit. '
  + 'Running it again returns the same token until the credential is regenerated.';

function activation(credential) {
  if (credential.type === 'deploy') return h('span', { class: 'muted' }, 'Per application');
  if (!credential.activated_at) return badge('Not activated', 'neutral');
  return h('span', {}, badge('Activated', 'good'), ' ', when(credential.activated_at),
    credential.activated_from ? h('span', { class: 'muted' }, ` from ${credential.activated_from}`) : null);
}

function lastUse(credential) {
  if (!credential.last_used_at) return h('span', { class: 'muted' }, 'Never used');
  return h('span', {}, when(credential.last_used_at),
    h('span', { class: 'muted small' }, ` · ${count(credential.use_count)} requests`),
    credential.throttled_count ? h('span', { class: 'muted small' }, `, ${count(credential.throttled_count)} throttled`) : null);
}

const PING_EXPLAINED = 'For cron lines and job wrappers that cannot set a header: append /fail, /start, /log or an exit '
  + 'code (0-255) to the ping URL, /ping/KEY/APPLICATION. The key is in the URL, so keep ping URLs as secret as the token. '
  + 'It changes with the credential.';

// The ping key and a sample crontab line, when the credential has one.
function pingKey(credential) {
  if (!credential.ping_key) return null;
  return [
    secretField('Ping key', credential.ping_key, 'Copy ping key'),
    h('p', { class: 'label' }, 'Sample crontab line'),
    commandBlock(credential.ping_crontab, 'Copy crontab line', { label: 'Sample crontab line' }),
    h('p', { class: 'hint' }, PING_EXPLAINED),
  ];
}

// The token and its activation command, as creation and regeneration show them.
function issuedToken(credential) {
  return [
    secretField('Integration token', credential.token, 'Copy integration token'),
    h('p', { class: 'label' }, 'Activation command'),
    commandBlock(credential.curl, 'Copy curl command', { label: 'Activation curl command' }),
    h('p', { class: 'hint' }, ACTIVATION_EXPLAINED),
    pingKey(credential),
  ];
}

export function integrationTokensSection(ctx) {
  const base = orgPath(ctx.org.slug, 'integration-tokens');
  const list = pagedList({
    load: listLoader(base, 'integration_tokens'),
    render: (items) => (items.length ? table(items) : emptyState('No integration tokens yet',
      ctx.canChange ? 'Press + to create a Hits/Failure credential for your applications\' reports, or a Deploy credential for your pipelines.'
        : 'An admin of this organization can create them.')),
    noun: ['integration token', 'integration tokens'], label: 'Integration tokens', maxLimit: LIST_LIMIT,
  });
  const refresh = () => list.refresh();

  function table(items) {
    return h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Integration tokens'),
      h('thead', {}, h('tr', {},
        ['Name', 'Type', 'Token', 'Activation', 'Last use'].map((t) => h('th', { scope: 'col' }, t)),
        ctx.canChange ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
      h('tbody', {}, items.map((c) => h('tr', { 'data-credential': c.name },
        h('th', { scope: 'row' }, c.name),
        h('td', {}, badge(CREDENTIAL_TYPES[c.type] || c.type, c.type === 'deploy' ? 'deploy' : 'hits')),
        h('td', { class: 'mono muted' }, c.hint || '—'),
        h('td', {}, activation(c)),
        h('td', {}, lastUse(c)),
        ctx.canChange ? h('td', { class: 'row-actions' },
          iconButton('pencil', `Edit ${c.name}`, () => editDialog(c)),
          iconButton('trash', `Delete ${c.name}`, () => remove(c), { kind: 'ghost-danger' })) : null))));
  }

  function createDialog() {
    const d = openDialog('New integration token', { onClose: refresh });
    dialogForm(d, {
      fields: [
        h('fieldset', { class: 'choice' },
          h('legend', {}, 'Type'),
          [['hits_failure', 'Hits/Failure', 'Your applications report hits and failures with it.'],
            ['deploy', 'Deploy', 'Your pipelines report deploys; each application gets its own token.']]
            .map(([value, text, hint], i) => h('label', { class: 'choice-option' },
              h('input', { type: 'radio', name: 'type', value, checked: i === 0 }),
              h('span', {}, h('strong', {}, text), h('span', { class: 'hint' }, hint))))),
        field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off',
          hint: 'To recognize the credential, e.g. "Production" or "CI pipeline".' }),
      ],
      submitLabel: 'Generate Integration Token',
      submit: async (form) => {
        const type = form.elements.type.value;
        const created = await post(base, { type, name: form.elements.name.value.trim() });
        if (type === 'deploy') {
          d.close();
          toast(`Deploy credential “${created.name}” created. Each application that uses it shows its own deploy token.`);
          return;
        }
        d.setTitle(`${created.name} is ready`);
        fill(d.body, h('p', {}, 'Your Hits/Failure credential was created.'), issuedToken(created),
          h('div', { class: 'dialog-footer' }, button('Done', d.close, { kind: 'primary' })));
        d.body.querySelector('.copy button').focus();
      },
    });
  }

  // Who stops reporting when the credential's tokens change.
  function usersSentence(apps) {
    return apps.length
      ? `These applications stop reporting until they use the new token: ${apps.map((a) => a.name).join(', ')}.`
      : 'No application reports with it yet.';
  }

  // The edit dialog shows the credential and renames it; regenerating is its
  // own button with a confirmation. Enter in the name field renames only
  // after that confirmation, and with the name unchanged does nothing.
  async function editDialog(summary) {
    const d = openDialog(`Edit ${summary.name}`, { onClose: refresh, wide: true });
    d.body.append(loading());
    let credential;
    try {
      credential = await get(`${base}/${encodeURIComponent(summary.id)}`);
    } catch (error) {
      fill(d.body, errorNote(error));
      return;
    }
    const apps = credential.applications || [];
    const path = `${base}/${encodeURIComponent(credential.id)}`;

    function showIssued(fresh, renamed) {
      d.setTitle(`Edit ${fresh.name}`);
      const until = fresh.previous_valid_until;
      fill(d.body,
        h('p', { class: 'note note-good', role: 'status' }, renamed ? 'Renamed, and new credentials generated. ' : 'New credentials generated. ',
          until ? ['The previous token works until ', when(until, '', { exact: true }), '.'] : 'The previous token no longer works.'),
        fresh.token ? issuedToken(fresh)
          : h('p', {}, 'Every application that uses this credential has a new deploy token: copy it from the application\'s page.'),
        h('div', { class: 'dialog-footer' }, button('Done', d.close, { kind: 'primary' })));
    }

    function confirmRegenerate() {
      const grace = field({ label: 'The current token stops working', name: 'grace_seconds', type: 'select', value: '0',
        options: [['0', 'At once'], ['3600', 'In 1 hour'], ['86400', 'In 24 hours']],
        hint: 'A grace window lets the applications move to the new token before the old one stops.' });
      confirmAction({
        title: `Regenerate ${credential.name}?`,
        message: [
          h('p', {}, 'New tokens replace the current integration token, its API activation token and every deploy token issued under it.'),
          h('p', { class: 'strong' }, usersSentence(apps)),
        ],
        fields: [grace],
        confirmLabel: 'Regenerate now',
        act: async (_, body) => {
          const seconds = Number(body.querySelector('select[name=grace_seconds]').value);
          showIssued(await post(`${path}/regenerate`, { grace_seconds: seconds }), false);
        },
      });
    }

    const nameNote = h('div', { class: 'form-errors', role: 'status' });
    const form = dialogForm(d, {
      fields: [
        field({ label: 'Name', name: 'name', value: credential.name, required: true, maxlength: 100, autocomplete: 'off',
          hint: 'Renaming also regenerates the credential: you are asked before anything changes.' }),
        nameNote,
      ],
      submitLabel: 'Rename…',
      cancelLabel: 'Close',
      kind: 'secondary',
      submit: async (f) => {
        const name = f.elements.name.value.trim();
        if (name === credential.name) {
          nameNote.replaceChildren(h('p', { class: 'hint' }, 'The name is unchanged: nothing was renamed or regenerated.'));
          return;
        }
        confirmAction({
          title: `Rename ${credential.name} to ${name}?`,
          message: [
            h('p', {}, 'Renaming regenerates the credential: its current tokens stop working at once.'),
            h('p', { class: 'strong' }, usersSentence(apps)),
          ],
          confirmLabel: 'Rename and regenerate',
          act: async () => showIssued(await patch(path, { name }), true),
        });
      },
    });
    form.prepend(h('p', { class: 'meta' }, `${CREDENTIAL_TYPES[credential.type]} credential · created `, when(credential.created_at),
      credential.created_by ? ` by ${credential.created_by}` : ''));
    form.querySelector('.dialog-footer').before(
      credential.token ? h('div', { class: 'stack-tight' },
        secretField('Current integration token', credential.token, 'Copy integration token'),
        h('p', { class: 'label' }, 'Activation command'),
        commandBlock(credential.curl, 'Copy curl command', { label: 'Activation curl command' }),
        pingKey(credential)) : null,
      h('p', { class: 'meta' }, apps.length ? `Used by ${apps.map((a) => a.name).join(', ')}.` : 'No application uses it yet.'),
      h('div', { class: 'danger-zone' },
        h('div', {},
          h('p', { class: 'label' }, 'Regenerate'),
          h('p', { class: 'hint' }, 'Issues new tokens; the old token becomes invalid (at once or after a grace window), '
            + 'and so do the API activation token, the ping key and every deploy token issued under it.')),
        button('Regenerate…', confirmRegenerate, { kind: 'danger-outline' })));
  }

  function remove(credential) {
    confirmAction({
      title: `Delete ${credential.name}?`,
      message: 'Every token issued under this credential stops working at once, and the applications that use it '
        + 'stop reporting. This cannot be undone.',
      confirmLabel: 'Delete integration token',
      act: async () => {
        await del(`${base}/${encodeURIComponent(credential.id)}`);
        toast(`${credential.name} deleted.`);
        refresh();
      },
    });
  }

  refresh();
  return section('Integration Tokens', {
    id: 'integration-tokens',
    description: 'Webhook credentials: Hits/Failure for your applications\' reports, Deploy for your pipelines.',
    actions: ctx.canChange ? [iconButton('plus', 'Add integration token', createDialog, { kind: 'primary' })] : [],
  }, list.element);
}
