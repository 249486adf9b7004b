// The seed's walk ("Creating Webhook Credentials"), in the browser:
// log in, organization menu, the pencil next to Settings, + beside
// Integration Tokens, a Hits/Failure credential whose copied curl command
// activates the API, regenerate and rename from the pencil, Secrets
// Variables, a Deploy credential, and an application's own deploy token;
// beyond the seed, the application's figures, incidents and rules.
import assert from 'node:assert/strict';
import { ApiClient } from './api_client.mjs';
import { ADMIN_PASSWORD } from './server.mjs';
import { runJson } from './shell.mjs';
import {
  APP, TOKEN_PATTERN, nav, readClipboard, screenshot, assertNoScriptErrors,
} from './checks.mjs';
import { secretsSteps } from './secrets_steps.mjs';
import { figuresStep, chartMarksStep, rulesStep } from './reliability_steps.mjs';

// Sends a failure for the application with `apiToken`; returns the status.
async function sendFailure(api, apiToken, message) {
  const answer = await api.request('POST', `/api/v1/applications/${APP}/failures`, { message }, apiToken);
  return answer;
}

// Presses the copy button named `label` and returns what reached the clipboard.
async function copy(scope, label) {
  const button = scope.getByRole('button', { name: label });
  await button.click();
  await scope.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor();
  return readClipboard(scope.page ? scope.page() : scope);
}

