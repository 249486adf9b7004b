// The organization's products and their applications, each with its state.
import { get, post, orgPath } from '../api.js';
import { h, fill } from '../dom.js';
import { openDialog, dialogForm, field } from '../dialog.js';
import { button, emptyState, loading, errorNote, stateBadge, section, toast } from '../ui.js';
import { navigate } from '../router.js';

function applicationRow(ctx, app) {
  const reports = [app.hits_failure_credential, app.deploy_credential].filter(Boolean).map((c) => c.name);
  return h('li', { class: 'app-row' },
    h('a', { href: orgPath(ctx.org.slug, 'applications', app.slug), class: 'app-link' }, app.name),
    h('span', { class: 'mono muted small' }, app.slug),
    h('span', { class: 'muted small app-reports' }, reports.length ? `Reports with ${reports.join(' and ')}` : 'No credential yet'),
    stateBadge(app.state));
}

export async function productsPage(ctx) {
  ctx.title('Products');
  const body = h('div', { class: 'stack' }, loading());
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', {}, h('p', { class: 'eyebrow' }, ctx.org.name), h('h1', {}, 'Products')),
      ctx.canChange ? button('New product', () => productDialog(), { kind: 'primary' }) : null),
    body);

  async function refresh() {
    try {
      const [{ products }, { applications }] = await Promise.all([
        get(orgPath(ctx.org.slug, 'products')), get(orgPath(ctx.org.slug, 'applications'))]);
      if (!products.length) {
        fill(body, emptyState('No products yet', ctx.canChange
          ? 'A product groups the applications that report to hookwarden. Create one to start.'
          : 'An admin of this organization can create them.'));
        return;
      }
      fill(body, products.map((product) => {
        const apps = applications.filter((a) => a.product_id === product.id);
        return section(product.name, {
          actions: ctx.canChange ? [button('New application', () => applicationDialog(product))] : [],
        }, apps.length ? h('ul', { class: 'app-list', 'aria-label': `${product.name} applications` }, apps.map((a) => applicationRow(ctx, a)))
          : emptyState('No applications in this product yet'));
      }));
    } catch (error) {
      fill(body, errorNote(error));
    }
  }

  function productDialog() {
    const d = openDialog('New product');
    dialogForm(d, {
      fields: [field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off' })],
      submitLabel: 'Create product',
      submit: async (form) => {
        const product = await post(orgPath(ctx.org.slug, 'products'), { name: form.elements.name.value.trim() });
        d.close();
        toast(`${product.name} created.`);
        refresh();
      },
    });
  }

  function applicationDialog(product) {
    const d = openDialog(`New application in ${product.name}`);
    dialogForm(d, {
      fields: [
        field({ label: 'Name', name: 'name', required: true, maxlength: 100, autocomplete: 'off' }),
        field({ label: 'Slug', name: 'slug', maxlength: 63, pattern: '[a-z0-9][a-z0-9\\-]*', autocomplete: 'off',
          hint: 'Part of the URLs it reports to. Leave empty to derive it from the name.' }),
      ],
      submitLabel: 'Create application',
      submit: async (form) => {
        const body = { product: product.slug, name: form.elements.name.value.trim() };
        if (form.elements.slug.value.trim()) body.slug = form.elements.slug.value.trim();
        const app = await post(orgPath(ctx.org.slug, 'applications'), body);
        d.close();
        navigate(orgPath(ctx.org.slug, 'applications', app.slug));
      },
    });
  }

  await refresh();
}
