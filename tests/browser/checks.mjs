// Small checks and helpers shared by the walks.
import assert from 'node:assert/strict';
import { join } from 'node:path';

// The application the walks report for.
export const APP = 'checkout-api';

// The top bar's link to `name`.
export function nav(page, name) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
}

// Reports failures of `app` with `apiToken` until one opens an incident
// (whatever the application's rules), up to ten; returns the incident.
export async function failUntilIncident(api, app, apiToken, message) {
  for (let i = 0; i < 10; i += 1) {
    const answer = await api.request('POST', `/api/v1/applications/${app}/failures`, { message }, apiToken);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    if (answer.body.incident) return answer.body.incident;
  }
  throw new Error(`ten failures of ${app} opened no incident`);
}

// A whole token of any kind (prefix, 32 random and 6 checksum characters).
export const TOKEN_PATTERN = /hw[iadpbk]_[0-9A-Za-z]{38}/;

// What the clipboard holds, as the page reads it.
export function readClipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

// Saves the page as <name>.png, without the passing toasts.
export async function screenshot(env, page, name) {
  await page.locator('#toasts').evaluate((region) => region.replaceChildren());
  await page.screenshot({ path: join(env.screenshots, `${name}.png`), fullPage: true });
}

// Fails when the page logged script errors or CSP refusals. Failed fetches
// the API answered with an error status are the pages' business, not errors.
export function assertNoScriptErrors(problems) {
  const real = problems.filter((text) => !text.startsWith('Failed to load resource'));
  assert.deepEqual(real, [], 'the page logged errors');
}
