// Whole lists: an organization with 315 incidents (one still open) and
// hundreds of events. The incidents page opens on the open one with its
// count, and pages through all 315; an application's failures and hits are
// browsable a page at a time and from a chosen time back.
import assert from 'node:assert/strict';
import { ApiClient } from './api_client.mjs';
import { ADMIN_PASSWORD } from './server.mjs';
import { screenshot, assertNoScriptErrors } from './checks.mjs';

export const OPS_APP = 'pager-app';

// An organization `ops` whose application reported `incidents` incidents
// (failure then hit, one each), the last one left open. Returns the API
// activation token the application reports with.
export async function seedIncidents(api, incidents) {
  await api.expect(201, 'POST', '/api/v1/orgs', { name: 'Ops', slug: 'ops' });
  await api.expect(201, 'POST', '/api/v1/orgs/ops/products', { name: 'Paging' });
  const credential = await api.expect(201, 'POST', '/api/v1/orgs/ops/integration-tokens',
    { type: 'hits_failure', name: 'ops hits' });
  await api.expect(201, 'POST', '/api/v1/orgs/ops/applications', {
    product: 'paging', name: 'Pager App', slug: OPS_APP, failures_to_open: 1, hits_to_close: 1,
    hits_failure_credential: credential.id,
  });
  const activation = await api.request('POST', '/api/v1/activate', undefined, credential.token);
  assert.equal(activation.status, 200, JSON.stringify(activation.body));
  const apiToken = activation.body.api_token;
  const start = Date.now() - 20 * 3600 * 1000;
  const events = [];
  for (let i = 0; i < incidents; i += 1) {
    events.push({ application: OPS_APP, status: 'failure', message: `outage ${i + 1}`, timestamp: new Date(start + i * 120000).toISOString() });
    if (i < incidents - 1) {
      events.push({ application: OPS_APP, status: 'hit', latency_ms: 20 + (i % 50), timestamp: new Date(start + i * 120000 + 60000).toISOString() });
    }
  }
  const answer = await api.request('POST', '/api/v1/events', events, apiToken);
  assert.equal(answer.status, 200, JSON.stringify(answer.body).slice(0, 400));
  assert.equal(answer.body.accepted, events.length);
  const open = await api.expect(200, 'GET', '/api/v1/orgs/ops/incidents?status=open&limit=1');
  assert.equal(open.total, 1);
  const all = await api.expect(200, 'GET', '/api/v1/orgs/ops/incidents?limit=1');
  assert.equal(all.total, incidents);
  return apiToken;
}

