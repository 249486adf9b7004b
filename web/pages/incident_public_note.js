// What the public status page shows of an incident: the note an admin
// writes for customers and, only if chosen, the raw cause (which may hold
// internal detail). Admins and owners edit it; members read it.
import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { button, errorNote, toast } from '../ui.js';

export function publicNoteSection(ctx, path, incident) {
  const error = h('div', {});
  const disabled = !ctx.canChange;
  const form = h('form', { class: 'stack-tight', id: 'public-note-form', 'aria-label': 'Status page note' },
    h('div', { class: 'field' }, h('label', { for: 'public-note' }, 'Public note'),
      h('textarea', { id: 'public-note', name: 'public_note', rows: 3, maxlength: 1000, disabled,
        placeholder: 'What customers should read, e.g. "Payments were delayed; all caught up."' }, incident.public_note || '')),
    h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'publish_cause', checked: incident.publish_cause, disabled }),
      h('span', {}, 'Also publish the raw cause')),
    error,
    ctx.canChange ? h('div', {}, button('Save note', null, { type: 'submit' })) : null);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(error);
    const note = form.elements.public_note.value.trim();
    try {
      await api('PATCH', path, { public_note: note || null, publish_cause: form.elements.publish_cause.checked });
      toast('Status page note saved.');
    } catch (e) {
      fill(error, errorNote(e));
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'public-note-heading' },
    h('div', { class: 'card-head' }, h('div', {}, h('h2', { id: 'public-note-heading' }, 'On the status page'),
      h('p', { class: 'card-description' }, 'Only this note (and the cause, if you choose) is shown publicly; never the cause otherwise.'))),
    h('div', { class: 'card-body' }, form));
}
