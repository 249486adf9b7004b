// A small Markdown reader for the API reference (docs/api.md): headings,
// paragraphs, lists, fenced code, tables, `code`, **bold** and [links](..).
// It builds DOM nodes, never markup, so nothing in the text becomes script.
import { h } from './dom.js';

function inline(text) {
  const out = [];
  const pattern = /(`[^`]+`)|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(h('code', {}, m[1].slice(1, -1)));
    else if (m[2]) out.push(h('strong', {}, m[2]));
    else {
      const href = m[4].startsWith('#') ? m[4] : null; // Only in-page links: the others point into the repository.
      out.push(href ? h('a', { href }, m[3]) : h('span', {}, m[3]));
    }
    last = pattern.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function slugOf(text) {
  return text.toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/\s+/g, '-');
}

const cells = (line) => line.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim().replaceAll('\\|', '|'));

// The document as an array of nodes.
export function renderMarkdown(source) {
  const lines = source.split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code = [];
      for (i += 1; i < lines.length && !lines[i].startsWith('```'); i += 1) code.push(lines[i]);
      i += 1;
      out.push(h('pre', { class: 'doc-code' }, h('code', {}, code.join('\n'))));
    } else if (/^#{1,4} /.test(line)) {
      const level = line.indexOf(' ');
      const text = line.slice(level + 1);
      out.push(h(`h${Math.min(level, 4)}`, { id: slugOf(text) }, inline(text)));
      i += 1;
    } else if (line.startsWith('|')) {
      const rows = [];
      for (; i < lines.length && lines[i].startsWith('|'); i += 1) rows.push(lines[i]);
      const [head, , ...rest] = rows;
      out.push(h('div', { class: 'doc-table' }, h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, cells(head).map((c) => h('th', { scope: 'col' }, inline(c))))),
        h('tbody', {}, rest.map((r) => h('tr', {}, cells(r).map((c) => h('td', {}, inline(c)))))))));
    } else if (/^\s*[-*] /.test(line)) {
      const items = [];
      for (; i < lines.length && (/^\s*[-*] /.test(lines[i]) || /^\s{2,}\S/.test(lines[i])); i += 1) {
        if (/^\s*[-*] /.test(lines[i])) items.push(lines[i].replace(/^\s*[-*] /, ''));
        else items[items.length - 1] += ` ${lines[i].trim()}`;
      }
      out.push(h('ul', {}, items.map((t) => h('li', {}, inline(t)))));
    } else if (!line.trim()) {
      i += 1;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() && !/^(#|\||```|\s*[-*] )/.test(lines[i]); i += 1) para.push(lines[i]);
      out.push(h('p', {}, inline(para.join(' '))));
    }
  }
  return out;
}
