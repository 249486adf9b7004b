// The API's description holds: docs/openapi.json is valid OpenAPI 3.1
// (@apidevtools/swagger-parser), the real server serves it at
// GET /api/v1/openapi.json, and the answers of the real binary (started on
// port 0 with its own data directory) to a walk through every resource match
// the document: each status is one the operation documents, and each JSON
// body validates against its schema (ajv, JSON Schema 2020-12). Exits
// non-zero at the first mismatch, and when the walk never called some
// documented operation.
//
//   node tests/api/run.mjs --binary build/hookwarden --document docs/openapi.json
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import { startServer, ADMIN_PASSWORD } from '../browser/server.mjs';
import { ApiClient } from '../browser/api_client.mjs';

const { values: args } = parseArgs({
  options: { binary: { type: 'string' }, document: { type: 'string' } },
});
if (!args.binary || !args.document) {
  console.error('usage: run.mjs --binary PATH --document docs/openapi.json');
  process.exit(2);
}

const text = readFileSync(args.document, 'utf8');
await SwaggerParser.validate(JSON.parse(text));
console.log('ok   the document is valid OpenAPI 3.1');
const doc = await SwaggerParser.dereference(JSON.parse(text));

const ajv = new Ajv2020({ strict: false, allErrors: true });
// The server's times: RFC 3339 in UTC with milliseconds.
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const validators = new Map();

// Which documented operations the walk answered: {"GET /healthz": count}.
const exercised = new Map();

// Fails unless `answer` to `method template` is documented: its status among
// the operation's responses and, for JSON, its body valid against the schema.
function check(method, template, answer) {
  const name = `${method} ${template}`;
  const operation = doc.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${name} is not in the document`);
  const response = operation.responses[String(answer.status)] ?? operation.responses.default;
  if (!response) {
    throw new Error(`${name} answered ${answer.status}, which the document does not list: ${JSON.stringify(answer.body)}`);
  }
  const type = (answer.headers.get('content-type') || '').split(';')[0];
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    if (answer.body !== null && answer.body !== '') throw new Error(`${name} ${answer.status}: a body where none is documented`);
  } else if (!content[type] && !content['*/*']) {
    throw new Error(`${name} ${answer.status}: content type ${type}, documented ${Object.keys(content)}`);
  }
  const schema = content[type]?.schema;
  if (schema && type === 'application/json') {
    const key = `${name} ${answer.status}`;
    if (!validators.has(key)) validators.set(key, ajv.compile(schema));
    const validate = validators.get(key);
    if (!validate(answer.body)) {
      throw new Error(`${name} ${answer.status}: the body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(answer.body).slice(0, 800)}`);
    }
  }
  exercised.set(name, (exercised.get(name) ?? 0) + 1);
  return answer.body;
}

// Sends the request to `template` with `params` filled in and checks the
// answer; fails unless its status is `expected`.
async function call(client, expected, method, template, params = {}, body, token) {
  let path = template;
  for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encodeURIComponent(v));
  const answer = await client.request(method, path, body, token);
  if (answer.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return check(method, template, answer);
}

// Reads the list at `template` one item a page, following next_cursor to the
// end and checking each page; then checks that a garbage cursor and a bad
// limit are documented 400s. Returns every item.
async function everyPage(client, template, params, field) {
  let path = template;
  for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encodeURIComponent(v));
  const items = [];
  let cursor = null;
  for (let pages = 0; pages < 1000; pages += 1) {
    const query = new URLSearchParams({ limit: '1', ...(cursor ? { cursor } : {}) });
    const answer = await client.request('GET', `${path}?${query}`);
    if (answer.status !== 200) throw new Error(`GET ${path}?${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
    const body = check('GET', template, answer);
    items.push(...body[field]);
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  for (const query of ['cursor=zz', 'limit=0']) {
    const answer = await client.request('GET', `${path}?${query}`);
    if (answer.status !== 400) throw new Error(`GET ${path}?${query}: expected 400, got ${answer.status}`);
    check('GET', template, answer);
  }
  return items;
}

