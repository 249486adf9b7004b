// The API reference: the server's OpenAPI document (GET
// /api/v1/openapi.json) rendered as a page, grouped by tag: each operation
// with its parameters, request body and answers, then the schemas they name.
import { get } from '../api.js';
import { h } from '../dom.js';
import { loading, errorNote, badge } from '../ui.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function schemaName(ref) {
  return ref.split('/').pop();
}

function schemaLink(ref) {
  const name = schemaName(ref);
  return h('a', { href: `#schema-${name}` }, name);
}

// A schema in a line or a nested list: `object {id: string, …}`.
function schemaView(schema, depth = 0) {
  if (!schema || typeof schema !== 'object') return h('span', { class: 'muted' }, 'any');
  if (schema.$ref) return schemaLink(schema.$ref);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    if (schema[key]) {
      const joiner = key === 'allOf' ? ' and ' : ' or ';
      return h('span', {}, schema[key].flatMap((s, i) => [i ? joiner : '', schemaView(s, depth)]));
    }
  }
  if (schema.const !== undefined) return h('code', {}, JSON.stringify(schema.const));
  if (schema.enum) return h('span', {}, schema.enum.flatMap((v, i) => [i ? ' | ' : '', h('code', {}, JSON.stringify(v))]));
  const types = [].concat(schema.type || 'any');
  if (types.includes('array')) {
    return h('span', {}, 'array of ', schemaView(schema.items, depth));
  }
  if (types.includes('object') && schema.properties && depth < 3) {
    const required = new Set(schema.required || []);
    return h('ul', { class: 'schema' }, Object.entries(schema.properties).map(([name, property]) => h('li', {},
      h('code', {}, name), required.has(name) ? '' : h('span', { class: 'muted' }, ' (optional)'), ': ',
      schemaView(property, depth + 1),
      property.description ? h('span', { class: 'muted small' }, ` — ${property.description}`) : '')));
  }
  const text = types.join(' or ') + (schema.format ? ` (${schema.format})` : '');
  return h('span', {}, text);
}

function contentView(content) {
  return Object.entries(content || {}).map(([type, { schema }]) => h('div', {},
    h('span', { class: 'muted small' }, type), ' ', schemaView(schema)));
}

function operationView(method, path, operation) {
  const parameters = operation.parameters || [];
  return h('article', { class: 'card api-operation', id: operation.operationId },
    h('div', { class: 'card-body' },
      h('h3', {}, badge(method.toUpperCase(), method === 'get' ? 'neutral' : 'warn'), ' ', h('code', {}, path)),
      h('p', {}, operation.summary || ''),
      parameters.length ? h('div', {}, h('h4', {}, 'Parameters'), h('ul', {}, parameters.map((p) => h('li', {},
        h('code', {}, p.name), h('span', { class: 'muted' }, ` in ${p.in}`), ': ', schemaView(p.schema),
        p.description ? h('span', { class: 'muted small' }, ` — ${p.description}`) : '')))) : null,
      operation.requestBody ? h('div', {}, h('h4', {}, 'Request body'), contentView(operation.requestBody.content)) : null,
      h('h4', {}, 'Answers'),
      h('ul', {}, Object.entries(operation.responses).map(([status, response]) => h('li', {},
        h('strong', {}, status), ' ', response.$ref ? schemaLink(response.$ref) : response.description || '',
        response.content ? contentView(response.content) : null)))));
}

export async function apiDocsPage(ctx) {
  ctx.title('API');
  const body = h('div', {}, loading());
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', {},
      h('p', { class: 'eyebrow' }, 'OpenAPI 3.1'),
      h('h1', {}, 'API reference'),
      h('p', { class: 'muted' }, 'The document itself: ', h('a', { href: '/api/v1/openapi.json' }, '/api/v1/openapi.json')))),
    body);
  let doc;
  try {
    doc = await get('/openapi.json');
  } catch (error) {
    body.replaceChildren(errorNote(error));
    return;
  }
  const byTag = new Map((doc.tags || []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = (operation.tags || ['other'])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationView(method, path, operation));
    }
  }
  const schemas = Object.entries(doc.components?.schemas || {});
  // h() flattens the lists of sections; replaceChildren would not.
  body.replaceChildren(h('div', {},
    h('p', {}, doc.info.description || ''),
    h('nav', { 'aria-label': 'API sections', class: 'api-toc' },
      [...byTag.keys()].flatMap((tag, i) => [i ? ' · ' : '', h('a', { href: `#tag-${tag}` }, tag)])),
    [...byTag.entries()].map(([tag, views]) => h('section', { 'aria-label': tag },
      h('h2', { id: `tag-${tag}` }, tag), views)),
    h('section', { 'aria-label': 'Schemas' }, h('h2', {}, 'Schemas'),
      schemas.map(([name, schema]) => h('article', { class: 'card', id: `schema-${name}` },
        h('div', { class: 'card-body' }, h('h3', {}, name),
          schema.description ? h('p', { class: 'muted' }, schema.description) : null, schemaView(schema)))))));
}