export async function seedWalk(env) {
  const { step, server } = env;
  const api = new ApiClient(server.url);
  await step('set up an organization, a product and an application', async () => {
    await api.login('admin', ADMIN_PASSWORD);
    await api.expect(201, 'POST', '/api/v1/orgs', { name: 'Acme', slug: 'acme' });
    await api.expect(201, 'POST', '/api/v1/orgs/acme/products', { name: 'Checkout' });
    await api.expect(201, 'POST', '/api/v1/orgs/acme/applications', { product: 'checkout', name: 'Checkout API', slug: APP });
  });
  env.shared.api = api;

  const { page, problems } = await env.newPage();
  await step('log in', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await screenshot(env, page, 'login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
  });

  await step('switch organization and enter its settings with the pencil', async () => {
    const menu = page.getByRole('button', { name: /organization menu/ });
    await menu.click();
    await page.getByRole('link', { name: /^Acme/ }).click();
    await page.waitForURL('**/orgs/acme');
    await page.getByRole('link', { name: 'Checkout API' }).waitFor();
    await screenshot(env, page, 'products');
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await page.getByRole('button', { name: 'Edit Acme settings' }).click();
    await page.waitForURL('**/orgs/acme/settings');
    await page.getByRole('heading', { name: 'Integration Tokens' }).waitFor();
    await page.getByRole('heading', { name: 'Secrets Variables' }).waitFor();
    await page.getByText('No integration tokens yet').waitFor();
  });

  await step('the dialog and the organization menu work with the keyboard', async () => {
    const add = page.getByRole('button', { name: 'Add integration token' });
    await add.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New integration token' });
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moves into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await add.evaluate((b) => b === document.activeElement), 'focus returns to the + button');
    const menu = page.getByRole('button', { name: /organization menu/ });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Edit Acme settings' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Edit Acme settings' }).waitFor({ state: 'hidden' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  });

  let integrationToken;
  let apiToken;
  await step('create a Hits/Failure credential, copy its curl command and run it', async () => {
    await page.getByRole('button', { name: 'Add integration token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New integration token' });
    await dialog.getByLabel('Hits/Failure').check();
    await dialog.getByLabel('Name', { exact: true }).fill('prod hits');
    await dialog.getByRole('button', { name: 'Generate Integration Token' }).click();
    const created = page.getByRole('dialog', { name: 'prod hits is ready' });
    await created.waitFor();
    integrationToken = await created.getByLabel('Integration token', { exact: true }).inputValue();
    assert.match(integrationToken, /^hwi_/);
    assert.match(integrationToken, TOKEN_PATTERN);
    await created.getByText('API activation token').first().waitFor();
    const shown = await created.getByLabel('Activation curl command').textContent();
    await screenshot(env, page, 'integration-token-created');
    const copied = await copy(page, 'Copy curl command');
    assert.equal(copied, shown);
    assert.ok(copied.includes(integrationToken), 'the command carries the integration token');
    const activation = await runJson(copied);
    apiToken = activation.api_token;
    assert.match(apiToken, /^hwa_/);
    assert.equal(activation.credential.name, 'prod hits');
    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /prod hits/ });
    await row.getByText('Activated').waitFor();
    await row.getByText('Hits/Failure').waitFor();
  });

  await step('choose the credential on the application page and see its failure arrive', async () => {
    await nav(page, 'Products').click();
    await page.getByRole('link', { name: 'Checkout API' }).click();
    await page.getByRole('heading', { name: 'Checkout API' }).waitFor();
    await page.getByLabel('Hits/Failure credential').selectOption({ label: 'prod hits' });
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Reported with prod hits').waitFor();
    const sample = await copy(page, 'Copy failure curl command');
    assert.ok(sample.includes(`/api/v1/applications/${APP}/failures`));
    const answer = await sendFailure(api, apiToken, 'card processor timed out');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.state, 'incident');
    await page.getByRole('list', { name: 'Recent failures' }).getByText('card processor timed out').waitFor();
    await page.getByRole('heading', { name: 'Checkout API' }).getByText('Incident').waitFor();
    await page.getByRole('alert').getByText('card processor timed out').waitFor();
  });

  await step('acknowledge and resolve the incident', async () => {
    const banner = page.getByRole('alert');
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await banner.getByText('Acknowledged', { exact: true }).waitFor();
    const row = page.getByRole('table', { name: 'Incidents' }).getByRole('row').nth(1);
    await row.getByText(/Acknowledged .* by admin/).waitFor();
    await banner.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('heading', { name: 'Checkout API' }).getByText('Operational').waitFor();
    await row.getByText(/Resolved .* by admin/).waitFor();
    await page.getByRole('region', { name: 'Reliability' }).getByText('Availability', { exact: true }).waitFor();
    await nav(page, 'Incidents').click();
    // It opens on the open incidents: none now.
    await page.getByRole('status', { name: 'Incidents: 0 of 0 incidents' }).waitFor();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByRole('row', { name: /card processor timed out/ }).getByText('Resolved', { exact: true }).waitFor();
    await screenshot(env, page, 'incidents');
  });
  await figuresStep(env, page, api, apiToken);

  let secondToken;
  await step('Enter in the edit dialog regenerates nothing', async () => {
    await nav(page, 'Settings').click();
    await page.getByRole('button', { name: 'Edit prod hits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit prod hits' });
    const name = dialog.getByLabel('Name', { exact: true });
    assert.equal(await name.inputValue(), 'prod hits');
    assert.equal(await dialog.getByLabel('Current integration token').inputValue(), integrationToken);
    await dialog.getByText('Renaming also regenerates the credential').waitFor();
    await name.focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('The name is unchanged: nothing was renamed or regenerated').waitFor();
    await screenshot(env, page, 'integration-token-edit');
    // Enter on the Regenerate… button opens its confirmation; Enter there
    // lands on Cancel, which focus starts on.
    await dialog.getByRole('button', { name: 'Regenerate…' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Regenerate prod hits?' });
    await confirm.getByText('These applications stop reporting until they use the new token: Checkout API.').waitFor();
    await confirm.getByLabel('The current token stops working').waitFor();
    await screenshot(env, page, 'integration-token-regenerate');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await dialog.getByLabel('Current integration token').inputValue(), integrationToken);
    const hit = await api.request('POST', `/api/v1/applications/${APP}/hits`, { latency_ms: 5 }, apiToken);
    assert.equal(hit.status, 200, 'the token still works');
    const shown = await api.expect(200, 'GET', `/api/v1/orgs/acme/integration-tokens/${
      (await api.expect(200, 'GET', '/api/v1/orgs/acme/integration-tokens')).integration_tokens[0].id}`);
    assert.equal(shown.token, integrationToken, 'the server still has the same token');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  await step('regenerate from the pencil, confirmed: the old tokens are rejected', async () => {
    await page.getByRole('button', { name: 'Edit prod hits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit prod hits' });
    await dialog.getByText('the old token becomes invalid').waitFor();
    await dialog.getByRole('button', { name: 'Regenerate…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Regenerate prod hits?' });
    await confirm.getByRole('button', { name: 'Regenerate now' }).click();
    await confirm.waitFor({ state: 'detached' });
    await dialog.getByText('The previous token no longer works').waitFor();
    secondToken = await dialog.getByLabel('Integration token', { exact: true }).inputValue();
    assert.match(secondToken, TOKEN_PATTERN);
    assert.notEqual(secondToken, integrationToken);
    assert.equal((await api.request('POST', '/api/v1/activate', undefined, integrationToken)).status, 401);
    assert.equal((await sendFailure(api, apiToken, 'with the old token')).status, 401);
    const activation = await runJson(await copy(dialog, 'Copy curl command'));
    assert.notEqual(activation.api_token, apiToken);
    apiToken = activation.api_token;
    assert.equal((await sendFailure(api, apiToken, 'with the new token')).status, 200);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  await step('rename from the pencil: it says it regenerates, then does', async () => {
    await page.getByRole('button', { name: 'Edit prod hits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit prod hits' });
    assert.equal(await dialog.getByLabel('Current integration token').inputValue(), secondToken);
    await dialog.getByLabel('Name', { exact: true }).fill('production hits');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Rename prod hits to production hits?' });
    await confirm.getByText('Renaming regenerates the credential').waitFor();
    await confirm.getByText('Checkout API').waitFor();
    assert.equal((await api.request('POST', '/api/v1/activate', undefined, secondToken)).status, 200, 'nothing changed yet');
    await confirm.getByRole('button', { name: 'Rename and regenerate' }).click();
    const renamed = page.getByRole('dialog', { name: 'Edit production hits' });
    await renamed.getByText('Renamed, and new credentials generated').waitFor();
    const thirdToken = await renamed.getByLabel('Integration token', { exact: true }).inputValue();
    assert.match(thirdToken, TOKEN_PATTERN);
    assert.notEqual(thirdToken, secondToken);
    assert.equal((await api.request('POST', '/api/v1/activate', undefined, secondToken)).status, 401);
    const activation = await runJson(await copy(renamed, 'Copy curl command'));
    apiToken = activation.api_token;
    await renamed.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: /production hits/ }).waitFor();
    assert.equal(await page.getByRole('row', { name: /^prod hits/ }).count(), 0);
  });
  env.shared.apiToken = apiToken;
  await secretsSteps(env, page, api);

  await step('create a Deploy credential: the list shows only its name', async () => {
    await page.getByRole('button', { name: 'Add integration token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New integration token' });
    await dialog.getByLabel('Deploy').check();
    await dialog.getByLabel('Name', { exact: true }).fill('CI deploys');
    await dialog.getByRole('button', { name: 'Generate Integration Token' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /CI deploys/ });
    await row.getByText('Deploy', { exact: true }).waitFor();
    const text = await row.textContent();
    assert.doesNotMatch(text, /hw[ida]_/);
    assert.doesNotMatch(await page.locator('body').textContent(), TOKEN_PATTERN);
    await screenshot(env, page, 'settings');
  });

  await step('copy the application\'s deploy curl command, run it, see the deploy', async () => {
    await nav(page, 'Products').click();
    await page.getByRole('link', { name: 'Checkout API' }).click();
    await page.getByLabel('Deploy credential').selectOption({ label: 'CI deploys' });
    await page.getByRole('button', { name: 'Save credentials' }).click();
    const deployToken = await page.getByLabel('Deploy token', { exact: true }).inputValue();
    assert.match(deployToken, /^hwd_/);
    const command = await copy(page, 'Copy deploy curl command');
    assert.ok(command.includes(deployToken) && command.includes('/api/v1/deploys'));
    const deploy = await runJson(command);
    assert.equal(deploy.version, '1.0.0');
    await page.getByRole('list', { name: 'Deploy timeline' }).getByText('1.0.0').waitFor();
    await screenshot(env, page, 'application');
  });
  await chartMarksStep(env, page, api, apiToken);
  await rulesStep(env, page, api);

  await step('members: invite mia, who is pending until she accepts', async () => {
    await nav(page, 'Members').click();
    await page.getByRole('row', { name: /admin/ }).waitFor();
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite member' });
    await dialog.getByLabel('Username').fill('mia');
    await dialog.getByLabel('Role').selectOption('member');
    await dialog.getByLabel('Password for a new account').fill('Member-Pa55word-for-tests');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    const pending = page.getByRole('region', { name: 'Pending invitations' });
    await pending.getByRole('row', { name: /mia/ }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'People' }).getByRole('row', { name: /mia/ }).count(), 0,
      'mia is not a member before she accepts');
    const { members } = await api.expect(200, 'GET', '/api/v1/orgs/acme/members');
    assert.ok(!members.some((m) => m.username === 'mia'), 'the API lists mia as a member before she accepts');
    await screenshot(env, page, 'members');
  });

  await step('members and audit log pages', async () => {
    const refused = await api.request('PATCH', '/api/v1/orgs/acme/members/admin', { role: 'member' });
    assert.equal(refused.status, 409, 'the last owner stays');
    await page.getByLabel('Role of admin').selectOption('member');
    await page.getByRole('region', { name: 'People' }).getByRole('alert').getByText(refused.body.error.message).waitFor();
    await page.locator('select[aria-label="Role of admin"] option[value="owner"]:checked').waitFor({ state: 'attached' });
    await nav(page, 'Audit log').click();
    await page.getByText('integration_token.renamed').waitFor();
    await screenshot(env, page, 'audit-log');
  });
  assertNoScriptErrors(problems);
}
