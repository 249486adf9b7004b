// Renaming and deleting products and applications (admins and owners), from
// the products page.
import { patch, del, orgPath } from '../api.js';
import { h } from '../dom.js';
import { openDialog, dialogForm, field, confirmAction } from '../dialog.js';
import { iconButton, toast } from '../ui.js';

function renameDialog({ title, current, path, changed, what }) {
  const d = openDialog(title);
  dialogForm(d, {
    fields: [field({ label: 'Name', name: 'name', value: current, required: true, maxlength: 100, autocomplete: 'off',
      hint: `Only the name changes: the ${what}'s slug, and the URLs that use it, stay.` })],
    submitLabel: 'Save name',
    submit: async (form) => {
      const name = form.elements.name.value.trim();
      if (name !== current) {
        await patch(path, { name });
        toast(`Renamed to ${name}.`);
      }
      d.close();
      await changed();
    },
  });
}

// The pencil (rename) and trash (delete, after `message`) of a product or
// an application (`what`) at `path`.
function editActions({ item, path, what, message, changed }) {
  return h('span', { class: 'row-actions' },
    iconButton('pencil', `Rename ${item.name}`, () => renameDialog({
      title: `Rename ${item.name}`, current: item.name, path, changed, what,
    })),
    iconButton('trash', `Delete ${item.name}`, () => confirmAction({
      title: `Delete ${item.name}?`,
      message,
      confirmLabel: `Delete ${what}`,
      act: async () => {
        await del(path);
        toast(`${item.name} deleted.`);
        await changed();
      },
    }), { kind: 'ghost-danger' }));
}

// The pencil and trash of a product's card.
export function productActions(ctx, product, changed) {
  return editActions({
    item: product, path: orgPath(ctx.org.slug, 'products', product.slug), what: 'product', changed,
    message: 'The product goes; it must have no applications left (delete them first). This cannot be undone.',
  });
}

// The pencil and trash of an application's row.
export function applicationActions(ctx, app, changed) {
  return editActions({
    item: app, path: orgPath(ctx.org.slug, 'applications', app.slug), what: 'application', changed,
    message: [
      h('p', {}, 'Its events, incidents, figures and deploys are deleted with it, and its reports are refused from then on.'),
      h('p', {}, 'This cannot be undone.'),
    ],
  });
}
