// The application page's reliability figures and incident rules, checked
// against the API: each period's figures are GET .../metrics for the window
// the page shows, and a saved rule is what the API then answers.
import assert from 'node:assert/strict';
import { APP, nav } from './checks.mjs';

const APPLICATION = `/api/v1/orgs/acme/applications/${APP}`;
const HOUR = 3600 * 1000;
const PERIODS = [
  { label: '24 h', name: '24 hours', length: 24 * HOUR, step: 'hour' },
  { label: '7 d', name: '7 days', length: 7 * 24 * HOUR, step: 'hour' },
  { label: '30 d', name: '30 days', length: 30 * 24 * HOUR, step: 'day' },
];

// A ratio as the page shows it: a percentage with at most two decimals.
const percent = (ratio) => `${Number((ratio * 100).toFixed(2))} %`;

// What the Reliability card shows, read at once so that a refresh between
// two reads cannot mix two answers.
function readCard(card) {
  return card.evaluate((el) => {
    const times = [...el.querySelectorAll('.window-line time')].map((t) => t.getAttribute('datetime'));
    const figures = {};
    for (const figure of el.querySelectorAll('.figure')) {
      const dd = figure.querySelector('dd');
      figures[figure.querySelector('dt').textContent] = {
        value: dd.firstChild.textContent, detail: dd.querySelector('.figure-detail')?.textContent,
      };
    }
    return {
      from: times[0], to: times[1], figures,
      bars: el.querySelectorAll('svg g.bucket').length,
      failedBars: el.querySelectorAll('svg g.bucket .bar-failed').length,
      shaded: el.querySelectorAll('svg .incident-shade').length,
      legend: [...el.querySelectorAll('.legend li')].map((li) => li.textContent),
    };
  });
}

// Reports hits and failures (a failure opens an incident, the next hit
// resolves it) so that every figure has something to count.
async function reportSome(api, apiToken) {
  const reports = [['hits', { latency_ms: 40 }], ['hits', { latency_ms: 60 }],
    ['failures', { message: 'gateway answered 502' }], ['hits', { latency_ms: 50 }]];
  for (const [kind, body] of reports) {
    const answer = await api.request('POST', `/api/v1/applications/${APP}/${kind}`, body, apiToken);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }
}

// After one failure reported and resolved by hand: three hits, a failure.
export async function figuresStep(env, page, api, apiToken) {
  await env.step('the 24 h, 7 d and 30 d figures are the API\'s for the window shown', async () => {
    await reportSome(api, apiToken);
    await nav(page, 'Products').click();
    await page.getByRole('link', { name: 'Checkout API' }).click();
    const card = page.getByRole('region', { name: 'Reliability' });
    for (const period of PERIODS) {
      await card.getByRole('button', { name: period.label }).click();
      await card.getByText(new RegExp(`^Last ${period.name}:`)).waitFor();
      const shown = await readCard(card);
      assert.equal(Date.parse(shown.to) - Date.parse(shown.from), period.length, `${period.label}: the window's length`);
      const query = new URLSearchParams({ from: shown.from, to: shown.to, step: period.step });
      const m = await api.expect(200, 'GET', `${APPLICATION}/metrics?${query}`);
      // The window holds every report so far, those of the current minute too.
      assert.deepEqual([m.hits, m.failures, m.outages], [3, 2, 2], `${period.label}: what the API counted`);
      assert.deepEqual(shown.figures.Availability, {
        value: percent(m.availability), detail: `${m.hits} hits · ${m.failures} failures`,
      }, period.label);
      assert.equal(shown.figures.Uptime.value, `${Number(m.uptime_percent.toFixed(3))} %`, period.label);
      assert.match(shown.figures.Uptime.detail, new RegExp(`· ${m.outages} outages$`), period.label);
      assert.equal(shown.bars, m.series.length, `${period.label}: one bar per ${period.step}`);
      const failing = m.series.filter((b) => b.availability !== null && b.availability < 1).length;
      assert.ok(failing > 0 && shown.failedBars === failing, `${period.label}: each bucket with failures shows its failed share in red`);
      assert.equal(shown.shaded, 2, `${period.label}: both incidents are shaded`);
      assert.deepEqual(shown.legend, ['Available', 'Failed share', 'No reports', 'Incident', 'Deploy']);
    }
    await card.getByRole('button', { name: '24 h' }).click();
    await card.getByText(/^Last 24 hours:/).waitFor();
  });
}

// The chart's bars and marks as drawn: for each bucket its bars' classes
// and heights, and the deploy marks' titles.
function readChart(card) {
  return card.evaluate((el) => ({
    times: [...el.querySelectorAll('.window-line time')].map((t) => t.getAttribute('datetime')),
    buckets: [...el.querySelectorAll('svg g.bucket')].map((g) => [...g.querySelectorAll('rect')]
      .map((r) => [r.getAttribute('class'), Number(r.getAttribute('height'))])),
    height: el.querySelector('svg').viewBox.baseVal.height,
    marks: [...el.querySelectorAll('svg g.deploy-mark title')].map((t) => t.textContent),
  }));
}

