// Browser tests of the web UI: Chromium (Debian's /usr/bin/chromium) driven
// by playwright-core walks the seed's flows against the real binary, started
// on port 0 with its own data directory. Saves a screenshot of each main page
// in --screenshots. Exits non-zero when any step fails.
//
//   node tests/browser/run.mjs --binary build/hookwarden --screenshots build/screenshots
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { seedWalk } from './seed_walk.mjs';
import { memberView } from './member_view.mjs';
import { shortRetention } from './short_retention.mjs';
import { apiPage } from './api_page.mjs';
import { listsWalk } from './lists_walk.mjs';
import { phoneWalk } from './phone_walk.mjs';
import { channelsWalk } from './channels_walk.mjs';
import { firstHourWalk } from './first_hour_walk.mjs';
import { statusPageWalk } from './status_page_walk.mjs';
import { sloWalk } from './slo_walk.mjs';
import { jobsWalk } from './jobs_walk.mjs';

const { values: args } = parseArgs({
  options: {
    binary: { type: 'string' },
    screenshots: { type: 'string', default: 'build/screenshots' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (!args.binary) {
  console.error('usage: run.mjs --binary PATH [--screenshots DIR] [--chromium PATH]');
  process.exit(2);
}
mkdirSync(args.screenshots, { recursive: true });

const started = Date.now();
// Loopback targets for the channels walk's receiver; quick retries.
// Quick SLO checks for the SLO walk's burn-rate rules.
const server = await startServer(args.binary, ['--allow-private-targets', '--delivery-retry-base-ms', '500', '--slo-check-ms', '500']);
const browser = await chromium.launch({ executablePath: args.chromium, chromiumSandbox: false });
let failed = false;

// Runs one named step; the first failure ends the walk it belongs to.
async function step(name, fn) {
  const t0 = Date.now();
  try {
    const value = await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    return value;
  } catch (error) {
    console.log(`FAIL ${name} (${Date.now() - t0} ms)`);
    throw error;
  }
}

// A page in a context of its own, on `baseURL` (the walks' server by default);
// `options` are more of the context's options (viewport, colorScheme, ...).
async function newPage(baseURL = server.url, options = {}) {
  const context = await browser.newContext({
    baseURL,
    permissions: ['clipboard-read', 'clipboard-write'],
    viewport: { width: 1360, height: 900 },
    ...options,
  });
  // Generous, for a busy machine: every wait is for something to appear.
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems };
}

// Each walk starts from what the ones before it left: after a failure the
// rest would only wait for what never came.
const env = {
  server, step, newPage, binary: args.binary, screenshots: args.screenshots, shared: {},
};
const walks = [['seed walk', seedWalk], ['member view', memberView], ['first hour', firstHourWalk], ['whole lists', listsWalk],
  ['phone', phoneWalk], ['notification channels', channelsWalk], ['status page', statusPageWalk],
  ['jobs', jobsWalk], ['short retention', shortRetention],
  ['API reference', apiPage], ['SLO and maintenance', sloWalk]];
for (const [name, walk] of walks) {
  console.log(`# ${name}`);
  try {
    await walk(env);
  } catch (error) {
    failed = true;
    console.error(error);
    break;
  }
}
await browser.close();
if (failed) console.error(`server log:\n${server.log()}`);
await server.stop();
console.log(`${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
