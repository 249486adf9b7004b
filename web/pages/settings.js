// The organization's settings: Integration Tokens and Secrets Variables.
import { h } from '../dom.js';
import { integrationTokensSection } from './integration_tokens.js';
import { secretsSection } from './secrets.js';

export function settingsPage(ctx) {
  ctx.title('Settings');
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Settings'))),
    integrationTokensSection(ctx),
    secretsSection(ctx));
}
