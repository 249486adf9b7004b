// A server that keeps its aggregates for 7 days only: on the application
// page, the 30 d figures are the API's 422, shown in the Reliability card,
// while 7 d still answers.
import assert from 'node:assert/strict';
import { ApiClient } from './api_client.mjs';
import { ADMIN_PASSWORD, startServer } from './server.mjs';
import { assertNoScriptErrors } from './checks.mjs';

export async function shortRetention(env) {
  const { step } = env;
  const server = await startServer(env.binary, ['--aggregate-retention-days', '7']);
  try {
    const api = new ApiClient(server.url);
    await step('set up on a server that keeps 7 days', async () => {
      await api.login('admin', ADMIN_PASSWORD);
      await api.expect(201, 'POST', '/api/v1/orgs', { name: 'Brief', slug: 'brief' });
      await api.expect(201, 'POST', '/api/v1/orgs/brief/products', { name: 'Shop' });
      await api.expect(201, 'POST', '/api/v1/orgs/brief/applications', { product: 'shop', name: 'Cart', slug: 'cart' });
    });
    const { context, page, problems } = await env.newPage(server.url);
    await step('30 d is longer than the aggregates are kept: the API\'s 422 in the card', async () => {
      const to = new Date(Math.ceil(Date.now() / 60000) * 60000);
      const query = new URLSearchParams({ from: new Date(to - 30 * 24 * 3600 * 1000).toISOString(), to: to.toISOString() });
      const refused = await api.request('GET', `/api/v1/orgs/brief/applications/cart/metrics?${query}`);
      assert.equal(refused.status, 422);
      await page.goto('/orgs/brief/applications/cart');
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      const card = page.getByRole('region', { name: 'Reliability' });
      await card.getByText(/^Last 24 hours:/).waitFor();
      await card.getByRole('button', { name: '30 d' }).click();
      await card.getByRole('alert').getByText(refused.body.error.message).waitFor();
      await card.getByRole('button', { name: '7 d' }).click();
      await card.getByText(/^Last 7 days:/).waitFor();
      assert.equal(await card.getByRole('alert').count(), 0);
    });
    await context.close();
    assertNoScriptErrors(problems);
  } finally {
    await server.stop();
  }
}
