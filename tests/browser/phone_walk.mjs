// On a phone (390×844): the navigation is a menu, no page is wider than the
// screen, and the on-call path (open the application, acknowledge, resolve)
// is within reach. Then the same pages in the dark theme.
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD } from './server.mjs';
import { screenshot, assertNoScriptErrors, failUntilIncident } from './checks.mjs';
import { OPS_APP } from './lists_walk.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// Fails when the page scrolls sideways.
async function assertFitsTheScreen(page, where) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${where} is ${scroll} px wide on a ${client} px screen`);
}

// Fails unless `locator` is inside the viewport (reachable without scrolling
// sideways).
async function assertOnScreen(page, locator, what) {
  const box = await locator.boundingBox();
  const width = page.viewportSize().width;
  assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${what} is off the screen: ${JSON.stringify(box)}`);
}

async function logIn(page, path) {
  await page.goto(path);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const PAGES = [
  ['phone-products', '/orgs/acme', 'Products'],
  ['phone-application', '/orgs/acme/applications/checkout-api', 'Checkout API'],
  ['phone-incidents', '/orgs/acme/incidents', 'Incidents'],
  ['phone-settings', '/orgs/acme/settings', 'Settings'],
  ['phone-members', '/orgs/acme/members', 'Members'],
  ['phone-audit-log', '/orgs/acme/audit-log', 'Audit log'],
];

export async function phoneWalk(env) {
  const { step } = env;
  const { context, page, problems } = await env.newPage(undefined, PHONE);
  await step('on a phone, the navigation is behind the Menu button', async () => {
    await logIn(page, '/orgs/ops/incidents');
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.isVisible(), false);
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await screenshot(env, page, 'phone-menu');
    await nav.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    assert.equal(await nav.isVisible(), false);
    await assertFitsTheScreen(page, 'products');
  });

  await step('acknowledge and resolve from the phone', async () => {
    await page.goto(`/orgs/ops/applications/${OPS_APP}`);
    const banner = page.getByRole('alert').filter({ hasText: 'outage 315' });
    const acknowledge = banner.getByRole('button', { name: 'Acknowledge' });
    await acknowledge.waitFor();
    await assertFitsTheScreen(page, 'the application page');
    await assertOnScreen(page, acknowledge, 'Acknowledge');
    await assertOnScreen(page, banner.getByRole('button', { name: 'Resolve' }), 'Resolve');
    await screenshot(env, page, 'phone-incident');
    await acknowledge.tap();
    await banner.getByText('Acknowledged', { exact: true }).waitFor();
    await banner.getByRole('button', { name: 'Resolve' }).tap();
    await page.getByText('No open incident.').waitFor();
    const open = await env.shared.api.expect(200, 'GET', '/api/v1/orgs/ops/incidents?status=open&limit=1');
    assert.equal(open.total, 0);
  });

  await step('every page fits a 390 px screen', async () => {
    // In the whole lists' organization, a channel to a closed port and an
    // incident it was notified of: the pages show their longest lines.
    const { api, opsToken } = env.shared;
    const channel = await api.expect(201, 'POST', '/api/v1/orgs/ops/channels', {
      name: 'Phone pager', url: 'http://127.0.0.1:9/a-rather-long-path/for-a-phone-screen/hook', events: ['incident.opened'], group_seconds: 0,
    });
    const incident = await failUntilIncident(api, OPS_APP, opsToken, 'down on the phone');
    const pages = [...PAGES,
      ['phone-incident-page', `/orgs/ops/incidents/${incident.id}`, /incident on/],
      ['phone-channels', '/orgs/ops/settings/channels', 'Notification channels'],
      ['phone-channel', `/orgs/ops/settings/channels/${channel.id}`, 'Phone pager'],
      ['phone-api-keys', '/orgs/ops/api-keys', 'Personal API keys'],
      ['phone-api', '/orgs/ops/api', 'API reference'],
      ['phone-api-reference', '/orgs/ops/api-reference', 'API reference']];
    for (const [name, path, heading] of pages) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      if (name === 'phone-incident-page') await page.getByRole('list', { name: 'Notifications' }).getByText('Phone pager').waitFor();
      await page.waitForLoadState('networkidle');
      await assertFitsTheScreen(page, path);
      await screenshot(env, page, name);
    }
  });
  await context.close();
  assertNoScriptErrors(problems);

  const dark = await env.newPage(undefined, { colorScheme: 'dark' });
  await step('the dark theme follows the system', async () => {
    await logIn(dark.page, '/orgs/acme/applications/checkout-api');
    await dark.page.getByRole('heading', { name: 'Checkout API' }).waitFor();
    const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `the page is dark: ${background}`);
    await dark.page.waitForLoadState('networkidle');
    await screenshot(env, dark.page, 'dark-application');
  });
  await dark.context.close();
  assertNoScriptErrors(dark.problems);
}
