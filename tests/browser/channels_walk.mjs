// Notification channels: a channel to a local receiver is created in the
// dialog, its test send shows the receiver's answer, an incident's page
// shows what the channel was sent about it, its deliveries list
// every attempt; pointed at a port nobody listens on, it fails and is marked
// failing in the list and in the top bar, which both follow a channel that
// starts failing without a reload.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { ADMIN_PASSWORD } from './server.mjs';
import {
  APP, nav, screenshot, assertNoScriptErrors, failUntilIncident,
} from './checks.mjs';
import { ApiClient } from './api_client.mjs';

// A receiver on 127.0.0.1 that answers 200 "thanks" and counts requests.
async function startReceiver() {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('thanks');
    });
  });
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => { server.close(r); }) };
}

// A loopback port with nobody listening.
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const { port } = server.address();
  await new Promise((resolve) => { server.close(resolve); });
  return port;
}

export async function channelsWalk(env) {
  const { step } = env;
  const receiver = await startReceiver();
  const { context, page, problems } = await env.newPage();
  let sent = 0;  // The deliveries of the On-call pager.
  try {
    await step('create a channel in the dialog: its signing secret is shown once', async () => {
      await page.goto('/orgs/acme/settings');
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'Notification channels' }).click();
      await page.getByText('No notification channels yet').waitFor();
      await page.getByRole('button', { name: 'Add notification channel' }).click();
      const dialog = page.getByRole('dialog', { name: 'New notification channel' });
      await dialog.getByLabel('Name', { exact: true }).fill('On-call pager');
      await dialog.getByLabel('URL').fill(`${receiver.url}/hook`);
      await dialog.getByLabel('deploy.created').check();
      await dialog.getByLabel('Headers').fill('X-Team: payments');
      await dialog.getByLabel('Group window (seconds)').fill('0');
      await screenshot(env, page, 'channel-new');
      await dialog.getByRole('button', { name: 'Create channel' }).click();
      const ready = page.getByRole('dialog', { name: 'On-call pager is ready' });
      assert.match(await ready.getByLabel('Signing secret', { exact: true }).inputValue(), /^hws_/);
      await ready.getByRole('button', { name: 'Done' }).click();
      const row = page.getByRole('row', { name: /On-call pager/ });
      await row.getByText('No deliveries yet').waitFor();
    });

    await step('a test send shows the receiver\'s answer; the channel is healthy', async () => {
      const row = page.getByRole('row', { name: /On-call pager/ });
      await row.getByRole('button', { name: 'Send test' }).click();
      await page.getByRole('status').filter({ hasText: 'Test: Delivered: HTTP 200' }).getByText('thanks').waitFor();
      assert.equal(receiver.requests.length, 1);
      assert.equal(receiver.requests[0].headers['x-team'], 'payments');
      assert.equal(JSON.parse(receiver.requests[0].body).type, 'test');
      await row.getByText('Healthy').waitFor();
      sent += 1;
      await screenshot(env, page, 'channels');
    });

    await step('an incident\'s page shows the notification the channel was sent about it', async () => {
      const { api, apiToken } = env.shared;
      // Failures open a new incident once none is open.
      const open = await api.expect(200, 'GET', `/api/v1/orgs/acme/incidents?application=${APP}&status=open`);
      for (const i of open.items) await api.expect(200, 'POST', `/api/v1/orgs/acme/incidents/${i.id}/resolve`);
      sent += open.items.length;
      const incident = await failUntilIncident(api, APP, apiToken, 'card processor down');
      await page.goto(`/orgs/acme/incidents/${incident.id}`);
      const card = page.getByRole('region', { name: 'Notifications' });
      const notice = card.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'incident.opened' });
      await notice.getByRole('link', { name: 'On-call pager' }).waitFor();
      await notice.getByText('Delivered: HTTP 200').waitFor();
      const opened = receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'incident.opened');
      assert.deepEqual(opened.map((b) => b.data.incident.id), [incident.id]);
      sent += 1;
      await screenshot(env, page, 'incident-notifications');
      await page.goto('/orgs/acme/settings/channels');
      await page.getByRole('row', { name: /On-call pager/ }).waitFor();
    });

    await step('pointed at a closed port it fails: marked in the list and the top bar, attempts listed', async () => {
      const port = await closedPort();
      await page.getByRole('button', { name: 'Edit On-call pager' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit On-call pager' });
      await dialog.getByLabel('URL').fill(`http://127.0.0.1:${port}/hook`);
      await dialog.getByRole('button', { name: 'Save channel' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row', { name: /On-call pager/ });
      await row.getByRole('button', { name: 'Send test' }).click();
      await page.getByRole('status').filter({ hasText: /Test: (Retrying|Failed)/ }).waitFor();
      await row.getByText('Failing').waitFor();
      await page.getByText('One channel is failing: On-call pager.').waitFor();
      await nav(page, 'Products').click();
      await page.getByRole('link', { name: '1 channel failing' }).click();
      await page.getByRole('heading', { name: 'Notification channels' }).waitFor();
      await page.getByRole('link', { name: 'On-call pager' }).click();
      await page.getByRole('heading', { name: 'On-call pager' }).waitFor();
      sent += 1;
      await page.getByRole('status', { name: `Deliveries: ${sent} deliveries` }).waitFor();
      const newest = page.getByRole('list', { name: 'Deliveries' }).getByRole('listitem').first();
      await newest.locator('summary').click();
      await newest.getByRole('list', { name: 'Attempts' }).getByText('No answer').first().waitFor();
      const oldest = page.getByRole('list', { name: 'Deliveries' }).getByRole('listitem').last();
      await oldest.locator('summary').click();
      await oldest.getByText('HTTP 200').waitFor();
      await screenshot(env, page, 'channel-deliveries');
    });

    await step('a channel that starts failing is marked in the list and the top bar without a reload', async () => {
      await page.getByRole('link', { name: 'Notification channels' }).first().click();
      const list = page.getByRole('table');
      await list.getByRole('row', { name: /On-call pager/ }).getByText('Failing').waitFor();
      await page.getByRole('link', { name: '1 channel failing' }).waitFor();
      // Outside the page: another channel, to a closed port, and its test.
      const api = new ApiClient(env.server.url);
      await api.login('admin', ADMIN_PASSWORD);
      const port = await closedPort();
      const backup = await api.expect(201, 'POST', '/api/v1/orgs/acme/channels', {
        name: 'Backup pager', url: `http://127.0.0.1:${port}/hook`, events: ['deploy.created'],
      });
      await api.expect(202, 'POST', `/api/v1/orgs/acme/channels/${backup.id}/test`);
      const loads = [];
      page.on('load', () => loads.push(page.url()));
      await list.getByRole('row', { name: /Backup pager/ }).getByText('Failing').waitFor();
      await page.getByText('2 channels are failing: Backup pager, On-call pager.').waitFor();
      await page.getByRole('link', { name: '2 channels failing' }).waitFor();
      // Away from the list, the top bar follows by itself too.
      await nav(page, 'Products').click();
      await api.expect(204, 'DELETE', `/api/v1/orgs/acme/channels/${backup.id}`);
      await page.getByRole('link', { name: '1 channel failing' }).waitFor();
      assert.deepEqual(loads, [], 'the page was reloaded');
    });
  } finally {
    await receiver.close();
  }
  await context.close();
  assertNoScriptErrors(problems);
}
