// The HTTP API's reference, as the binary carries it (docs/api.md), with a
// table of contents.
import { h, fill } from '../dom.js';
import { loading, errorNote } from '../ui.js';
import { renderMarkdown } from '../markdown.js';

export async function apiReferencePage(ctx) {
  ctx.title('API reference');
  const doc = h('article', { class: 'doc card' }, loading());
  const toc = h('nav', { class: 'doc-toc card', 'aria-label': 'Sections' });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', {}, h('p', { class: 'eyebrow' }, 'hookwarden'), h('h1', {}, 'API reference'))),
    h('div', { class: 'doc-layout' }, toc, doc));
  try {
    const response = await fetch(new URL('../docs/api.md', import.meta.url));
    if (!response.ok) throw new Error(`The reference could not be read (${response.status}).`);
    const nodes = renderMarkdown(await response.text());
    // The document's own title is the page's heading.
    const body = nodes[0] && nodes[0].tagName === 'H1' ? nodes.slice(1) : nodes;
    fill(doc, body);
    fill(toc, h('p', { class: 'label' }, 'Sections'), h('ul', {}, body.filter((n) => n.tagName === 'H2')
      .map((n) => h('li', {}, h('a', { href: `#${n.id}`, onClick: (e) => { e.preventDefault(); n.scrollIntoView(); } }, n.textContent)))));
  } catch (error) {
    fill(doc, errorNote(error));
  }
}
