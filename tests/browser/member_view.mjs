// A member sees every page, but no token or secret value and no button that
// would change something.
import assert from 'node:assert/strict';
import { TOKEN_PATTERN, nav, screenshot, assertNoScriptErrors } from './checks.mjs';
import { SECRET_NAME, placesOf } from './secrets_steps.mjs';

// Buttons a member may meet: they navigate, choose what to show, or copy
// sample commands that carry no token.
const ALLOWED = [/organization menu/, /^Log out$/, /^View Acme settings$/, /^(24 h|7 d|30 d)$/,
  /^Copy (failure|hit) curl command$/, /^(Failures|Hits|Logs|All)$/, /^Load \d+ more$/,
  /^(Open ?\d*|Alarmed|Acknowledged|Resolved)$/, /^Menu$/, /user menu$/,
  /^New organization$/, /^Leave organization$/];

async function assertOnlyHarmlessButtons(page, where) {
  for (const button of await page.getByRole('button').all()) {
    const name = (await button.getAttribute('aria-label')) || (await button.textContent()).trim();
    assert.ok(ALLOWED.some((allowed) => allowed.test(name)), `${where}: a member sees the button "${name}"`);
  }
}

async function assertNoTokenValue(page, where) {
  const text = await page.locator('body').textContent();
  assert.doesNotMatch(text, TOKEN_PATTERN, `${where} shows a token`);
  for (const input of await page.locator('input').all()) {
    assert.doesNotMatch(await input.inputValue(), TOKEN_PATTERN, `${where} has a token in a field`);
  }
}

async function assertNoSecretValue(env, page, where) {
  for (const value of env.shared.secretValues) {
    assert.deepEqual(await placesOf(page, value), [], `${where} holds a secret's value`);
  }
}

export async function memberView(env) {
  const { step } = env;
  const { page, problems } = await env.newPage();
  await step('log in as the invited member and accept the invitation', async () => {
    await page.goto('/orgs/acme/settings');
    await page.waitForURL('**/login?next=*');
    // Any case of the username logs in to mia's account.
    await page.getByLabel('Username').fill('MIA');
    await page.getByLabel('Password').fill('Member-Pa55word-for-tests');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/orgs/acme/settings');
    // Not a member yet: the organization is not hers, the invitation is shown.
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const invitations = page.getByRole('region', { name: 'You are invited' });
    await invitations.getByText(/admin invites you to Acme as member/).waitFor();
    await screenshot(env, page, 'invitation');
    await invitations.getByRole('button', { name: 'Accept the invitation to Acme' }).click();
    await page.waitForURL(/\/orgs\/acme$/);
    await page.getByRole('status').filter({ hasText: 'You joined Acme.' }).first().waitFor();
    assert.equal(await page.getByRole('region', { name: 'You are invited' }).count(), 0, 'the invitation stays after accepting');
    const { members } = await env.shared.api.expect(200, 'GET', '/api/v1/orgs/acme/members');
    assert.equal(members.find((m) => m.username === 'mia')?.role, 'member', 'mia is not a member after accepting');
    await page.goto('/orgs/acme/settings');
  });

  await step('settings: credentials and secrets without values or buttons', async () => {
    await page.getByRole('row', { name: /production hits/ }).waitFor();
    await page.getByRole('row', { name: /CI deploys/ }).waitFor();
    const secrets = page.getByRole('region', { name: 'Secrets Variables' });
    await secrets.getByRole('row', { name: new RegExp(SECRET_NAME) }).getByText('by admin').waitFor();
    assert.equal(await secrets.getByRole('button').count(), 0, 'a member sees no + and no delete');
    await page.getByRole('button', { name: /organization menu/ }).click();
    await assertOnlyHarmlessButtons(page, 'settings');
    await assertNoTokenValue(page, 'settings');
    await assertNoSecretValue(env, page, 'settings');
  });

  await step('application: no deploy token, no forms', async () => {
    await nav(page, 'Products').click();
    await page.getByRole('link', { name: 'Checkout API' }).click();
    await page.getByRole('list', { name: 'Deploy timeline' }).getByText('1.0.0').waitFor();
    await page.getByText('Admins and owners see this application\'s deploy token here.').waitFor();
    const rules = page.getByRole('region', { name: 'Incident rules' });
    await rules.getByRole('definition').filter({ hasText: /^3$/ }).waitFor();
    // The failure sent with the regenerated token left an incident open:
    // a member sees it without Acknowledge or Resolve.
    await page.getByRole('alert').getByText('with the new token').waitFor();
    await assertOnlyHarmlessButtons(page, 'application');
    await assertNoTokenValue(page, 'application');
    assert.equal(await rules.locator('input, select').count(), 0, 'a member sees the rules, not their form');
    const slo = page.getByRole('region', { name: 'Service level objective' });
    await slo.getByText('No SLO set.').waitFor();
    assert.equal(await slo.locator('input, select, button').count(), 0, 'a member cannot set the SLO');
    const maintenance = page.getByRole('region', { name: 'Maintenance' });
    await maintenance.getByText('No maintenance under way or planned').waitFor();
    assert.equal(await maintenance.getByRole('button').count(), 0, 'a member cannot plan maintenance');
  });

  await step('products, members and audit log: read only', async () => {
    await nav(page, 'Products').click();
    await page.getByRole('link', { name: 'Checkout API' }).waitFor();
    await assertOnlyHarmlessButtons(page, 'products');
    await nav(page, 'Members').click();
    await page.getByRole('row', { name: /admin/ }).waitFor();
    await assertOnlyHarmlessButtons(page, 'members');
    await nav(page, 'Audit log').click();
    await page.getByText('integration_token.created').first().waitFor();
    await assertOnlyHarmlessButtons(page, 'audit log');
    await assertNoTokenValue(page, 'audit log');
    await screenshot(env, page, 'member-audit-log');
  });
  assertNoScriptErrors(problems);
}
