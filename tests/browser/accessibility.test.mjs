// Every page type, in headless Chromium against the real server: the HTTP
// status it should have, zero axe-core violations (WCAG 2.0, 2.1 and 2.2 A and
// AA), no sideways scrolling at 320 CSS px (Reflow), and a full-page
// screenshot in tests/browser/screenshots/ to look at.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertNoAxeViolations, assertReflows, launchBrowser, newContext, screenshot, signIn } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const Q2 = 'period=2020%2F21-Q2';

/** Follows a form submission and returns the response to the submitted request. */
async function submit(page, button, method = 'POST') {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === method),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

describe('accessibility and screenshots of every page type', { timeout: 600_000 }, () => {
  let server;
  let browser;
  const pages = {}; // a signed-in page per role, and one signed out
  const contexts = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const who of ['anonymous', 'owner', 'officer', 'viewer', 'admin']) {
      const context = await newContext(browser, server.baseURL);
      contexts.push(context);
      const page = await context.newPage();
      if (who !== 'anonymous') await signIn(page, who, server.accounts[who]);
      pages[who] = page;
    }
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  /**
   * One page type: `open` brings the page up and returns the response of its
   * document; the status is checked, the screenshot taken, then axe run.
   */
  function pageType(name, who, status, open, extra) {
    it(`${name} (${who}): HTTP ${status}, no axe violations, reflows at 320 px`, async () => {
      const page = pages[who];
      const response = await open(page);
      assert.ok(response, `no response for ${name}`);
      assert.equal(response.status(), status, `${name}: ${response.url()} answered ${response.status()}`);
      await screenshot(page, name);
      if (extra) await extra(page);
      await assertNoAxeViolations(page, name);
      await assertReflows(page, name);
    });
  }

  pageType('home', 'anonymous', 200, (p) => p.goto('/'));
  pageType('home-signed-in', 'officer', 200, (p) => p.goto('/'));
  pageType('sign-in', 'anonymous', 200, (p) => p.goto('/sign-in'));
  pageType('sign-in-error', 'anonymous', 200, async (p) => {
    await p.goto('/sign-in');
    await p.getByLabel('Username').fill('nobody');
    await p.getByLabel('Password').fill('not the password');
    const response = await submit(p, p.getByRole('button', { name: 'Sign in' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });

  pageType(
    'dashboard',
    'officer',
    200,
    (p) => p.goto('/councils/stevenage'),
    async (p) => {
      // Extra looks, not page types: a phone-width screen and the printed page.
      await p.setViewportSize({ width: 390, height: 844 });
      await screenshot(p, 'dashboard-narrow');
      await p.setViewportSize({ width: 1280, height: 900 });
      await p.emulateMedia({ media: 'print' });
      await screenshot(p, 'dashboard-print');
      await p.emulateMedia({ media: 'screen' });
    },
  );
  pageType('dashboard-filtered', 'officer', 200, async (p) => {
    await p.goto('/councils/stevenage');
    await p.getByLabel('Theme or business unit').selectOption({ label: '– Housing and Investment' });
    await p.getByLabel('Status', { exact: true }).selectOption({ label: 'Red' });
    const response = await submit(p, p.getByRole('button', { name: 'Show' }), 'GET');
    await p.getByRole('table', { name: 'Measures matching the filters' }).waitFor();
    return response;
  });
  pageType('dashboard-print-view', 'officer', 200, async (p) => {
    await p.goto('/councils/stevenage?status=red');
    const response = await submit(p, p.getByRole('link', { name: 'print view' }), 'GET');
    await p.getByText('Showing measures for status Red.').waitFor();
    return response;
  });
  pageType('framework', 'officer', 200, (p) => p.goto('/councils/stevenage/framework'));
  pageType('node', 'officer', 200, (p) => p.goto('/councils/stevenage/nodes/financial-security'));
  pageType('measure', 'officer', 200, (p) => p.goto('/councils/stevenage/measures/BV9'));
  pageType('missing', 'officer', 200, (p) => p.goto('/councils/stevenage/missing'));
  pageType('search-results', 'officer', 200, async (p) => {
    await p.goto('/councils/stevenage/search');
    await p.getByLabel(/^Code, words from the title/).fill('void');
    const response = await submit(p, p.getByRole('button', { name: 'Search' }), 'GET');
    await p.getByRole('heading', { name: /measures found for “void”/ }).waitFor();
    return response;
  });

  pageType('entry-list', 'owner', 200, (p) => p.goto(`/councils/stevenage/entry?${Q2}`));
  pageType('result-form', 'owner', 200, (p) => p.goto(`/councils/stevenage/measures/NI156/result?${Q2}`));
  pageType('result-form-errors', 'owner', 422, async (p) => {
    await p.goto(`/councils/stevenage/measures/NI156/result?${Q2}`);
    await p.getByLabel('Result (count)').fill('160');
    await p.getByLabel('Commentary', { exact: true }).fill('');
    const response = await submit(p, p.getByRole('button', { name: 'Save the result' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });
  pageType('result-form-conflict', 'owner', 409, async (p) => {
    // Two tabs open the same form; the first saves, the second is then stale.
    const other = await p.context().newPage();
    try {
      await other.goto(`/councils/stevenage/measures/BV213/result?${Q2}`);
      await p.goto(`/councils/stevenage/measures/BV213/result?${Q2}`);
      const first = await submit(other, other.getByRole('button', { name: 'Save the result' }));
      assert.equal(first.status(), 303, 'the first save of BV213 should succeed');
    } finally {
      await other.close();
    }
    const response = await submit(p, p.getByRole('button', { name: 'Save the result' }));
    await p.getByRole('heading', { name: 'Someone else saved first' }).waitFor();
    return response;
  });

  pageType('import-form', 'officer', 200, (p) => p.goto('/councils/stevenage/import'));
  pageType('import-problems', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/import');
    const csv = 'measure,period,value\nBV9,2018/19-Q1,sixty\nNOPE,2018/19-Q1,1\n';
    await p.getByLabel('File (CSV or .xlsx)').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByLabel('Check the file only (nothing is written)').check();
    const response = await submit(p, p.getByRole('button', { name: 'Send the file' }));
    await p.getByRole('heading', { name: 'Problems in results.csv' }).waitFor();
    return response;
  });
  pageType('target-form', 'officer', 200, (p) => p.goto('/councils/stevenage/measures/BV9/target'));
  pageType('target-form-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/measures/BV9/target');
    await p.getByLabel('Period').fill('');
    await p.getByLabel('Target').fill('');
    const response = await submit(p, p.getByRole('button', { name: 'Save the target' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });

  // The judgement form sent without a status or a reason comes back with both named.
  pageType('measure-judgement-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/measures/BV9');
    const response = await submit(p, p.getByRole('button', { name: 'Record the judgement' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });
  pageType('measure-edit', 'officer', 200, (p) => p.goto('/councils/stevenage/measures/BV9/edit'));
  pageType('measure-edit-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/measures/BV9/edit');
    await p.getByLabel('Tolerance', { exact: true }).fill('a lot');
    await p.getByLabel('Retired from (optional)').fill('2021/22');
    const response = await submit(p, p.getByRole('button', { name: 'Save the definition' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });

  // Committees and improvement plans.
  pageType('meetings', 'viewer', 200, (p) => p.goto('/councils/stevenage/meetings'));
  pageType('meeting', 'viewer', 200, (p) => p.goto('/councils/stevenage/meetings/1'));
  pageType('action', 'officer', 200, (p) => p.goto('/councils/stevenage/actions/1'));
  pageType('action-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/actions/1');
    await p.getByLabel('Add an update').fill('');
    const response = await submit(p, p.getByRole('button', { name: 'Save the update' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });
  pageType('actions-mine', 'owner', 200, (p) => p.goto('/councils/stevenage/actions/mine'));
  pageType('improvement-plans', 'officer', 200, (p) => p.goto(`/councils/stevenage/improvement-plans?${Q2}`));
  pageType('improvement-plan', 'officer', 200, (p) => p.goto(`/councils/stevenage/improvement-plans/BV66a?${Q2}`));
  pageType('audit', 'admin', 200, (p) => p.goto('/audit'));
  pageType('reminders', 'officer', 200, (p) => p.goto('/councils/stevenage/reminders'));
  pageType('not-found', 'officer', 404, (p) => p.goto('/councils/stevenage/measures/NOPE'));
  pageType('forbidden', 'viewer', 403, (p) => p.goto(`/councils/stevenage/measures/NI156/result?${Q2}`));
  pageType('epping-forest-dashboard', 'admin', 200, (p) => p.goto('/councils/epping-forest'));

  // Report drafts: the draft with its narrative forms, and the report settings.
  pageType('report-draft', 'officer', 200, (p) => p.goto(`/councils/stevenage/report-draft?kind=quarterly&${Q2}`));
  pageType('report-settings', 'officer', 200, (p) => p.goto('/councils/stevenage/report-settings'));
  pageType('report-settings-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/report-settings');
    await p.getByLabel('Contact email').fill('performance.example');
    const response = await submit(p, p.getByRole('button', { name: 'Save the report settings' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });

  // The public site: what a council has published, for anyone (the demo
  // publishes Example Borough's 2026/27 Q1 as it loads).
  pageType('published', 'anonymous', 200, (p) => p.goto('/published/example-borough'));
  pageType('published-measure', 'anonymous', 200, (p) => p.goto('/published/example-borough/measures/EB-CS02'));
  pageType('published-measure-compared', 'anonymous', 200, (p) =>
    p.goto('/published/example-borough/measures/EB-CT01'));
  pageType('published-reports', 'anonymous', 200, (p) => p.goto('/councils/example-borough/reports'));
  pageType('published-nothing', 'anonymous', 404, (p) => p.goto('/published/epping-forest'));
  pageType('accessibility-statement', 'anonymous', 200, (p) => p.goto('/accessibility'));

  it('the public site works without JavaScript: home, a council, a measure, the open data', async () => {
    const context = await newContext(browser, server.baseURL, { javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Example Borough Council: published performance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Published performance' }).waitFor();
    await page.getByRole('link', { name: /^EB-CS02/ }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.match(await page.locator('h1').innerText(), /abandoned/i);
    assert.equal(await page.locator('svg.outturn-spc-chart').count(), 1, 'the multi-year chart');
    await page.getByRole('heading', { name: 'Every published figure' }).waitFor();
    const csv = await page.request.get(await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /^measure_code,measure_title,/);
    // (axe runs as a script in the page, so it ran on these pages above, with JavaScript.)
  });

  // Collection rounds, sign-off and published reports (last: they open a round).
  pageType('rounds', 'officer', 200, (p) => p.goto('/councils/stevenage/rounds'));
  pageType('round-none', 'officer', 200, (p) => p.goto('/councils/stevenage/rounds/2019%2F20-Q1'));
  pageType('round-none-viewer', 'viewer', 200, (p) => p.goto('/councils/stevenage/rounds/2019%2F20-Q1'));
  pageType('rounds-date-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/rounds');
    await p.getByLabel('Period').fill('2020/21-Q2');
    await p.getByLabel('Results due by').fill('16/10/99');
    await p.getByLabel('Sign-off by').fill('31 September 2099');
    const response = await submit(p, p.getByRole('button', { name: 'Open the round' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });
  pageType('rounds-errors', 'officer', 422, async (p) => {
    await p.goto('/councils/stevenage/rounds');
    await p.getByLabel('Period').fill('2020/21-Q2');
    await p.getByLabel('Results due by').fill('2099-10-16');
    await p.getByLabel('Sign-off by').fill('2099-10-01');
    const response = await submit(p, p.getByRole('button', { name: 'Open the round' }));
    await p.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    return response;
  });
  pageType('round-status', 'officer', 200, async (p) => {
    await p.goto('/councils/stevenage/rounds');
    await p.getByLabel('Period').fill('2020/21-Q2');
    await p.getByLabel('Results due by').fill('2099-10-16');
    await p.getByLabel('Sign-off by').fill('2099-10-23');
    await submit(p, p.getByRole('button', { name: 'Open the round' }));
    return p.goto('/councils/stevenage/rounds/2020%2F21-Q2');
  });
  pageType('round-mine', 'owner', 200, (p) => p.goto('/councils/stevenage/rounds/2020%2F21-Q2/mine'));
  pageType('round-status-viewer', 'viewer', 200, (p) => p.goto('/councils/stevenage/rounds/2020%2F21-Q2'));
  pageType('reports', 'officer', 200, (p) => p.goto('/councils/stevenage/reports'));
  pageType('report-published', 'officer', 200, async (p) => {
    await p.goto('/councils/stevenage/reports');
    await p.getByLabel('Period').fill('2020/21-Q2');
    await p.getByLabel('Committee').fill('Executive');
    await p.getByLabel('Meeting date').fill('2020-11-11');
    await p.getByLabel('Reason for publishing with items still open').fill('Units sign off at the meeting');
    await submit(p, p.getByRole('button', { name: 'Publish and lock the period' }));
    // The demo published a report of its own as it loaded: find this one by its title.
    await p.goto('/councils/stevenage/reports');
    const link = p.getByRole('link', { name: /Quarterly report, July to September 2020/ }).first();
    return p.goto(await link.getAttribute('href'));
  });
});
