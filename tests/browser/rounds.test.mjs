// The quarterly cycle in headless Chromium against the real server (issue 7):
// the performance officer opens a collection round, the data owner sees the
// to-do list and enters a result from it, submits Housing and Investment for
// sign-off, the director responsible signs it off, and the completeness page
// shows the unit signed off. Run with and without JavaScript.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertNoAxeViolations, assertReflows, launchBrowser, newContext, screenshot, signIn, signOut } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const ROUND = '/councils/stevenage/rounds/2020%2F21-Q2';

/** The text of a table row whose header cell matches `name`. */
async function rowText(page, table, name) {
  const row = page.getByRole('table', { name: table }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  return (await row.innerText()).replace(/\s+/g, ' ');
}

async function cycle({ javaScriptEnabled }) {
  const label = javaScriptEnabled ? 'js' : 'nojs';
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
    const context = await newContext(browser, server.baseURL, { javaScriptEnabled });
    const page = await context.newPage();

    // The officer opens the round from the council's menu.
    await page.goto('/');
    await signIn(page, 'officer', server.accounts.officer);
    await page.goto('/councils/stevenage');
    await assertReflows(page, 'dashboard');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Rounds' }).click();
    await assertReflows(page, 'rounds');
    // Dates as people in the UK type them.
    await page.getByLabel('Period').fill('2020/21-Q2');
    await page.getByLabel('Results due by').fill('16/10/2099');
    await page.getByLabel('Sign-off by').fill('23 October 2099');
    await page.getByRole('button', { name: 'Open the round' }).click();
    await page.getByRole('heading', { level: 1, name: 'July to September 2020 (2020/21-Q2)' }).waitFor();
    assert.match(await page.locator('main dl').innerText(), /16 October 2099[\s\S]*23 October 2099/);
    await assertReflows(page, 'round status');
    assert.match(await rowText(page, 'Completeness and sign-off by business unit', 'Housing and Investment'), /Open/);
    await signOut(page);

    // The owner's to-do list: enter NI156 from it.
    await signIn(page, 'owner', server.accounts.owner);
    await page.goto(`${ROUND}/mine`);
    await page.getByRole('heading', { level: 1, name: 'Your to-do list, July to September 2020' }).waitFor();
    await assertReflows(page, 'to-do list');
    await page.getByRole('link', { name: /the result for NI156$/ }).click();
    await assertReflows(page, 'result form');
    await page.getByLabel('Result (count)').fill('100');
    await page.getByLabel('Commentary', { exact: true }).fill('Round journey: direct lets reduced temporary accommodation.');
    await page.getByRole('button', { name: 'Save the result' }).click();
    await page.waitForLoadState('load');
    await page.goto(`${ROUND}/mine`);
    assert.match(await rowText(page, /Your measures due/, /^NI156/), /Done on time/);
    await screenshot(page, `round-${label}-to-do`);
    await assertReflows(page, 'to-do list after entering');
    // Submit the unit for sign-off; the owner has no sign-off button.
    await page.goto(ROUND);
    await page.getByRole('button', { name: 'Submit for sign-off Housing and Investment' }).click();
    await page.waitForLoadState('load');
    assert.match(await rowText(page, 'Completeness and sign-off by business unit', 'Housing and Investment'), /Submitted/);
    await assertReflows(page, 'round status, submitted');
    assert.equal(await page.getByRole('button', { name: /^Sign off/ }).count(), 0, 'a data owner cannot sign off');
    await signOut(page);

    // The director responsible signs it off.
    await signIn(page, 'director', server.accounts.director);
    await page.goto(ROUND);
    await page.getByRole('button', { name: 'Sign off Housing and Investment' }).click();
    await page.waitForLoadState('load');
    assert.match(await rowText(page, 'Completeness and sign-off by business unit', 'Housing and Investment'), /Signed off/);
    await screenshot(page, `round-${label}-signed-off`);
    await assertReflows(page, 'round status, signed off');
    // axe runs in the page, so only with JavaScript.
    if (javaScriptEnabled) await assertNoAxeViolations(page, `round-${label}-signed-off`);
    await context.close();
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

test('collection round with JavaScript: open, to-do, enter, submit, sign off', { timeout: 180_000 }, () =>
  cycle({ javaScriptEnabled: true }));

test('collection round without JavaScript: the same, every page working without it', { timeout: 180_000 }, () =>
  cycle({ javaScriptEnabled: false }));
