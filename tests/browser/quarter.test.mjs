// Stevenage's next quarter (2020/21-Q3) run end to end in headless Chromium
// against the real server, as crates/web/tests/quarter_journey.rs does in
// process: the officer opens the round (dates typed UK-style); the Housing
// owner fills the entry grid (two figures, one measure Missing with a
// reason); the officer's targets file turns NI156 Red, so the unit cannot be
// submitted until the owner writes commentary; the director signs it off; the
// round closes and the dashboard opens on the new quarter; publishing is
// refused with the checklist, then done with a reason; the public reads the
// report without signing in. The dashboard's counts are checked at each step.
// Run with and without JavaScript.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { assertNoAxeViolations, assertReflows, launchBrowser, newContext, screenshot, signIn, signOut } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const LANDING = '/councils/stevenage';
const PERIOD = '2020/21-Q3';
const WORDS = 'October to December 2020';
const BEFORE = 'July to September 2020';
const DASHBOARD = `${LANDING}?period=2020%2F21-Q3`;
const ROUND = `${LANDING}/rounds/2020%2F21-Q3`;
const UNITS = 'Completeness and sign-off by business unit';
const MISSING_REASON = 'Survey postponed: no face-to-face visits';
const COMMENTARY = 'Everyone In placements continue; move-on plans agreed with partners';
const TARGETS = `measure,period,target,effective,reason,author,recorded_at\nNI156,${PERIOD},100,2020-10-01,Profile,Performance team,\n`;
const COLUMNS = { awaiting: 'Awaiting', noTarget: 'No target', green: 'Green', amber: 'Amber', red: 'Red', missing: 'Missing data' };

/**
 * Clicks a form's submit button, waits for the page it leads to (after any
 * redirect) and returns the HTTP status of the POST itself.
 */
async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/** The page's level 1 heading, whitespace collapsed. */
async function h1(page) {
  return (await page.getByRole('heading', { level: 1 }).innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * The dashboard for the quarter: the "Status of measures by theme" table's
 * columns summed over its rows (a column the table does not show counts 0).
 */
async function counts(page) {
  await page.goto(DASHBOARD);
  assert.equal(await h1(page), `Performance, ${WORDS} (${PERIOD})`);
  await assertReflows(page, 'dashboard Q3');
  const table = page.getByRole('table', { name: 'Status of measures by theme' });
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const rows = await table.locator('tbody tr').all();
  assert.ok(rows.length > 0, 'the theme table has no rows');
  const sums = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, 0]));
  for (const row of rows) {
    const cells = (await row.locator('th, td').allInnerTexts()).map((c) => c.trim());
    for (const [key, name] of Object.entries(COLUMNS)) {
      const at = headers.indexOf(name);
      if (at === -1) continue;
      assert.match(cells[at], /^\d+$/, `${name} in "${cells[0]}" is not a count`);
      sums[key] += Number(cells[at]);
    }
  }
  sums.total = Object.keys(COLUMNS).reduce((n, k) => n + sums[k], 0);
  return sums;
}

/** The heading the council's landing page opens on. */
async function landing(page, who) {
  await page.goto(LANDING);
  await assertReflows(page, `landing (${who})`);
  return h1(page);
}

