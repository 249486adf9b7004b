// The SLO and maintenance windows on the application's page, and planning
// maintenance of a product on the products page: an admin sets an SLO and
// sees its budget, burn rates and a page firing after a burst of failures;
// plans a maintenance that puts the application in maintenance and ends it
// now; takes the SLO away.
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD } from './server.mjs';
import { APP, screenshot, assertNoScriptErrors } from './checks.mjs';

export async function sloWalk(env) {
  const { step } = env;
  const { api, apiToken } = env.shared;
  const { context, page, problems } = await env.newPage();
  try {
    await step('an admin sets an SLO and sees its budget and burn rates', async () => {
      await page.goto(`/orgs/acme/applications/${APP}`);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      const card = page.getByRole('region', { name: 'Service level objective' });
      await card.getByText('No SLO set.').waitFor();
      await card.getByLabel('Objective (%)').fill('99.999');
      await card.getByLabel('Window').selectOption('7');
      await card.getByRole('button', { name: 'Set SLO' }).click();
      await card.getByText('99.999 % over 7 days (events)').waitFor();
      await card.getByRole('meter', { name: 'Error budget left' }).waitFor();
      await card.getByRole('table').getByRole('columnheader', { name: '5m' }).waitFor();
      const slo = await api.expect(200, 'GET', `/api/v1/orgs/acme/applications/${APP}/slo`);
      assert.equal(slo.window_days, 7);
      assert.equal(slo.objective_percent, 99.999);
    });

    await step('a burst of failures pages: the rule shows as firing', async () => {
      for (let i = 0; i < 5; i += 1) {
        const answer = await api.request('POST', `/api/v1/applications/${APP}/failures`, { message: 'burst' }, apiToken);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
      }
      const card = page.getByRole('region', { name: 'Service level objective' });
      const firing = card.getByRole('list', { name: 'Burn-rate rules firing' });
      await firing.locator('[data-rule="page_1h_5m"]').getByText('Page').waitFor();
      await screenshot(env, page, 'application-slo');
    });

    await step('planned maintenance puts the application in maintenance until ended now', async () => {
      const card = page.getByRole('region', { name: 'Maintenance' });
      await card.getByText('No maintenance under way or planned').waitFor();
      await card.getByRole('button', { name: 'Plan maintenance' }).click();
      const dialog = page.getByRole('dialog', { name: `Plan maintenance of ${APP}` });
      await dialog.getByLabel('Reason').fill('database upgrade');
      await dialog.getByRole('button', { name: 'Plan maintenance' }).click();
      const row = card.getByRole('listitem').filter({ hasText: 'database upgrade' });
      await row.getByText('Under way').waitFor();
      await page.getByRole('heading', { level: 1 }).getByText('Maintenance').waitFor();
      await screenshot(env, page, 'application-maintenance');
      await row.getByRole('button', { name: 'End now' }).click();
      await card.getByText('No maintenance under way or planned').waitFor();
      const windows = await api.expect(200, 'GET', '/api/v1/orgs/acme/maintenance-windows?active=true');
      assert.equal(windows.maintenance_windows.length, 0);
    });

    await step('maintenance of a product is planned and ended on the products page', async () => {
      await page.goto('/orgs/acme');
      const card = page.getByRole('region', { name: 'Maintenance' });
      await card.getByRole('button', { name: 'Plan maintenance' }).click();
      const dialog = page.getByRole('dialog', { name: 'Plan maintenance' });
      await dialog.getByLabel('Reason').fill('network change');
      await dialog.getByRole('button', { name: 'Plan maintenance' }).click();
      const row = card.getByRole('listitem').filter({ hasText: 'network change' });
      await row.getByText(/product /).waitFor();
      const windows = await api.expect(200, 'GET', '/api/v1/orgs/acme/maintenance-windows?active=true');
      assert.equal(windows.maintenance_windows.length, 1);
      assert.equal(windows.maintenance_windows[0].products.length, 1);
      await row.getByRole('button', { name: 'End now' }).click();
      await card.getByText('No maintenance under way or planned').waitFor();
    });

    await step('the SLO is taken away', async () => {
      await page.goto(`/orgs/acme/applications/${APP}`);
      const card = page.getByRole('region', { name: 'Service level objective' });
      await card.getByRole('button', { name: 'Remove SLO' }).click();
      await card.getByText('No SLO set.').waitFor();
      const app = await api.expect(200, 'GET', `/api/v1/orgs/acme/applications/${APP}`);
      assert.equal(app.slo, null);
      assertNoScriptErrors(problems);
    });
  } finally {
    await context.close();
  }
}
