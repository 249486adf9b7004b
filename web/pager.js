// A list read a page at a time through the API's `limit` and `cursor`: it
// says how many it shows of how many there are ("50 of 315 incidents"), or,
// for a list the API does not count, how many it shows and whether there are
// more ("20 events shown, more to load"), and loads the next page on
// request. Refreshing (for live pages) reads again as
// many items as are shown, so the reader keeps their place.
import { h, fill } from './dom.js';
import { button, loading, errorNote } from './ui.js';
import { plural, count } from './format.js';

// `load(limit, cursor)` resolves to {items, next_cursor, total?};
// `render(items)` draws them; `noun` is [singular, plural]; `maxLimit` is
// the largest `limit` the API takes (a refresh asks for no more). Returns
// {element, refresh(), reset()}: reset() starts again from the first page
// (after a filter changed).
export function pagedList({
  load, render, noun, pageSize = 50, label, maxLimit = 1000,
}) {
  const list = h('div', {}, loading());
  const footer = h('div', { class: 'pager' });
  const element = h('div', { class: 'paged' }, list, footer);
  let items = [];
  let next = null;
  let total = null;
  let shown = '';
  let generation = 0;

  function draw() {
    const text = JSON.stringify([items, next, total]);
    if (text === shown) return;
    shown = text;
    fill(list, render(items));
    const status = total === null || total === undefined
      ? `${plural(items.length, ...noun)}${next ? ' shown, more to load' : ''}`
      : `${count(items.length)} of ${plural(total, ...noun)}`;
    fill(footer,
      h('p', { class: 'pager-status muted small', role: 'status', 'aria-label': label ? `${label}: ${status}` : null }, status),
      next ? button(`Load ${pageSize} more`, more) : null);
  }

  async function read(limit, cursor, mine) {
    try {
      const page = await load(limit, cursor);
      return mine === generation ? page : null;
    } catch (error) {
      if (mine === generation) {
        shown = '';
        fill(footer, errorNote(error), button('Try again', () => (cursor ? more() : refresh())));
      }
      return null;
    }
  }

  async function refresh() {
    const mine = generation;
    const page = await read(Math.min(maxLimit, Math.max(pageSize, items.length)), null, mine);
    if (!page) return;
    items = page.items;
    next = page.next_cursor;
    total = page.total;
    draw();
  }

  async function more() {
    const mine = generation;
    const page = await read(pageSize, next, mine);
    if (!page) return;
    items = items.concat(page.items);
    next = page.next_cursor;
    total = page.total;
    draw();
  }

  function reset() {
    generation += 1;
    items = [];
    next = null;
    total = null;
    shown = '';
    fill(list, loading());
    footer.replaceChildren();
    return refresh();
  }

  return { element, refresh, reset };
}