/** The text of the round page's row for a business unit. */
async function unitRow(page, name) {
  const row = page.getByRole('table', { name: UNITS }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  return (await row.innerText()).replace(/\s+/g, ' ');
}

/** The owner's grid for Q3, reached from "Enter results" and the next-period link. */
async function openGrid(page) {
  await page.goto(LANDING);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Enter results' }).click();
  await page.getByRole('heading', { level: 1, name: `Your measures, ${BEFORE}` }).waitFor();
  await page.getByRole('link', { name: `Next period (${PERIOD})` }).click();
  await page.getByRole('heading', { level: 1, name: `Your measures, ${WORDS}` }).waitFor();
  await assertReflows(page, 'entry grid');
}

const figure = (page, code) => page.getByRole('textbox', { name: new RegExp(`^Figure( \\(year to date\\))? for ${code}$`) });

/** Fills the publish form on the Reports page. */
async function fillPublishForm(page) {
  await page.getByLabel('Quarterly performance report').check();
  await page.getByLabel('Period', { exact: true }).fill(PERIOD);
  await page.getByLabel('Committee').fill('Executive');
  await page.getByLabel('Meeting date').fill('10/02/2021');
}

/** A downloaded HTML file's text, tags stripped and whitespace collapsed. */
function htmlText(html) {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function quarter({ javaScriptEnabled }) {
  const label = javaScriptEnabled ? 'js' : 'nojs';
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
    const context = await newContext(browser, server.baseURL, { javaScriptEnabled });
    const page = await context.newPage();
    const as = async (who) => {
      if (await page.getByRole('button', { name: 'Sign out' }).isVisible()) await signOut(page);
      await signIn(page, who, server.accounts[who]);
    };

    // 1. The officer opens the round from the menu; everything is awaited and nobody moves yet.
    await as('officer');
    await page.goto(LANDING);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Rounds' }).click();
    await assertReflows(page, 'rounds');
    await page.getByLabel('Period').fill(PERIOD);
    await page.getByLabel('Results due by').fill('31/12/2099');
    await page.getByLabel('Sign-off by').fill('7 January 2100');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Open the round' })), 303);
    assert.equal(await h1(page), `${WORDS} (${PERIOD})`);
    assert.match(await page.locator('main dl').innerText(), /31 December 2099[\s\S]*7 January 2100/);
    await assertReflows(page, 'round opened');
    const opened = await counts(page);
    const due = opened.total;
    assert.ok(due > 3, `too few measures due: ${JSON.stringify(opened)}`);
    assert.deepEqual(opened, { awaiting: due, noTarget: 0, green: 0, amber: 0, red: 0, missing: 0, total: due });
    assert.equal(await landing(page, 'officer'), `Performance, ${BEFORE} (2020/21-Q2)`, 'an open round moves nobody');

    // 2. The owner's grid: two figures with no target yet, ECHFL5 Missing with a reason.
    await as('owner');
    await openGrid(page);
    if (javaScriptEnabled) await assertNoAxeViolations(page, `quarter-${label}-grid`);
    await figure(page, 'NI156').fill('150');
    await figure(page, 'BV213').fill('30');
    await page.getByRole('textbox', { name: 'Or why it is missing for ECHFL5' }).fill(MISSING_REASON);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save results' })), 303);
    assert.match(page.url(), /[?&]saved=3$/);
    await page.getByText('3 results recorded').waitFor();
    await screenshot(page, `quarter-${label}-grid`);
    await assertReflows(page, 'entry grid saved');
    const entered = await counts(page);
    assert.deepEqual([entered.noTarget, entered.missing, entered.awaiting, entered.red], [2, 1, due - 3, 0], JSON.stringify(entered));

    // 3. The officer's targets file turns NI156 Red: commentary is owed.
    await as('officer');
    await page.goto(`${LANDING}/import`);
    await assertReflows(page, 'import');
    await page.getByLabel('File (CSV or .xlsx)').setInputFiles({ name: 'targets.csv', mimeType: 'text/csv', buffer: Buffer.from(TARGETS) });
    await page.getByLabel('Check and import').check();
    assert.equal(await submit(page, page.getByRole('button', { name: 'Send the file' })), 200);
    assert.equal((await page.getByRole('status').innerText()).trim(), 'Imported');
    assert.match((await page.locator('main dl').innerText()).replace(/\s+/g, ' '), /targets\.csv: 1 targets rows Added 1 /);
    const owed = page.getByRole('heading', { name: 'Commentary needed' }).locator('xpath=following-sibling::ul[1]').getByRole('listitem');
    assert.deepEqual(await owed.allInnerTexts(), [`NI156 Number of households in temporary/emergency accommodation at end of quarter (${PERIOD}, Red), Housing and Investment`]);
    await assertReflows(page, 'import result');
    if (javaScriptEnabled) await assertNoAxeViolations(page, `quarter-${label}-import-result`);
    const targeted = await counts(page);
    assert.deepEqual([targeted.red, targeted.noTarget, targeted.missing], [1, 1, 1], JSON.stringify(targeted));

    // 4. The owner cannot submit while NI156 owes commentary; writes it on the grid; submits.
    await as('owner');
    await page.goto(ROUND);
    const send = page.getByRole('button', { name: 'Submit for sign-off Housing and Investment' });
    assert.equal(await submit(page, send), 409);
    const refusal = await page.getByRole('alert').innerText();
    assert.match(refusal, /commentary is needed first for 1 Red or Amber result: NI156/, refusal);
    await assertReflows(page, 'round, submission refused');
    await openGrid(page);
    assert.equal(await figure(page, 'NI156').inputValue(), '150');
    await page.getByRole('textbox', { name: 'Commentary for NI156' }).fill(COMMENTARY);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save results' })), 303);
    await page.getByText('1 result recorded').waitFor();
    await page.goto(ROUND);
    assert.equal(await submit(page, send), 303);
    assert.match(await unitRow(page, 'Housing and Investment'), /Submitted/);
    await assertReflows(page, 'round, submitted');
    await as('director');
    await page.goto(ROUND);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Sign off Housing and Investment' })), 303);
    assert.match(await unitRow(page, 'Housing and Investment'), /Signed off/);
    await assertReflows(page, 'round, signed off');

    // 5. The officer closes the round: the rest is Missing and everyone opens on Q3.
    await as('officer');
    await page.goto(ROUND);
    assert.equal(await submit(page, page.getByRole('button', { name: 'Close the round' })), 303);
    await page.getByText('Collection round (closed)').waitFor();
    await assertReflows(page, 'round closed');
    const closed = await counts(page);
    assert.deepEqual([closed.awaiting, closed.red, closed.noTarget, closed.missing], [0, 1, 1, due - 2], JSON.stringify(closed));
    assert.equal(await landing(page, 'officer'), `Performance, ${WORDS} (${PERIOD})`);
    await as('viewer');
    assert.equal(await landing(page, 'viewer'), `Performance, ${WORDS} (${PERIOD})`);

    // 6. Publishing: refused with the checklist, then published with a reason.
    await as('officer');
    await page.goto(LANDING);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports' }).click();
    await assertReflows(page, 'reports');
    await fillPublishForm(page);
    const publish = page.getByRole('button', { name: 'Publish and lock the period' });
    assert.equal(await submit(page, publish), 422);
    const checklist = (await page.getByRole('alert').innerText()).replace(/\s+/g, ' ');
    const notSignedOff = /business units not signed off: ([^;.]*)/i.exec(checklist);
    assert.ok(notSignedOff, `the checklist names no units: ${checklist}`);
    // Housing and Investment was signed off; the other five were not.
    assert.equal(notSignedOff[1], 'Corporate Services, Digital and Transformation, Finance and Estates, Planning and Regulation, Stevenage Direct Services');
    await screenshot(page, `quarter-${label}-publish-refused`);
    await assertReflows(page, 'reports, publishing refused');
    if (javaScriptEnabled) await assertNoAxeViolations(page, `quarter-${label}-publish-refused`);
    // The refused form keeps what was typed; its error leads to the reason field.
    assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), PERIOD);
    assert.equal(await page.getByLabel('Committee').inputValue(), 'Executive');
    assert.equal(await page.getByLabel('Meeting date').inputValue(), '10/02/2021');
    assert.equal(await page.getByRole('alert').getByRole('link').getAttribute('href'), '#override_reason');
    await page.getByLabel(/^Reason for publishing with items still open/).fill('Other units report at the meeting');
    assert.equal(await submit(page, publish), 303);
    const title = `Quarterly report, ${WORDS} (${PERIOD})`;
    assert.equal(await h1(page), title);
    await assertReflows(page, 'published report');
    await screenshot(page, `quarter-${label}-published`);
    assert.ok(await page.getByRole('link', { name: 'Report data (JSON)' }).count() > 0, 'the report data is published with it');

    // 7. The public reads it without signing in.
    await signOut(page);
    await page.goto(`${LANDING}/reports`);
    await assertReflows(page, 'public reports');
    await page.getByRole('link', { name: title }).click();
    assert.equal(await h1(page), title);
    await assertReflows(page, 'public published report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Web page (HTML)' }).click()]);
    const text = htmlText(await readFile(await download.path(), 'utf8'));
    assert.ok(text.includes(`This report covers ${WORDS}`), text.slice(0, 2000));
    assert.ok(text.includes('NI156') && text.includes(COMMENTARY), 'the report has NI156 and its commentary');
    await context.close();
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

test('next quarter with JavaScript: round, grid, targets, sign-off, close, publish, public report', { timeout: 300_000 }, () =>
  quarter({ javaScriptEnabled: true }));

test('next quarter without JavaScript: the same, every page working without it', { timeout: 300_000 }, () =>
  quarter({ javaScriptEnabled: false }));
