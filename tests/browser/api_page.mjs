// The API reference page: the top bar links to it, and it renders the
// server's OpenAPI document (no CDN: every file comes from the binary).
import assert from 'node:assert/strict';
import { nav, screenshot, assertNoScriptErrors } from './checks.mjs';
import { ADMIN_PASSWORD } from './server.mjs';

export async function apiPage(env) {
  const { step } = env;
  const { page, problems } = await env.newPage();
  const outside = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(env.server.url)) outside.push(request.url());
  });
  await step('the top bar leads to the API reference', async () => {
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/orgs/**');
    await nav(page, 'API').click();
    await page.getByRole('heading', { name: 'API reference' }).waitFor();
  });

  await step('it renders every operation of the document, with the error shape', async () => {
    const answer = await page.request.get('/api/v1/openapi.json');
    const doc = await answer.json();
    let operations = 0;
    for (const item of Object.values(doc.paths)) operations += Object.keys(item).length;
    await page.locator('.api-operation').first().waitFor();
    assert.equal(await page.locator('.api-operation').count(), operations);
    const hits = page.locator('.api-operation', { hasText: '/api/v1/applications/{app}/hits' });
    await hits.getByText('Report a hit').waitFor();
    await hits.getByRole('link', { name: 'EventAnswer' }).click();
    await page.locator('#schema-EventAnswer').getByText('accepted').first().waitFor();
    await page.locator('#schema-Error').getByText('message').first().waitFor();
    await screenshot(env, page, 'api-openapi');
    assert.deepEqual(outside, [], 'the page loaded something from elsewhere');
    assertNoScriptErrors(problems);
  });
  await page.context().close();
}
