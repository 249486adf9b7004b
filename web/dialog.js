// Modal dialogs on the native <dialog> element: focus moves into the dialog,
// Tab stays inside it, Escape closes it, and focus returns to the control
// that opened it.
import { h, fill, uid } from './dom.js';
import { iconButton, errorNote } from './ui.js';
import { ApiError } from './api.js';

// Opens a dialog titled `title`. Returns {dialog, body, footer, close,
// setTitle}; `onClose` runs once when it closes by any means.
export function openDialog(title, { onClose, wide = false } = {}) {
  const titleId = uid('dialog-title');
  const heading = h('h2', { id: titleId }, title);
  const body = h('div', { class: 'dialog-body' });
  const footer = h('div', { class: 'dialog-footer' });
  const dialog = h('dialog', { class: wide ? 'dialog dialog-wide' : 'dialog', 'aria-labelledby': titleId });
  const opener = document.activeElement;
  let closed = false;
  // Closing removes the dialog at once, and with it whatever was typed in it.
  const close = () => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (onClose) onClose();
    if (opener && opener.isConnected) opener.focus();
  };
  fill(dialog,
    h('div', { class: 'dialog-head' }, heading, iconButton('close', 'Close dialog', close)),
    body, footer);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  dialog.addEventListener('close', close);
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body, footer, close, setTitle: (text) => { heading.textContent = text; } };
}

// A form inside an open dialog. `submit(form)` is awaited with the button
// busy; an ApiError it throws is shown at its field, or above the buttons.
export function dialogForm(d, { fields, submitLabel, submit, cancelLabel = 'Cancel', kind = 'primary' }) {
  const errors = h('div', { class: 'form-errors' });
  const submitButton = h('button', { type: 'submit', class: `btn btn-${kind}` }, submitLabel);
  const form = h('form', { class: 'form', novalidate: true },
    fields, errors,
    h('div', { class: 'dialog-footer' },
      h('button', { type: 'button', class: 'btn btn-secondary', onClick: d.close }, cancelLabel),
      submitButton));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    form.querySelectorAll('.field-error').forEach((e) => e.remove());
    form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    const invalid = [...form.elements].find((el) => el.willValidate && !el.checkValidity());
    if (invalid) {
      showFieldError(invalid, invalid.validationMessage);
      invalid.focus();
      return;
    }
    submitButton.disabled = true;
    submitButton.setAttribute('aria-busy', 'true');
    try {
      await submit(form);
    } catch (error) {
      const input = error instanceof ApiError && error.field ? form.elements.namedItem(error.field) : null;
      if (input && input.focus) {
        showFieldError(input, error.message);
        input.focus();
      } else {
        errors.replaceChildren(errorNote(error));
      }
    } finally {
      submitButton.disabled = false;
      submitButton.removeAttribute('aria-busy');
    }
  });
  d.footer.remove();
  d.body.replaceChildren(form);
  const first = form.querySelector('input:not([type=hidden]):not([readonly]), select, textarea');
  if (first) first.focus();
  return form;
}

function showFieldError(input, message) {
  const id = uid('error');
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', id);
  const anchor = input.closest('.field') || input;
  anchor.append(h('p', { id, class: 'field-error' }, message));
}

// A labelled input: {label, name, type, value, required, hint, ...attributes}.
export function field({ label, hint, ...attrs }) {
  const id = uid('field');
  const hintId = hint ? uid('hint') : undefined;
  const control = attrs.type === 'select'
    ? h('select', { id, name: attrs.name, required: attrs.required, disabled: attrs.disabled },
      attrs.options.map(([value, text]) => h('option', { value, selected: value === attrs.value }, text)))
    : h('input', { id, 'aria-describedby': hintId, ...attrs });
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null);
}

// Asks before something that cannot be undone; resolves true to go on.
// `message` is text or nodes; `fields` more controls (read by `act` from the
// dialog, e.g. a grace window). Nothing here submits on Enter: only a press
// of the confirm button goes on, and focus starts on Cancel.
// `act(confirmButton, body)` runs with the button busy; its error is shown in
// the dialog, which stays open (`act` may relabel the button for a retry).
export function confirmAction({ title, message, fields = [], confirmLabel, act }) {
  return new Promise((resolve) => {
    let done = false;
    const d = openDialog(title, { onClose: () => resolve(done) });
    const errors = h('div', { class: 'form-errors' });
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary', onClick: d.close }, 'Cancel');
    const confirmButton = h('button', {
      type: 'button',
      class: 'btn btn-danger',
      onClick: async () => {
        errors.replaceChildren();
        confirmButton.disabled = true;
        confirmButton.setAttribute('aria-busy', 'true');
        try {
          await act(confirmButton, d.body);
          done = true;
          d.close();
        } catch (error) {
          errors.replaceChildren(errorNote(error));
        } finally {
          confirmButton.disabled = false;
          confirmButton.removeAttribute('aria-busy');
        }
      },
    }, confirmLabel);
    d.footer.remove();
    fill(d.body, h('div', { class: 'confirm-text' }, message), fields, errors,
      h('div', { class: 'dialog-footer' }, cancel, confirmButton));
    cancel.focus();
  });
}

// The Name and Slug fields of a creation dialog (organization, application).
export function nameAndSlugFields() {
  return [
    field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off' }),
    field({ label: 'Slug', name: 'slug', maxlength: 63, pattern: '[a-z0-9][a-z0-9\\-]*', autocomplete: 'off',
      hint: 'Part of its URLs. Leave empty to derive it from the name.' }),
  ];
}

// {name, slug?} as those fields hold them.
export function nameAndSlug(form) {
  const body = { name: form.elements.name.value.trim() };
  if (form.elements.slug.value.trim()) body.slug = form.elements.slug.value.trim();
  return body;
}
