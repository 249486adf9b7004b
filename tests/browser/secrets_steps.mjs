// Secrets Variables on the settings page: + adds a name and a value typed
// into a password field; afterwards the value is nowhere in the page, and the
// list shows the name with who created it. A duplicate name shows the API's
// 409 in the dialog. Delete asks first. A secret is not edited: it is deleted
// and added again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { screenshot } from './checks.mjs';

export const SECRET_NAME = 'SLACK_WEBHOOK_URL';
const SECRETS = '/api/v1/orgs/acme/secrets';

// A value no page could show by chance.
function newValue() {
  return `https://hooks.example.com/services/${randomBytes(16).toString('hex')}`;
}

// Where `value` appears in the page: its markup, its text, any control's value.
export function placesOf(page, value) {
  return page.evaluate((v) => {
    const places = [];
    if (document.documentElement.outerHTML.includes(v)) places.push('markup');
    if (document.body.innerText.includes(v)) places.push('text');
    for (const control of document.querySelectorAll('input, textarea, select')) {
      if (control.value.includes(v)) places.push(`value of ${control.name || control.id}`);
    }
    return places;
  }, value);
}

async function listedNames(api) {
  const { secrets } = await api.expect(200, 'GET', SECRETS);
  return secrets.map((s) => s.name);
}

function secretRow(page) {
  return page.getByRole('row', { name: new RegExp(SECRET_NAME) });
}

// Adds SECRET_NAME with `value` through the + dialog and checks that the
// value is gone from the page once the dialog closed.
async function addSecret(page, value) {
  await page.getByRole('button', { name: 'Add secret variable' }).click();
  const dialog = page.getByRole('dialog', { name: 'New secret variable' });
  const valueField = dialog.getByLabel('Value', { exact: true });
  assert.equal(await valueField.getAttribute('type'), 'password');
  await dialog.getByLabel('Name', { exact: true }).fill('slack_webhook_url');
  assert.equal(await dialog.getByLabel('Name', { exact: true }).inputValue(), SECRET_NAME, 'names are capitals');
  await valueField.fill(value);
  // The search finds a value where it is: in the field, while it is typed.
  assert.deepEqual(await placesOf(page, value), ['value of value']);
  await dialog.getByRole('button', { name: 'Add secret variable' }).click();
  await dialog.waitFor({ state: 'detached' });
  await secretRow(page).getByText('by admin').waitFor();
  assert.deepEqual(await placesOf(page, value), [], 'the secret\'s value stays in the page');
}

export async function secretsSteps(env, page, api) {
  const { step } = env;
  const values = [newValue(), newValue(), newValue()];
  env.shared.secretValues = values;

  await step('add a secret variable: the list shows its name, the page never its value', async () => {
    await page.getByText('No secret variables yet').waitFor();
    await addSecret(page, values[0]);
    await secretRow(page).getByText('No channel').waitFor();
    assert.equal(await page.getByRole('button', { name: `Edit ${SECRET_NAME}` }).count(), 0, 'a secret has no edit');
    assert.deepEqual(await listedNames(api), [SECRET_NAME]);
  });

  await step('a duplicate name: the API\'s 409 appears in the dialog', async () => {
    const refused = await api.request('POST', SECRETS, { name: SECRET_NAME, value: 'refused' });
    assert.equal(refused.status, 409);
    await page.getByRole('button', { name: 'Add secret variable' }).click();
    const dialog = page.getByRole('dialog', { name: 'New secret variable' });
    await dialog.getByLabel('Name', { exact: true }).fill(SECRET_NAME);
    await dialog.getByLabel('Value', { exact: true }).fill(values[1]);
    await dialog.getByRole('button', { name: 'Add secret variable' }).click();
    await dialog.getByText(refused.body.error.message).waitFor();
    assert.equal(await dialog.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
    await screenshot(env, page, 'secret-duplicate');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await placesOf(page, values[1]), []);
  });

  await step('delete it with the confirmation, and add it again', async () => {
    await secretRow(page).getByRole('button', { name: `Delete ${SECRET_NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete ${SECRET_NAME}?` });
    await confirm.getByText('This cannot be undone').waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    assert.deepEqual(await listedNames(api), [SECRET_NAME], 'closing the confirmation deletes nothing');
    await secretRow(page).getByRole('button', { name: `Delete ${SECRET_NAME}` }).click();
    await confirm.getByRole('button', { name: 'Delete secret variable' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No secret variables yet').waitFor();
    assert.deepEqual(await listedNames(api), []);
    await addSecret(page, values[2]);
    assert.deepEqual(await listedNames(api), [SECRET_NAME]);
    for (const value of values) assert.deepEqual(await placesOf(page, value), []);
  });
}