const server = await startServer(args.binary);
let failed = false;
try {
  const api = new ApiClient(server.url);
  const anonymous = new ApiClient(server.url);

  // The served document is the file.
  const served = await anonymous.request('GET', '/api/v1/openapi.json');
  if (served.status !== 200 || JSON.stringify(served.body) !== JSON.stringify(JSON.parse(text))) {
    throw new Error(`GET /api/v1/openapi.json does not serve docs/openapi.json (${served.status})`);
  }
  check('GET', '/api/v1/openapi.json', served);

  // Operations and the web UI.
  await call(anonymous, 200, 'GET', '/healthz');
  await call(anonymous, 200, 'GET', '/readyz');
  await call(anonymous, 200, 'GET', '/metrics');
  await call(anonymous, 200, 'GET', '/');
  await call(anonymous, 200, 'GET', '/login');
  const shell = await call(anonymous, 200, 'GET', '/orgs/{org}', { org: 'default' });
  await call(anonymous, 200, 'GET', '/orgs/{org}/{page}', { org: 'default', page: 'settings' });
  await call(anonymous, 200, 'GET', '/orgs/{org}/{page}/{item}', { org: 'default', page: 'incidents', item: '1' });
  await call(anonymous, 200, 'GET', '/orgs/{org}/{page}/{item}/{sub}', { org: 'default', page: 'settings', item: 'channels', sub: '1' });
  // The web UI's files, at the version the page names; as built into the binary.
  const version = shell.match(/\/assets\/([^/"]+)\/app\.js"/)?.[1];
  if (!version) throw new Error('the page names no /assets/VERSION/app.js');
  const web = new URL('../../web/', import.meta.url);
  const asset = async (template, params, file) => {
    const body = await call(anonymous, 200, 'GET', template, params);
    if (body !== readFileSync(new URL(file, web), 'utf8')) throw new Error(`${template} ${file}: not web/${file}`);
  };
  await asset('/assets/{version}/{first}', { version, first: 'app.css' }, 'app.css');
  await asset('/assets/{version}/{first}/{second}', { version, first: 'pages', second: 'login.js' }, 'pages/login.js');
  await call(anonymous, 404, 'GET', '/assets/{version}/{first}', { version: 'an-old-version', first: 'app.css' });
  await call(anonymous, 404, 'GET', '/assets/{version}/{first}/{second}', { version, first: 'pages', second: 'nothing.js' });
  // A browser that holds this version asks again with its ETag: 304, no body.
  const etag = (await anonymous.request('GET', '/')).headers.get('etag');
  for (const [template, path] of [['/', '/'], ['/assets/{version}/{first}', `/assets/${version}/app.css`]]) {
    const answer = await fetch(`${server.url}${path}`, { headers: { 'If-None-Match': etag } });
    if (answer.status !== 304) throw new Error(`GET ${path} with If-None-Match ${etag}: ${answer.status}`);
    check('GET', template, { status: answer.status, body: await answer.text(), headers: answer.headers });
  }

  // Errors have the documented shape.
  await call(anonymous, 401, 'GET', '/api/v1/me');
  await call(anonymous, 401, 'POST', '/api/v1/session', {}, { username: 'admin', password: 'wrong-password' });
  await call(anonymous, 422, 'POST', '/api/v1/session', {}, { username: 'admin' });

  // Session and keys.
  const login = await anonymous.request('POST', '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  check('POST', '/api/v1/session', login);
  await api.login('admin', ADMIN_PASSWORD);
  await call(api, 200, 'GET', '/api/v1/me');
  const key = await call(api, 201, 'POST', '/api/v1/api-keys', {}, { name: 'spare' });
  await call(api, 200, 'GET', '/api/v1/api-keys');
  await everyPage(api, '/api/v1/api-keys', {}, 'api_keys');
  await call(api, 204, 'DELETE', '/api/v1/api-keys/{id}', { id: key.id });
  await call(api, 404, 'DELETE', '/api/v1/api-keys/{id}', { id: key.id });

  // Organizations and members.
  const org = (await call(api, 201, 'POST', '/api/v1/orgs', {}, { name: 'Acme' })).slug;
  await call(api, 409, 'POST', '/api/v1/orgs', {}, { name: 'Acme', slug: org });
  await call(api, 200, 'GET', '/api/v1/orgs');
  if ((await everyPage(api, '/api/v1/orgs', {}, 'organizations')).length < 2) throw new Error('GET /api/v1/orgs: a page lost an organization');
  await call(api, 200, 'GET', '/api/v1/orgs/{org}', { org });
  await call(api, 404, 'GET', '/api/v1/orgs/{org}', { org: 'nobody-here' });
  // Members join by accepting an invitation.
  const invites = '/api/v1/orgs/{org}/invitations';
  const invited = await call(api, 201, 'POST', '/api/v1/orgs/{org}/members', { org }, { username: 'reader', role: 'member', password: 'Reader-Pa55word-long' });
  await call(api, 409, 'POST', invites, { org }, { username: 'READER', role: 'admin' });
  await call(api, 200, 'GET', invites, { org });
  await everyPage(api, invites, { org }, 'invitations');
  const reader = new ApiClient(server.url);
  await reader.login('reader', 'Reader-Pa55word-long');
  await call(reader, 200, 'GET', '/api/v1/invitations');
  await everyPage(reader, '/api/v1/invitations', {}, 'invitations');
  await call(reader, 200, 'POST', '/api/v1/invitations/{invitation}/accept', { invitation: invited.invitation.id });
  await call(reader, 404, 'POST', '/api/v1/invitations/{invitation}/decline', { invitation: invited.invitation.id });
  await call(api, 200, 'PATCH', '/api/v1/orgs/{org}/members/{username}', { org, username: 'reader' }, { role: 'admin' });
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/members', { org });
  await everyPage(api, '/api/v1/orgs/{org}/members', { org }, 'members');
  await call(api, 204, 'DELETE', '/api/v1/orgs/{org}/members/{username}', { org, username: 'reader' });
  const declined = await call(api, 201, 'POST', invites, { org }, { username: 'reader', role: 'member' });
  await call(reader, 204, 'POST', '/api/v1/invitations/{invitation}/decline', { invitation: declined.invitation.id });
  const again = await call(api, 201, 'POST', invites, { org }, { username: 'reader', role: 'member' });
  await call(reader, 200, 'POST', '/api/v1/invitations/{invitation}/accept', { invitation: again.invitation.id });
  await call(reader, 204, 'POST', '/api/v1/orgs/{org}/leave', { org });
  await call(api, 409, 'POST', '/api/v1/orgs/{org}/leave', { org });
  const cancelled = await call(api, 201, 'POST', invites, { org }, { username: 'nobody-yet', role: 'admin' });
  await call(api, 204, 'DELETE', `${invites}/{invitation}`, { org, invitation: cancelled.invitation.id });
  await call(api, 404, 'DELETE', `${invites}/{invitation}`, { org, invitation: cancelled.invitation.id });

  // One's own password: the current one proves it; the new one follows the
  // password rule; the personal API keys stay only when asked.
  const password = '/api/v1/me/password';
  const readerPassword = 'Reader-Pa55word-long';
  await call(anonymous, 401, 'POST', password, {}, { current_password: readerPassword, new_password: 'Reader-Pa55word-new' });
  const invalidField = async (body, field) => {
    const error = await call(reader, 422, 'POST', password, {}, body);
    if (error.error.field !== field) throw new Error(`POST ${password} ${JSON.stringify(body)}: field ${error.error.field}, expected ${field}`);
  };
  await invalidField({ current_password: readerPassword }, 'new_password');
  await invalidField({ current_password: 'not-the-password', new_password: 'Reader-Pa55word-new' }, 'current_password');
  await invalidField({ current_password: readerPassword, new_password: 'short' }, 'new_password');
  await invalidField({ current_password: readerPassword, new_password: 'Reader-Pa55word-new', keep_api_keys: 'yes' }, 'keep_api_keys');
  const kept = await call(reader, 200, 'POST', password, {}, { current_password: readerPassword, new_password: 'Reader-Pa55word-new', keep_api_keys: true });
  if (kept.api_keys_revoked !== 0) throw new Error(`keep_api_keys revoked ${kept.api_keys_revoked} keys`);
  await call(reader, 200, 'GET', '/api/v1/me');
  const revoked = await call(reader, 200, 'POST', password, {}, { current_password: 'Reader-Pa55word-new', new_password: 'Reader-Pa55word-third' });
  if (revoked.api_keys_revoked !== 1) throw new Error(`a change revoked ${revoked.api_keys_revoked} keys, expected the reader's one`);
  await call(reader, 401, 'GET', '/api/v1/me');
  await new ApiClient(server.url).login('reader', 'Reader-Pa55word-third');

  // Products.
  const product = (await call(api, 201, 'POST', '/api/v1/orgs/{org}/products', { org }, { name: 'Shop' })).slug;
  await call(api, 422, 'POST', '/api/v1/orgs/{org}/products', { org }, { name: '' });
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/products', { org });
  await everyPage(api, '/api/v1/orgs/{org}/products', { org }, 'products');
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/products/{product}', { org, product });
  await call(api, 200, 'PATCH', '/api/v1/orgs/{org}/products/{product}', { org, product }, { name: 'The shop' });

  // Webhook credentials.
  const base = '/api/v1/orgs/{org}/integration-tokens';
  const hits = await call(api, 201, 'POST', base, { org }, { type: 'hits_failure', name: 'hits' });
  const deploys = await call(api, 201, 'POST', base, { org }, { type: 'deploy', name: 'deploys' });
  await call(api, 200, 'GET', base, { org });
  if ((await everyPage(api, base, { org }, 'integration_tokens')).length !== 2) throw new Error(`GET ${base}: pages lost a credential`);
  await call(api, 200, 'GET', `${base}/{id}`, { org, id: hits.id });
  await call(api, 200, 'POST', `${base}/{id}/regenerate`, { org, id: deploys.id }, { grace_seconds: 0 });
  const renamed = await call(api, 200, 'PATCH', `${base}/{id}`, { org, id: hits.id }, { name: 'hits-renamed' });

  // Applications.
  const apps = '/api/v1/orgs/{org}/applications';
  const app = (await call(api, 201, 'POST', apps, { org }, {
    product, name: 'Checkout', failures_to_open: 1, hits_to_close: 1,
    hits_failure_credential: hits.id, deploy_credential: deploys.id,
  })).slug;
  await call(api, 200, 'GET', apps, { org });
  await everyPage(api, apps, { org }, 'applications');
  await call(api, 200, 'GET', `${apps}/{app}`, { org, app });
  await call(api, 200, 'PATCH', `${apps}/{app}`, { org, app }, { severity: 'sev2' });
  await call(api, 422, 'PATCH', `${apps}/{app}`, { org, app }, { severity: 'sev9' });
  await call(api, 404, 'GET', `${apps}/{app}/slo`, { org, app });
  await call(api, 200, 'PATCH', `${apps}/{app}`, { org, app }, { slo: { objective_percent: 99.9, window_days: 30 } });
  await call(api, 422, 'PATCH', `${apps}/{app}`, { org, app }, { slo: { objective_percent: 99.9, window_days: 14 } });
  const deployToken = (await call(api, 200, 'GET', `${apps}/{app}/deploy-token`, { org, app })).token;

  // The data plane.
  const activated = await call(anonymous, 200, 'POST', '/api/v1/activate', {}, undefined, renamed.token);
  const apiToken = activated.api_token;
  await call(anonymous, 401, 'POST', '/api/v1/activate', {}, undefined, 'hwi_not-a-token');
  await call(anonymous, 200, 'POST', '/api/v1/applications/{app}/hits', { app }, { latency_ms: 12 }, apiToken);
  await call(anonymous, 200, 'POST', '/api/v1/applications/{app}/failures', { app }, { message: 'down' }, apiToken);
  await call(anonymous, 422, 'POST', '/api/v1/applications/{app}/failures', { app }, { latency_ms: -1 }, apiToken);
  await call(anonymous, 404, 'POST', '/api/v1/applications/{app}/hits', { app: 'nothing' }, {}, apiToken);
  await call(anonymous, 200, 'POST', '/api/v1/applications/{app}/starts', { app }, { run_id: 'walk-1' }, apiToken);
  await call(anonymous, 422, 'POST', '/api/v1/applications/{app}/starts', { app }, { run_id: '' }, apiToken);
  await call(anonymous, 200, 'POST', '/api/v1/applications/{app}/hits', { app }, { run_id: 'walk-1' }, apiToken);
  // Ping URLs: the key in the path, answers in plain text.
  const pingKey = activated.ping_key;
  await call(anonymous, 200, 'GET', '/ping/{key}/{app}/start', { key: pingKey, app }, undefined, '');
  await call(anonymous, 200, 'POST', '/ping/{key}/{app}/start', { key: pingKey, app }, undefined, '');
  await call(anonymous, 200, 'GET', '/ping/{key}/{app}/log', { key: pingKey, app }, undefined, '');
  await call(anonymous, 200, 'POST', '/ping/{key}/{app}/log', { key: pingKey, app }, 'step 1 of 2', '');
  await call(anonymous, 200, 'GET', '/ping/{key}/{app}/{code}', { key: pingKey, app, code: '0' }, undefined, '');
  await call(anonymous, 200, 'POST', '/ping/{key}/{app}/{code}', { key: pingKey, app, code: '3' }, 'tar: disk full', '');
  await call(anonymous, 400, 'GET', '/ping/{key}/{app}/{code}', { key: pingKey, app, code: '256' }, undefined, '');
  await call(anonymous, 200, 'GET', '/ping/{key}/{app}/fail', { key: pingKey, app }, undefined, '');
  await call(anonymous, 200, 'POST', '/ping/{key}/{app}/fail', { key: pingKey, app }, 'backup failed', '');
  await call(anonymous, 200, 'GET', '/ping/{key}/{app}', { key: pingKey, app }, undefined, '');
  await call(anonymous, 200, 'POST', '/ping/{key}/{app}', { key: pingKey, app }, 'backup done', '');
  await call(anonymous, 404, 'GET', '/ping/{key}/{app}', { key: pingKey, app: 'nothing' }, undefined, '');
  await call(anonymous, 404, 'GET', '/ping/{key}/{app}', { key: apiToken, app }, undefined, '');
  await call(anonymous, 200, 'POST', '/api/v1/events', {}, [{ application: app, status: 'failure', message: 'again' }, { status: 'hit' }], apiToken);
  await call(anonymous, 422, 'POST', '/api/v1/events', {}, [{ status: 'hit' }], apiToken);
  await call(anonymous, 201, 'POST', '/api/v1/deploys', {}, { version: '1.2.3', id: 'release-1' }, deployToken);
  await call(anonymous, 200, 'POST', '/api/v1/deploys', {}, { version: '1.2.3', id: 'release-1', status: 'failure' }, deployToken);
  await call(api, 200, 'GET', `${apps}/{app}/events`, { org, app });
  await call(api, 200, 'GET', `${apps}/{app}/deploys`, { org, app });
  await call(api, 200, 'GET', `${apps}/{app}/metrics`, { org, app });
  const slo = await call(api, 200, 'GET', `${apps}/{app}/slo`, { org, app });
  if (slo.error_budget.consumed < 1) throw new Error(`the failures consumed ${slo.error_budget.consumed} of the SLO's budget`);
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/metrics', { org });
  const figured = await everyPage(api, '/api/v1/orgs/{org}/metrics', { org }, 'applications');
  if (figured.length === 0) throw new Error('the organization\'s figures name no application');

  // Incidents (the failure opened one).
  const incidents = await call(api, 200, 'GET', '/api/v1/orgs/{org}/incidents', { org });
  if (incidents.items.length === 0) throw new Error('the failures opened no incident');
  const incident = incidents.items[0].id;
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/incidents/{id}', { org, id: incident });
  await call(api, 200, 'POST', '/api/v1/orgs/{org}/incidents/{id}/acknowledge', { org, id: incident });
  await call(api, 200, 'POST', '/api/v1/orgs/{org}/incidents/{id}/resolve', { org, id: incident });
  await call(api, 409, 'POST', '/api/v1/orgs/{org}/incidents/{id}/acknowledge', { org, id: incident });
  await call(api, 200, 'PATCH', '/api/v1/orgs/{org}/incidents/{id}', { org, id: incident }, { public_note: 'Checkout was slow; fixed.' });
  await call(api, 422, 'PATCH', '/api/v1/orgs/{org}/incidents/{id}', { org, id: incident }, { public_note: ' ' });

  // The status page and badges: disabled, then published; read without login.
  const page = '/api/v1/orgs/{org}/status-page';
  await call(api, 200, 'GET', page, { org });
  await call(anonymous, 404, 'GET', '/status/{org}', { org: `${org}.json` });
  await call(api, 422, 'PUT', page, { org }, { enabled: true, title: 'Acme status', products: ['nothing'] });
  await call(api, 200, 'PUT', page, { org }, { enabled: true, title: 'Acme status', description: 'Shop services', products: [product] });
  const published = await call(anonymous, 200, 'GET', '/status/{org}', { org: `${org}.json` });
  if (published.incidents[0]?.note !== 'Checkout was slow; fixed.') throw new Error(`the status page shows ${JSON.stringify(published.incidents)}`);
  await call(anonymous, 200, 'GET', '/status/{org}', { org });
  const badgeKey = (await call(api, 200, 'POST', `${page}/badge-key`, { org })).badge_key.value;
  await call(anonymous, 200, 'GET', '/badge/{badge_key}/{badge}', { badge_key: badgeKey, badge: `${app}.svg` });
  const badge = await call(anonymous, 200, 'GET', '/badge/{badge_key}/{badge}', { badge_key: badgeKey, badge: `${app}.json` });
  if (badge.label !== app) throw new Error(`the badge reads ${JSON.stringify(badge)}`);
  await call(anonymous, 404, 'GET', '/badge/{badge_key}/{badge}', { badge_key: badgeKey, badge: 'nothing.json' });

  // Alerts from other tools: Alertmanager's webhook and PagerDuty's Events v2.
  const notification = {
    version: '4', status: 'firing',
    alerts: [{ status: 'firing', labels: { application: app, alertname: 'DiskFull' },
               annotations: { summary: 'disk full' }, fingerprint: 'fp-1' }],
  };
  const alertmanager = '/api/v1/integrations/alertmanager';
  await call(anonymous, 200, 'POST', alertmanager, {}, notification, apiToken);
  await call(anonymous, 400, 'POST', alertmanager, {}, { version: '4' }, apiToken);
  await call(anonymous, 401, 'POST', alertmanager, {}, notification, deployToken);
  const trigger = {
    routing_key: apiToken, event_action: 'trigger', dedup_key: 'k1',
    payload: { summary: 'queue stuck', source: 'host', severity: 'error', component: app },
  };
  await call(anonymous, 202, 'POST', '/v2/enqueue', {}, trigger);
  await call(anonymous, 400, 'POST', '/v2/enqueue', {}, { ...trigger, event_action: 'escalate' });
  await call(anonymous, 202, 'POST', '/v2/enqueue/', {}, { routing_key: apiToken, event_action: 'resolve', dedup_key: 'k1' });
  await call(anonymous, 202, 'POST', '/v2/change/enqueue', {}, { routing_key: deployToken, payload: { summary: 'deployed 1.2.4' } });
  await call(anonymous, 400, 'POST', '/v2/change/enqueue', {}, { routing_key: apiToken, payload: { summary: 'x' } });
  const alerts = await call(api, 200, 'GET', '/api/v1/orgs/{org}/incidents', { org });
  const alert = alerts.items.find((i) => i.kind === 'alert');
  if (!alert) throw new Error('the alerts opened no incident');
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/incidents/{id}', { org, id: alert.id });

  // Secrets and channels.
  const secrets = '/api/v1/orgs/{org}/secrets';
  await call(api, 201, 'POST', secrets, { org }, { name: 'HOOK_TOKEN', value: 'made-up-value' });
  await call(api, 409, 'POST', secrets, { org }, { name: 'HOOK_TOKEN', value: 'made-up-value' });
  await call(api, 200, 'GET', secrets, { org });
  await everyPage(api, secrets, { org }, 'secrets');
  // A secret is never read or edited: every method but DELETE is refused.
  for (const method of ['GET', 'PUT', 'PATCH', 'POST']) {
    const refused = await api.request(method, `/api/v1/orgs/${org}/secrets/HOOK_TOKEN`, method === 'GET' ? undefined : { value: 'other' });
    if (refused.status !== 405 || refused.headers.get('allow') !== 'DELETE') {
      throw new Error(`${method} a secret: ${refused.status}, Allow: ${refused.headers.get('allow')}`);
    }
    check(method, `${secrets}/{name}`, refused);
  }
  const channels = '/api/v1/orgs/{org}/channels';
  const channel = await call(api, 201, 'POST', channels, { org }, {
    name: 'chat', url: 'https://chat.example.com/hook', headers: { Authorization: 'Bearer {{HOOK_TOKEN}}' },
    events: ['incident.opened', 'deploy.created'], applications: [app],
  });
  await call(api, 200, 'GET', channels, { org });
  await everyPage(api, channels, { org }, 'channels');
  await call(api, 200, 'GET', `${channels}/{id}`, { org, id: channel.id });
  await call(api, 200, 'PATCH', `${channels}/{id}`, { org, id: channel.id }, { body_template: '{"text":"{{event.type}}"}' });
  await call(api, 422, 'PATCH', `${channels}/{id}`, { org, id: channel.id }, { url: 'ftp://example.com' });
  await call(api, 200, 'POST', `${channels}/{id}/signing-secret`, { org, id: channel.id });
  await call(api, 202, 'POST', `${channels}/{id}/test`, { org, id: channel.id });
  await call(api, 200, 'GET', `${channels}/{id}/deliveries`, { org, id: channel.id });
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/incidents/{id}/deliveries', { org, id: incident });
  await call(api, 404, 'GET', '/api/v1/orgs/{org}/incidents/{id}/deliveries', { org, id: 'inc_none' });
  await call(api, 409, 'DELETE', `${secrets}/{name}`, { org, name: 'HOOK_TOKEN' });
  await call(api, 204, 'DELETE', `${channels}/{id}`, { org, id: channel.id });
  await call(api, 204, 'DELETE', `${secrets}/{name}`, { org, name: 'HOOK_TOKEN' });

  // Maintenance windows: one planned for later, one under way that keeps
  // the application out of incidents until it is ended.
  const windows = '/api/v1/orgs/{org}/maintenance-windows';
  const inHour = new Date(Date.now() + 3600e3).toISOString();
  const planned = await call(api, 201, 'POST', windows, { org }, {
    reason: 'database upgrade', starts_at: inHour, ends_at: new Date(Date.now() + 7200e3).toISOString(), products: [product],
  });
  await call(api, 422, 'POST', windows, { org }, { reason: 'x', starts_at: inHour, ends_at: inHour, applications: [app] });
  await call(api, 200, 'PATCH', `${windows}/{id}`, { org, id: planned.id }, { reason: 'database upgrade, take two' });
  const now = await call(api, 201, 'POST', windows, { org }, {
    reason: 'failover drill', starts_at: new Date().toISOString(), ends_at: inHour, applications: [app],
  });
  const quiet = await call(anonymous, 200, 'POST', '/api/v1/applications/{app}/failures', { app }, { message: 'drill' }, apiToken);
  if (quiet.state !== 'maintenance') throw new Error(`a failure in maintenance answered state ${quiet.state}`);
  const activeAnswer = await api.request('GET', `/api/v1/orgs/${org}/maintenance-windows?active=true`);
  const active = check('GET', windows, activeAnswer);
  if (active.maintenance_windows.length !== 1) throw new Error(`${active.maintenance_windows.length} windows active, expected 1`);
  await call(api, 200, 'GET', `${windows}/{id}`, { org, id: now.id });
  await call(api, 409, 'DELETE', `${windows}/{id}`, { org, id: now.id });
  await call(api, 200, 'POST', `${windows}/{id}/end`, { org, id: now.id });
  await call(api, 409, 'POST', `${windows}/{id}/end`, { org, id: planned.id });
  await call(api, 204, 'DELETE', `${windows}/{id}`, { org, id: planned.id });
  await call(api, 404, 'GET', `${windows}/{id}`, { org, id: planned.id });

  // The audit log, then the deletions.
  await call(api, 200, 'GET', '/api/v1/orgs/{org}/audit-log', { org });
  if ((await everyPage(api, '/api/v1/orgs/{org}/audit-log', { org }, 'entries')).length < 5) throw new Error('GET audit-log: pages lost entries');
  await call(api, 409, 'DELETE', '/api/v1/orgs/{org}/products/{product}', { org, product });
  await call(anonymous, 200, 'POST', '/api/v1/tokens/revoke', {}, { token: apiToken });
  await call(api, 200, 'DELETE', `${base}/{id}`, { org, id: deploys.id });
  await call(api, 204, 'DELETE', `${apps}/{app}`, { org, app });
  await call(api, 204, 'DELETE', '/api/v1/orgs/{org}/products/{product}', { org, product });
  await call(api, 204, 'DELETE', '/api/v1/session');

  // Every documented operation was called.
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const missed = [];
  let operations = 0;
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item).filter((m) => methods.includes(m))) {
      const name = `${method.toUpperCase()} ${template}`;
      operations += 1;
      if (!exercised.has(name)) missed.push(name);
    }
  }
  if (missed.length > 0) throw new Error(`documented operations the walk never called:\n  ${missed.join('\n  ')}`);
  console.log(`ok   ${exercised.size} of ${operations} documented operations answered as documented`);
} catch (error) {
  failed = true;
  console.error(`FAIL ${error.stack || error}`);
  console.error(server.log().split('\n').slice(-20).join('\n'));
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