export async function listsWalk(env) {
  const { step } = env;
  const api = env.shared.api;
  await step('set up 315 incidents, one open, through the batch API', async () => {
    env.shared.opsToken = await seedIncidents(api, 315);
  });
  const { context, page, problems } = await env.newPage();
  await step('the incidents page opens on the open incident, with its count', async () => {
    await page.goto('/orgs/ops/incidents');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const open = page.getByRole('button', { name: /^Open/ });
    assert.equal(await open.getAttribute('aria-pressed'), 'true');
    await open.getByText('1', { exact: true }).waitFor();
    await page.getByRole('status', { name: 'Incidents: 1 of 1 incident' }).waitFor();
    await page.getByRole('row', { name: /outage 315/ }).getByText('Alarmed').waitFor();
    assert.equal(await page.getByRole('table', { name: 'Incidents' }).getByRole('row').count(), 2);
  });

  await step('All pages through the 315 incidents, the open one first', async () => {
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByRole('status', { name: 'Incidents: 50 of 315 incidents' }).waitFor();
    const rows = page.getByRole('table', { name: 'Incidents' }).getByRole('row');
    assert.match(await rows.nth(1).textContent(), /Alarmed.*outage 315/);
    assert.match(await rows.nth(2).textContent(), /Resolved.*outage 314/);
    await screenshot(env, page, 'incidents-paged');
    for (let shown = 50; shown < 315; shown += 50) {
      await page.getByRole('button', { name: 'Load 50 more' }).click();
      await page.getByRole('status', { name: `Incidents: ${Math.min(shown + 50, 315)} of 315 incidents` }).waitFor();
    }
    assert.equal(await page.getByRole('button', { name: 'Load 50 more' }).count(), 0);
    assert.equal(await rows.count(), 316);
    await rows.last().getByText('outage 1', { exact: true }).waitFor();
    assert.ok(page.url().endsWith('/orgs/ops/incidents?status=all'));
  });

  await step('an application\'s failures and hits, a page at a time and back in time', async () => {
    await page.goto(`/orgs/ops/applications/${OPS_APP}`);
    const card = page.getByRole('region', { name: 'Events' });
    const failures = card.getByRole('list', { name: 'Recent failures' });
    await failures.getByText('outage 315', { exact: true }).waitFor();
    await card.getByText('20 events shown, more to load').waitFor();
    await card.getByRole('button', { name: 'Load 20 more' }).click();
    await card.getByText('40 events shown, more to load').waitFor();
    assert.equal(await failures.getByRole('listitem').count(), 40);
    await failures.getByText('outage 276', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Hits', exact: true }).click();
    const hits = card.getByRole('list', { name: 'Recent hits' });
    await hits.getByRole('listitem').first().waitFor();
    assert.equal(await hits.getByText('Failure').count(), 0);
    // Back in time: the events before a time ten hours ago.
    const back = new Date(Date.now() - 10 * 3600 * 1000);
    back.setSeconds(0, 0);
    const local = new Date(back.getTime() - back.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    await card.getByRole('button', { name: 'Failures', exact: true }).click();
    await card.getByLabel('Before').fill(local);
    await failures.getByRole('listitem').first().waitFor();
    const first = await failures.locator('time').first().getAttribute('datetime');
    assert.ok(new Date(first) < back, `${first} is before ${back.toISOString()}`);
    await screenshot(env, page, 'application-events');
  });
  await step('the products page: state, last report, uptime and sparkline at a glance, refreshed live', async () => {
    const credential = (await api.expect(200, 'GET', '/api/v1/orgs/ops/integration-tokens')).integration_tokens[0];
    await api.expect(201, 'POST', '/api/v1/orgs/ops/applications', {
      product: 'paging', name: 'Calm App', slug: 'calm-app', hits_failure_credential: credential.id,
    });
    await page.goto('/orgs/ops');
    const pager = page.locator('[data-application="pager-app"]');
    await pager.getByText('Incident', { exact: true }).waitFor();
    await pager.getByText(/Uptime 24 h\s*\d/).waitFor();
    await pager.getByRole('img', { name: /Pager App, availability per hour over 24 hours: lowest \d+(\.\d+)? %/ }).waitFor();
    const last = pager.locator('time');
    assert.match(await last.getAttribute('title'), /UTC/, 'the exact time, in UTC too, on hover');
    const calm = page.locator('[data-application="calm-app"]');
    await calm.getByText('No reports', { exact: true }).waitFor();
    await calm.getByText('never', { exact: true }).waitFor();
    await page.getByText('2 applications · 1 open incident').waitFor();
    await page.waitForFunction(() => document.title.startsWith('(1) Products · Ops'));
    // Incidents first: the application in an incident is the first row.
    assert.equal(await page.locator('.app-row').first().getAttribute('data-application'), 'pager-app');
    await screenshot(env, page, 'products-status');
    // A report arrives: the page shows it without a reload.
    await api.request('POST', '/api/v1/applications/calm-app/hits', { latency_ms: 12 }, env.shared.opsToken);
    await calm.getByText('Operational', { exact: true }).waitFor({ timeout: 40000 });
    // Search, filter and sort.
    await page.getByLabel('Search').fill('calm');
    await page.locator('[data-application="pager-app"]').waitFor({ state: 'detached' });
    await calm.waitFor();
    await page.getByLabel('Search').fill('');
    await page.getByLabel('State').selectOption('incident');
    await calm.waitFor({ state: 'detached' });
    await page.getByLabel('State').selectOption('');
    await page.getByLabel('Sort').selectOption('name');
    assert.equal(await page.locator('.app-row').first().getAttribute('data-application'), 'calm-app');
  });
  await step('the members page: 60 pending invitations, 50 shown with a count, the rest on request', async () => {
    for (let i = 0; i < 60; i += 1) {
      await api.expect(201, 'POST', '/api/v1/orgs/ops/invitations', { username: `guest-${String(i).padStart(2, '0')}`, role: 'member' });
    }
    await page.goto('/orgs/ops/members');
    await page.getByRole('status', { name: 'Members: 1 of 1 member' }).waitFor();
    await page.getByRole('status', { name: 'Pending invitations: 50 of 60 pending invitations' }).waitFor();
    const rows = page.getByRole('table', { name: 'Pending invitations' }).getByRole('row');
    assert.equal(await rows.count(), 51);
    await screenshot(env, page, 'members-paged');
    await page.getByRole('button', { name: 'Load 50 more' }).click();
    await page.getByRole('status', { name: 'Pending invitations: 60 of 60 pending invitations' }).waitFor();
    assert.equal(await rows.count(), 61);
    const names = await page.getByRole('table', { name: 'Pending invitations' }).locator('tbody th').allTextContents();
    assert.equal(new Set(names).size, 60, 'each invitation once');
    assert.equal(await page.getByRole('button', { name: 'Load 50 more' }).count(), 0);
    // Cancelling one reads the list again without losing the place.
    await page.getByRole('button', { name: 'Cancel the invitation of guest-30' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel invitation' }).click();
    await page.getByRole('status', { name: 'Pending invitations: 59 of 59 pending invitations' }).waitFor();
    assert.equal(await rows.count(), 60);
  });
  await context.close();
  assertNoScriptErrors(problems);
}
