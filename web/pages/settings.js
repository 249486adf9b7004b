// The organization's settings: Integration Tokens and Secrets Variables on
// one tab, Notification channels on the other.
import { h } from '../dom.js';
import { orgPath } from '../api.js';
import { integrationTokensSection } from './integration_tokens.js';
import { secretsSection } from './secrets.js';

// The tabs of the settings pages; `current` is 'tokens', 'channels' or
// 'status-page'.
export function settingsTabs(ctx, current) {
  return h('nav', { class: 'tabs', 'aria-label': 'Settings' },
    [['tokens', 'Tokens and secrets', orgPath(ctx.org.slug, 'settings')],
      ['channels', 'Notification channels', orgPath(ctx.org.slug, 'settings', 'channels')],
      ['status-page', 'Status page', orgPath(ctx.org.slug, 'settings', 'status-page')]]
      .map(([key, text, href]) => h('a', { href, class: 'tab', 'aria-current': key === current ? 'page' : null }, text)));
}

export function settingsPage(ctx) {
  ctx.title('Settings');
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Settings')),
      settingsTabs(ctx, 'tokens')),
    integrationTokensSection(ctx),
    secretsSection(ctx));
}
