// What a new user needs in the first hour: create an organization, rename
// and delete a product and an application, a personal API key (shown once,
// working, revoked), the API reference, an incident's own page with its
// timeline, and an application page that names the credential it reports
// with.
import assert from 'node:assert/strict';
import { ApiClient } from './api_client.mjs';
import { ADMIN_PASSWORD } from './server.mjs';
import { APP, screenshot, assertNoScriptErrors } from './checks.mjs';

export async function firstHourWalk(env) {
  const { step, server } = env;
  const { context, page, problems } = await env.newPage();
  const userMenu = () => page.getByRole('button', { name: /user menu/ });

  await step('create an organization from the organization menu', async () => {
    await page.goto('/orgs/acme');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: /organization menu/ }).click();
    await page.getByRole('button', { name: 'New organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'New organization' });
    await dialog.getByLabel('Name', { exact: true }).fill('Side Project');
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL('**/orgs/side-project');
    await page.getByText('No products yet').waitFor();
    const me = await env.shared.api.expect(200, 'GET', '/api/v1/orgs/side-project');
    assert.equal(me.role, 'owner');
  });

  await step('rename and delete a product and an application', async () => {
    await page.getByRole('button', { name: 'New product' }).click();
    await page.getByRole('dialog', { name: 'New product' }).getByLabel('Name').fill('Prototype');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('button', { name: 'New application' }).click();
    const create = page.getByRole('dialog', { name: 'New application in Prototype' });
    await create.getByLabel('Name', { exact: true }).fill('Scratch');
    await create.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { name: 'Scratch' }).waitFor();
    await page.getByText('No Hits/Failure credential: this application\'s reports are refused (404)').waitFor();
    await page.getByRole('link', { name: 'Products' }).first().click();
    await page.getByRole('button', { name: 'Rename Scratch' }).click();
    await page.getByRole('dialog', { name: 'Rename Scratch' }).getByLabel('Name').fill('Scratchpad');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('link', { name: 'Scratchpad' }).waitFor();
    await page.getByRole('button', { name: 'Delete Prototype' }).click();
    await page.getByRole('button', { name: 'Delete product' }).click();
    await page.getByRole('dialog', { name: 'Delete Prototype?' }).getByRole('alert').waitFor();
    await page.getByRole('dialog', { name: 'Delete Prototype?' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete Scratchpad' }).click();
    await page.getByRole('button', { name: 'Delete application' }).click();
    await page.getByText('No applications in this product yet').waitFor();
    await page.getByRole('button', { name: 'Rename Prototype' }).click();
    await page.getByRole('dialog', { name: 'Rename Prototype' }).getByLabel('Name').fill('Prototypes');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('heading', { name: 'Prototypes' }).waitFor();
    await page.getByRole('button', { name: 'Delete Prototypes' }).click();
    await page.getByRole('button', { name: 'Delete product' }).click();
    await page.getByText('No products yet').waitFor();
  });

  await step('a personal API key: shown once, it works, revoked it stops', async () => {
    await page.goto('/orgs/acme');
    await userMenu().click();
    await page.getByRole('link', { name: 'Personal API keys' }).click();
    await page.getByRole('heading', { name: 'Personal API keys' }).waitFor();
    await page.getByRole('button', { name: 'Add personal API key' }).click();
    await page.getByRole('dialog', { name: 'New personal API key' }).getByLabel('Name').fill('laptop CLI');
    await page.getByRole('button', { name: 'Create key' }).click();
    const ready = page.getByRole('dialog', { name: 'laptop CLI is ready' });
    const key = await ready.getByLabel('Personal API key', { exact: true }).inputValue();
    assert.match(key, /^hwp_/);
    await screenshot(env, page, 'api-key-created');
    await ready.getByRole('button', { name: 'Done' }).click();
    const client = new ApiClient(server.url);
    assert.equal((await client.request('GET', '/api/v1/me', undefined, key)).status, 200);
    const row = page.getByRole('row', { name: /laptop CLI/ });
    assert.doesNotMatch(await row.textContent(), /hwp_[0-9A-Za-z]{38}/, 'the list shows only a hint');
    await screenshot(env, page, 'api-keys');
    await row.getByRole('button', { name: 'Revoke laptop CLI' }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await client.request('GET', '/api/v1/me', undefined, key)).status, 401);
  });

  await step('the API reference page', async () => {
    await userMenu().click();
    await page.getByRole('link', { name: 'API reference' }).click();
    await page.getByRole('heading', { name: 'API reference' }).waitFor();
    const sections = page.getByRole('navigation', { name: 'Sections' });
    await sections.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    await page.getByRole('cell', { name: /incidents\/\{id\}\/acknowledge/ }).first().waitFor();
    await screenshot(env, page, 'api-reference');
  });

  await step('an incident\'s page with its timeline; the application names its credential', async () => {
    await page.goto('/orgs/acme/incidents?status=all');
    await page.getByRole('link', { name: 'card processor timed out' }).click();
    await page.getByRole('heading', { name: /incident on checkout-api/ }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Opened').waitFor();
    await timeline.getByText('Acknowledged').waitFor();
    await timeline.getByText('Resolved').waitFor();
    await timeline.getByText('by admin').first().waitFor();
    await page.getByRole('list', { name: 'Events around the incident' }).getByText('card processor timed out').first().waitFor();
    await screenshot(env, page, 'incident');
    await page.goto(`/orgs/acme/applications/${APP}`);
    const reporting = page.getByRole('region', { name: 'Reporting' });
    await reporting.getByRole('link', { name: 'production hits' }).first().click();
    await page.waitForURL('**/orgs/acme/settings');
  });

  await step('an alert from a PagerDuty sender: its page says where it came from', async () => {
    const client = new ApiClient(server.url);
    const key = { routing_key: env.shared.apiToken, dedup_key: 'db1-disk' };
    const trigger = {
      ...key, event_action: 'trigger',
      payload: { summary: 'disk full on db1', source: 'db1', severity: 'critical', component: APP, custom_details: { mount: '/var/lib' } },
    };
    assert.equal((await client.request('POST', '/v2/enqueue', trigger, null)).status, 202);
    await page.goto('/orgs/acme/incidents?status=all');
    await page.getByRole('link', { name: 'disk full on db1' }).click();
    await page.getByRole('heading', { name: /incident on checkout-api/ }).waitFor();
    await page.getByText('PagerDuty Events v2').waitFor();
    await page.getByLabel('Alert details').getByText('/var/lib').waitFor();
    await screenshot(env, page, 'alert-incident');
    assert.equal((await client.request('POST', '/v2/enqueue', { ...key, event_action: 'resolve' }, null)).status, 202);
    await page.reload();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Resolved').waitFor();
    await page.getByRole('list', { name: 'Timeline' }).getByText('by pagerduty').first().waitFor();
  });
  await context.close();
  assertNoScriptErrors(problems);
}
