// The organization's public status page: whether it is published, its
// title, description and products, a link to it, and the badge key with a
// sample badge. Owners change them; everyone else reads. The badge key is
// kept only as a hash: its value shows once, right after it is made.
import { get, api, post, orgPath, getAll } from '../api.js';
import { h, fill } from '../dom.js';
import { confirmAction } from '../dialog.js';
import { section, button, errorNote, loading, toast, secretField, commandBlock, badge } from '../ui.js';
import { when } from '../format.js';
import { settingsTabs } from './settings.js';

function settingsForm(ctx, settings, products, saved) {
  const listed = new Set(settings.products);
  const disabled = !ctx.isOwner;
  const error = h('div', {});
  const form = h('form', { class: 'stack', id: 'status-page-form', 'aria-label': 'Status page settings' },
    h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'enabled', checked: settings.enabled, disabled }),
      h('span', {}, 'Publish the status page')),
    h('div', { class: 'field' }, h('label', { for: 'status-title' }, 'Title'),
      h('input', { id: 'status-title', name: 'title', value: settings.title, required: true, maxlength: 100, disabled })),
    h('div', { class: 'field' }, h('label', { for: 'status-description' }, 'Description (optional)'),
      h('textarea', { id: 'status-description', name: 'description', rows: 2, maxlength: 1000, disabled }, settings.description || '')),
    h('fieldset', { class: 'checks' }, h('legend', {}, 'Products shown'),
      products.length ? products.map((p) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'products', value: p.slug, checked: listed.has(p.slug), disabled }),
        h('span', {}, p.name)))
        : h('p', { class: 'muted' }, 'No products yet.')),
    error,
    ctx.isOwner ? h('div', {}, button('Save status page', null, { kind: 'primary', type: 'submit' }))
      : h('p', { class: 'muted' }, 'Only owners of the organization change the status page.'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(error);
    const { enabled, title, description } = form.elements;
    const chosen = [...form.querySelectorAll('input[name="products"]:checked')].map((i) => i.value);
    try {
      const result = await api('PUT', orgPath(ctx.org.slug, 'status-page'), {
        enabled: enabled.checked, title: title.value.trim(),
        description: description.value.trim() ? description.value.trim() : null, products: chosen,
      });
      toast(result.enabled ? 'Status page published.' : 'Status page saved (not published).');
      saved(result);
    } catch (e) {
      fill(error, errorNote(e));
    }
  });
  return form;
}

// The badge key: its hint, a new one shown once, and a sample badge.
function badgeKeyPart(ctx, settings, fresh, renewed) {
  const key = fresh || '<badge key>';
  const base = `${location.origin}/badge/${key}/<application>`;
  const markdown = `![status](${base}.svg)`;
  const regenerate = () => confirmAction({
    title: settings.badge_key ? 'Make a new badge key?' : 'Make a badge key?',
    message: settings.badge_key ? 'Badges embedded with the current key stop showing at once.' : 'Anyone with the key can see the badges of this organization\'s applications: their state and uptime, nothing else.',
    confirmLabel: 'Make badge key',
    act: async () => {
      const result = await post(orgPath(ctx.org.slug, 'status-page', 'badge-key'));
      renewed(result, result.badge_key.value);
      toast('New badge key made: copy it now, it is not shown again.');
    },
  });
  return [
    settings.badge_key
      ? h('p', {}, 'Badge key ', h('code', { id: 'badge-key-hint' }, settings.badge_key.hint), ' made ', when(settings.badge_key.created_at), '.')
      : h('p', { class: 'muted' }, 'No badge key yet.'),
    fresh ? secretField('New badge key (shown once)', fresh, 'Copy badge key') : null,
    h('p', {}, 'Embed a badge (', h('code', {}, '.svg'), ', or ', h('code', {}, '.json'),
      ' for shields.io; add ', h('code', {}, '?window=24h'), ', ', h('code', {}, '7d'), ' or ', h('code', {}, '30d'), ' for the uptime):'),
    commandBlock(markdown, 'Copy badge markdown', { label: 'Badge markdown' }),
    ctx.isOwner ? h('div', {}, button(settings.badge_key ? 'Regenerate badge key' : 'Make badge key', regenerate)) : null,
  ];
}

export async function statusPageSettingsPage(ctx) {
  ctx.title('Status page');
  const body = h('div', { class: 'stack' }, loading());
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Settings')),
      settingsTabs(ctx, 'status-page')),
    body);
  let products;
  let settings;
  try {
    [settings, products] = await Promise.all([
      get(orgPath(ctx.org.slug, 'status-page')), getAll(orgPath(ctx.org.slug, 'products'), 'products')]);
  } catch (error) {
    fill(body, errorNote(error));
    return;
  }
  function render(fresh) {
    const link = h('a', { href: `/status/${ctx.org.slug}`, target: '_blank', rel: 'noopener', id: 'status-page-link' }, settings.url);
    fill(body,
      section('Status page', {
        id: 'status-page',
        description: 'A public page, without login, with the chosen products\' applications: their state, uptime over 24 hours, 7 and 90 days, '
          + 'a bar per day, and incidents with only the note you publish on each.',
        actions: [settings.enabled ? badge('Published', 'good') : badge('Not published', 'neutral')],
      },
      h('p', {}, 'Address: ', link),
      settingsForm(ctx, settings, products, (result) => { settings = result; render(fresh); })),
      section('Badges', { id: 'badges', description: 'Images of an application\'s state or uptime for a README or a wiki.' },
        badgeKeyPart(ctx, settings, fresh, (result, value) => { settings = result; render(value); })));
  }
  render(null);
}
