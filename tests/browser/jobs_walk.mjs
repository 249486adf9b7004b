// Jobs: a credential's edit dialog shows its ping key with a sample crontab
// line; a run reported through the ping URL (start, exit code and output)
// shows in the application's events with its exit code and duration, and its
// output folded until asked for, as text (never markup); a log message shows
// apart.
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD } from './server.mjs';
import { screenshot, assertNoScriptErrors, readClipboard } from './checks.mjs';

const JOB_APP = 'nightly-backup';
const OUTPUT = '<b id="injected">tar</b>: disk full\n';

// GET or POST `url` as a cron line's curl would; fails unless it is 200 "OK".
async function ping(url, body) {
  const answer = await fetch(url, body === undefined ? {} : { method: 'POST', body });
  assert.equal(answer.status, 200, url.replace(/hwk_[0-9A-Za-z]+/, 'hwk_…'));
  assert.equal(await answer.text(), 'OK');
}

export async function jobsWalk(env) {
  const { step, server } = env;
  const api = env.shared.api;
  let pingKey;
  await step('set up a job reporting with a credential of its own', async () => {
    await api.expect(201, 'POST', '/api/v1/orgs', { name: 'Jobs', slug: 'jobs' });
    await api.expect(201, 'POST', '/api/v1/orgs/jobs/products', { name: 'Batch' });
    const credential = await api.expect(201, 'POST', '/api/v1/orgs/jobs/integration-tokens',
      { type: 'hits_failure', name: 'cron' });
    pingKey = credential.ping_key;
    assert.match(pingKey, /^hwk_[0-9A-Za-z]{38}$/);
    await api.expect(201, 'POST', '/api/v1/orgs/jobs/applications', {
      product: 'batch', name: 'Nightly Backup', slug: JOB_APP, hits_failure_credential: credential.id,
    });
  });

  const { context, page, problems } = await env.newPage();
  await step('the edit dialog shows the ping key and a crontab line that pings', async () => {
    await page.goto('/orgs/jobs/settings');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Edit cron' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit cron' });
    assert.equal(await dialog.getByLabel('Ping key', { exact: true }).inputValue(), pingKey);
    const line = await dialog.getByLabel('Sample crontab line', { exact: true }).textContent();
    assert.ok(line.includes('curl -fsS -m 10 --retry 5'), line);
    assert.ok(line.includes(`/ping/${pingKey}/${JOB_APP}`), 'the line pings the application with the key');
    await dialog.getByText('keep ping URLs as secret as the token').waitFor();
    await dialog.getByRole('button', { name: 'Copy crontab line' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor();
    assert.equal(await readClipboard(page), line);
    await screenshot(env, page, 'integration-token-ping-key');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  await step('a run through the ping URL shows its exit code, duration and output as text', async () => {
    const url = `${server.url}/ping/${pingKey}/${JOB_APP}`;
    await ping(`${url}/start?rid=night-1`);
    await ping(`${url}/log`, 'rotated 3 archives');
    await ping(`${url}/3?rid=night-1`, OUTPUT);
    await page.goto(`/orgs/jobs/applications/${JOB_APP}`);
    const card = page.getByRole('region', { name: 'Events' });
    const failures = card.getByRole('list', { name: 'Recent failures' });
    const failure = failures.getByRole('listitem').first();
    await failure.getByText('exit code 3').waitFor();
    await failure.getByText(/^ran /).waitFor();
    // The output is folded until asked for.
    const output = failure.locator('details');
    assert.equal(await output.getAttribute('open'), null);
    assert.equal(await output.locator('pre').isVisible(), false);
    await output.getByText('Output', { exact: true }).click();
    await output.locator('pre').waitFor();
    assert.equal(await output.locator('pre').textContent(), OUTPUT);
    assert.equal(await page.locator('#injected').count(), 0, 'the output is text, never markup');
    await screenshot(env, page, 'job-run-output');
    await card.getByRole('button', { name: 'Logs', exact: true }).click();
    const logs = card.getByRole('list', { name: 'Recent log messages' });
    await logs.getByText('Log', { exact: true }).waitFor();
    await logs.getByText('Output', { exact: true }).click();
    await logs.getByText('rotated 3 archives').waitFor();
    assert.equal(await logs.getByRole('listitem').count(), 1);
    assertNoScriptErrors(problems);
  });
  await context.close();
}
