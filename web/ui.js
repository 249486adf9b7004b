// The building blocks every page shares: buttons, sections, notes, badges,
// toasts, and the copyable command.
import { h } from './dom.js';
import { icon } from './icons.js';

export function button(label, onClick, { kind = 'secondary', type = 'button', ...props } = {}) {
  return h('button', { type, class: `btn btn-${kind}`, onClick, ...props }, label);
}

// A button showing only an icon; `label` is its accessible name and tooltip.
export function iconButton(name, label, onClick, { kind = 'ghost', ...props } = {}) {
  return h('button', { type: 'button', class: `btn-icon btn-${kind}`, 'aria-label': label, title: label, onClick, ...props },
    icon(name));
}

// A titled card; `actions` sit beside the heading (e.g. the + button).
export function section(title, { actions = [], id, description } = {}, ...body) {
  const headingId = id ? `${id}-heading` : undefined;
  return h('section', { class: 'card', id, 'aria-labelledby': headingId },
    h('div', { class: 'card-head' },
      h('div', {}, h('h2', { id: headingId }, title), description ? h('p', { class: 'card-description' }, description) : null),
      h('div', { class: 'card-actions' }, actions)),
    h('div', { class: 'card-body' }, body));
}

export function emptyState(title, text) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), text ? h('p', {}, text) : null);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

// An error from the API, shown where it happened.
export function errorNote(error) {
  return h('p', { class: 'note note-error', role: 'alert' }, icon('alert'), h('span', {}, error.message || String(error)));
}

export function warning(...text) {
  return h('p', { class: 'note note-warning' }, icon('alert'), h('span', {}, ...text));
}

export function badge(text, tone = 'neutral') {
  return h('span', { class: `badge badge-${tone}` }, text);
}

export function stateBadge(state) {
  if (state === 'operational') return badge('Operational', 'good');
  if (state === 'incident') return badge('Incident', 'bad');
  if (state === 'maintenance') return badge('Maintenance', 'warn');
  return badge('No status', 'neutral');
}

export function toast(message, tone = 'good') {
  const region = document.getElementById('toasts');
  const item = h('div', { class: `toast toast-${tone}` }, message);
  region.append(item);
  setTimeout(() => item.remove(), 6000);
}

async function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-HTTP deployments have no Clipboard API: copy through a selection.
  const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

// The paper-icon button that puts `text` on the clipboard.
export function copyButton(text, label) {
  const status = h('span', { class: 'copy-status', role: 'status' });
  const btn = iconButton('paper', label, async () => {
    try {
      await writeClipboard(typeof text === 'function' ? text() : text);
      btn.replaceChildren(icon('check'));
      btn.classList.add('copied');
      status.textContent = 'Copied';
    } catch {
      status.textContent = 'Copy failed: select the text and copy it';
    }
    setTimeout(() => {
      btn.replaceChildren(icon('paper'));
      btn.classList.remove('copied');
      status.textContent = '';
    }, 2500);
  });
  return h('span', { class: 'copy' }, btn, status);
}

// A shell command with its copy button.
export function commandBlock(command, copyLabel, { label } = {}) {
  return h('div', { class: 'command' },
    h('pre', { tabindex: '0', 'aria-label': label || 'Command' }, h('code', {}, command)),
    copyButton(command, copyLabel));
}

// A secret value shown once in a read-only field, with a copy button.
export function secretField(labelText, value, copyLabel) {
  const id = `secret-${Math.random().toString(36).slice(2)}`;
  return h('div', { class: 'field' },
    h('label', { for: id }, labelText),
    h('div', { class: 'secret-row' },
      h('input', { id, class: 'mono', readOnly: true, value, spellcheck: 'false', autocomplete: 'off' }),
      copyButton(value, copyLabel)));
}

// A row of toggle buttons (one pressed) named `label`: `options` are
// [value, text, extra?] (extra: more children, e.g. a count);
// `onChange(value)` runs when another is pressed.
export function segmented(label, options, current, onChange) {
  const group = h('div', { class: 'segmented', role: 'group', 'aria-label': label },
    options.map(([value, text, extra]) => h('button', {
      type: 'button', class: 'segment', 'aria-pressed': String(value === current), 'data-value': value,
      onClick: () => {
        group.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.value === value)));
        onChange(value);
      },
    }, text, extra || null)));
  return group;
}

// Runs `act(form.elements)` when `form` is submitted valid; an error it
// throws is shown in `errors`.
export function onValidSubmit(form, errors, act) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    if (!form.reportValidity()) return;
    try {
      await act(form.elements);
    } catch (error) {
      errors.append(errorNote(error));
    }
  });
}
