// The status page: an owner publishes it from the settings with a product,
// writes an incident's public note, makes the badge key (shown once, with
// a sample badge) and a visitor without login opens the page: the
// application's uptimes, a bar per day whose incidents show on hover, the
// note and never the raw cause, and no script error under the CSP.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  APP, nav, screenshot, assertNoScriptErrors, failUntilIncident,
} from './checks.mjs';
import { ADMIN_PASSWORD } from './server.mjs';

const RAW_CAUSE = 'replica 10.9.8.7 refused the password';
const NOTE = 'Checkout was slow for a few minutes; all orders went through.';

export async function statusPageWalk(env) {
  const { step } = env;
  const { api } = env.shared;
  const { page, problems } = await env.newPage();
  let incident;
  await step('an incident with a raw cause gets a public note on its page', async () => {
    incident = await failUntilIncident(api, APP, env.shared.apiToken, RAW_CAUSE);
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/orgs/**');
    await page.goto(`/orgs/acme/incidents/${incident.id}`);
    const note = page.getByRole('region', { name: 'On the status page' });
    await note.getByLabel('Public note').fill(NOTE);
    await note.getByRole('button', { name: 'Save note' }).click();
    await page.getByRole('status').filter({ hasText: 'Status page note saved.' }).first().waitFor();
    const saved = await api.expect(200, 'GET', `/api/v1/orgs/acme/incidents/${incident.id}`);
    assert.equal(saved.public_note, NOTE);
    assert.equal(saved.publish_cause, false);
  });

  const { product } = await api.expect(200, 'GET', `/api/v1/orgs/acme/applications/${APP}`);
  const { name: productName } = await api.expect(200, 'GET', `/api/v1/orgs/acme/products/${product}`);
  await step('the owner publishes the status page from the settings', async () => {
    await nav(page, 'Settings').click();
    await page.getByRole('link', { name: 'Status page' }).click();
    await page.waitForURL('**/orgs/acme/settings/status-page');
    const form = page.getByRole('form', { name: 'Status page settings' });
    await form.getByLabel('Publish the status page').check();
    await form.getByLabel('Title').fill('Acme status');
    await form.getByLabel('Description (optional)').fill('Checkout and what it needs');
    await form.getByLabel(productName, { exact: true }).check();
    await form.getByRole('button', { name: 'Save status page' }).click();
    await page.getByRole('status').filter({ hasText: 'Status page published.' }).first().waitFor();
    const settings = await api.expect(200, 'GET', '/api/v1/orgs/acme/status-page');
    assert.equal(settings.enabled, true);
    assert.deepEqual(settings.products, [product]);
    await page.getByText('Published', { exact: true }).waitFor();
  });

  let key;
  await step('the badge key is shown once with a badge to copy, and the badge answers', async () => {
    await page.getByRole('button', { name: 'Make badge key' }).click();
    await page.getByRole('dialog', { name: 'Make a badge key?' }).getByRole('button', { name: 'Make badge key' }).click();
    const field = page.getByLabel('New badge key (shown once)');
    await field.waitFor();
    key = await field.inputValue();
    assert.match(key, /^hwb_[0-9A-Za-z]{38}$/);
    const markdown = await page.getByLabel('Badge markdown', { exact: true }).textContent();
    assert.ok(markdown.includes(`/badge/${key}/<application>.svg`), markdown);
    await screenshot(env, page, 'status-page-settings');
    const badge = await api.expect(200, 'GET', `/badge/${key}/${APP}.json`);
    assert.equal(badge.label, APP);
    // A reload shows only the hint.
    await page.reload();
    await page.locator('#badge-key-hint').waitFor();
    assert.equal(await page.getByLabel('New badge key (shown once)').count(), 0);
    assert.ok(!(await page.locator('body').textContent()).includes(key), 'the badge key is shown again');
    assertNoScriptErrors(problems);
  });

  await step('a visitor without login sees the page with the note, never the cause', async () => {
    const visitor = await env.newPage();
    const { page: status } = visitor;
    await status.goto('/status/acme');
    await status.getByRole('heading', { name: 'Acme status' }).waitFor();
    const app = status.locator(`[data-app="${APP}"]`);
    await app.waitFor();
    await app.locator('[data-window="24h"]').waitFor();
    assert.equal(await app.locator('.bar').count(), 90);
    // The incident's day (today) shows it on hover.
    await app.locator('.bar').last().hover();
    await app.locator('.status-day').getByText(NOTE).waitFor();
    await status.locator('#recent-incidents').getByText(NOTE).first().waitFor();
    const text = await status.locator('body').textContent();
    assert.ok(!text.includes(RAW_CAUSE), 'the raw cause is on the public page');
    assert.ok(!text.includes(key), 'the badge key is on the public page');
    // A standalone page: no toasts to clear.
    await status.screenshot({ path: join(env.screenshots, 'status-page.png'), fullPage: true });
    assertNoScriptErrors(visitor.problems);
    await status.context().close();
    const missing = await api.request('GET', '/status/nobody');
    assert.equal(missing.status, 404);
  });
  await page.context().close();
}