// After the deploy step: the deploy is marked on the 24 h chart; then an
// hour with nothing but a failure is drawn as a full-height red bar.
export async function chartMarksStep(env, page, api, apiToken) {
  await env.step('the chart marks the deploy and draws an hour at 0 % as a full red bar', async () => {
    const card = page.getByRole('region', { name: 'Reliability' });
    await card.locator('svg g.deploy-mark').first().waitFor({ state: 'attached' });
    const { deploys } = await api.expect(200, 'GET', `${APPLICATION}/deploys`);
    const shown = await readChart(card);
    assert.equal(shown.marks.length, deploys.length, 'one mark per deploy');
    assert.match(shown.marks[0], new RegExp(`^Deploy ${deploys[0].version} \\(${deploys[0].status}\\)`));

    // A failure three hours back, alone in its hour.
    const at = new Date(Date.now() - 3 * HOUR).toISOString();
    const answer = await api.request('POST', `/api/v1/applications/${APP}/failures`, { message: 'nightly job failed', timestamp: at }, apiToken);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    // The card refreshes by itself; the bucket the API puts at 0 % is then a
    // failed bar from the top of the axis to its bottom, with nothing
    // available below it.
    await card.locator('svg g.bucket title').filter({ hasText: '(0 hits, 1 failure)' }).waitFor({ state: 'attached' });
    const drawn = await readChart(card);
    const query = new URLSearchParams({ from: drawn.times[0], to: drawn.times[1], step: 'hour' });
    const m = await api.expect(200, 'GET', `${APPLICATION}/metrics?${query}`);
    const zero = m.series.findIndex((b) => b.availability === 0);
    assert.ok(zero >= 0, `no bucket at 0 %: ${JSON.stringify(m.series)}`);
    assert.equal(drawn.buckets.length, m.series.length);
    assert.deepEqual(drawn.buckets[zero], [['bar bar-failed', drawn.height]], 'a full-height failed bar, nothing available');
  });
}

export async function rulesStep(env, page, api) {
  await env.step('save the incident rules: the API answers the new value', async () => {
    const rules = page.getByRole('region', { name: 'Incident rules' });
    const failures = rules.getByLabel('Consecutive failures that open an incident');
    assert.equal(await failures.inputValue(), '1');
    await failures.fill('3');
    await rules.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Incident rules saved.').waitFor();
    const app = await api.expect(200, 'GET', APPLICATION);
    assert.equal(app.failures_to_open, 3);
    assert.equal(app.hits_to_close, 1, 'the other rules stay as they were');
    assert.equal(await failures.inputValue(), '3', 'the form shows the saved value');
  });
  await env.step('give the application a cron schedule: the page shows when the next run is due', async () => {
    const rules = page.getByRole('region', { name: 'Incident rules' });
    await rules.getByLabel('Schedule', { exact: true }).selectOption('cron');
    await rules.getByLabel('Cron expression').fill('30 2 * * 1-5');
    await rules.getByLabel('Time zone').fill('Europe/Berlin');
    await rules.getByLabel('Grace (seconds)').fill('900');
    await rules.getByRole('button', { name: 'Save rules' }).click();
    // The page shows the schedule once saved (a toast of the previous save
    // may still be up, so the line is what to wait for).
    const line = page.locator('.schedule-line');
    await line.getByText('30 2 * * 1-5 (Europe/Berlin)').waitFor();
    const app = await api.expect(200, 'GET', APPLICATION);
    assert.deepEqual(app.schedule, { cron: '30 2 * * 1-5', timezone: 'Europe/Berlin' });
    assert.equal(app.grace_seconds, 900);
    if (app.incident) {
      // The walk's failures keep an incident open: the watch waits for it.
      assert.equal(app.next_due_at, null, 'no run is due while its incident is open');
      await line.getByText('after the open incident').waitFor();
    } else {
      assert.ok(app.next_due_at, 'the API says when the next run is due');
      await line.locator(`time[datetime="${app.next_due_at}"]`).waitFor();
    }
    // A bad expression is refused, naming the field, and changes nothing.
    await rules.getByLabel('Cron expression').fill('30 25 * * *');
    await rules.getByRole('button', { name: 'Save rules' }).click();
    await rules.getByText(/schedule\.cron|hour field/).waitFor();
    const after = await api.expect(200, 'GET', APPLICATION);
    assert.equal(after.schedule.cron, '30 2 * * 1-5');
    // Back to none, as the other walks expect.
    await rules.getByLabel('Schedule', { exact: true }).selectOption('none');
    await rules.getByRole('button', { name: 'Save rules' }).click();
    await line.waitFor({ state: 'detached' });
    assert.equal((await api.expect(200, 'GET', APPLICATION)).schedule, null);
  });
}
