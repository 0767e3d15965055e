// The data owner's journey (issue 4, "Tests and look"), in headless Chromium
// against the real server: sign in as the Housing and Investment data owner,
// enter a result that turns NI156 Green and see the dashboard's Red count for
// Corporate focus go down, enter one that turns it Red without commentary and
// get the GOV.UK error summary, add commentary and see the count go back up,
// then see both changes in the audit log as an administrator. Run once with
// JavaScript and once without: every page must work without it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertReflows, launchBrowser, newContext, screenshot, signIn, signOut } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const COUNCIL = 'Stevenage Borough Council';
const FOCUS = 'Corporate focus';
const GOOD = { value: '100', commentary: 'Journey test: direct lets to households in temporary accommodation brought the number down.' };
const BAD = { value: '160', commentary: 'Journey test: more households placed in hotels; B&B use is reviewed every week.' };

/** Opens the dashboard from the council menu and reads the Red count for a focus. */
async function dashboardRedCount(page, focus) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { level: 1, name: /\(2020\/21-Q2\)/ }).waitFor();
  await assertReflows(page, 'dashboard');
  const table = page.getByRole('table', { name: 'Status of measures by group' });
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const column = headers.indexOf('Red');
  assert.notEqual(column, -1, `the focus table has no Red column: ${headers.join(' | ')}`);
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: focus, exact: true }) });
  assert.equal(await row.count(), 1, `the focus table has no single row for ${focus}`);
  const text = (await row.locator('th, td').nth(column).innerText()).trim();
  assert.match(text, /^\d+$/, `the Red count for ${focus} is not a number: "${text}"`);
  return Number(text);
}

/** Opens NI156's result form for the open period from "Enter results". */
async function openNi156Form(page) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Enter results' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your measures, July to September 2020' }).waitFor();
  await assertReflows(page, 'entry list');
  await page.getByRole('link', { name: 'Open its form for NI156' }).click();
  await page.getByRole('heading', { level: 1, name: 'Result for July to September 2020' }).waitFor();
  await assertReflows(page, 'result form');
}

/** Submits the result form and returns the HTTP status of the POST. */
async function saveResult(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/measures/NI156/result')),
    page.getByRole('button', { name: 'Save the result' }).click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

/** The entry list's row for NI156, as text. */
async function entryRow(page) {
  return (await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^NI156/ }) }).innerText()).replace(/\s+/g, ' ');
}

async function journey({ javaScriptEnabled }) {
  const label = javaScriptEnabled ? 'js' : 'nojs';
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
    const context = await newContext(browser, server.baseURL, { javaScriptEnabled });
    const page = await context.newPage();

    // Sign in as the data owner for Housing and Investment.
    await page.goto('/');
    await assertReflows(page, 'home');
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await assertReflows(page, 'sign-in');
    await signIn(page, 'owner', server.accounts.owner);
    await assertReflows(page, 'home signed in');
    await page.getByRole('link', { name: COUNCIL }).first().click();

    // The dashboard opens on 2020/21-Q2; NI156 is Red there (150 against 120, lower is better).
    const redBefore = await dashboardRedCount(page, FOCUS);
    assert.ok(redBefore >= 1, `expected at least one Red measure in ${FOCUS}, found ${redBefore}`);
    const exceptions = page.getByRole('table', { name: /^Exceptions/ });
    assert.match(await exceptions.innerText(), /NI156/, 'NI156 should be among the exceptions before the journey');

    // A good result (100 against a target of 120, lower is better) turns it Green.
    await openNi156Form(page);
    const summary = (await page.locator('main dl').innerText()).replace(/\s+/g, ' ');
    assert.match(summary, /Target 120/, `NI156's target should be 120: ${summary}`);
    assert.match(summary, /Recorded now 150 .*Red/, `NI156 should be recorded as 150, Red: ${summary}`);
    await page.getByLabel('Result (count)').fill(GOOD.value);
    await page.getByLabel('Commentary', { exact: true }).fill(GOOD.commentary);
    assert.equal(await saveResult(page), 303, 'saving a Green result should redirect to the entry list');
    await page.getByRole('heading', { level: 1, name: 'Your measures, July to September 2020' }).waitFor();
    assert.match(await entryRow(page), /\b100\b.*Green/, 'the entry list should show NI156 at 100, Green');
    await assertReflows(page, 'entry list after saving');

    const redAfterGood = await dashboardRedCount(page, FOCUS);
    assert.equal(redAfterGood, redBefore - 1, `the Red count for ${FOCUS} should go down by one after NI156 turns Green`);

    // A bad result (160) without commentary: the GOV.UK error summary, pointing at the commentary.
    await openNi156Form(page);
    await page.getByLabel('Result (count)').fill(BAD.value);
    await page.getByLabel('Commentary', { exact: true }).fill('');
    assert.equal(await saveResult(page), 422, 'a Red result without commentary should be refused (422)');
    assert.match(await page.title(), /^Error: /, 'the page title should start with "Error: " when the form has errors');
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const link = alert.getByRole('link');
    assert.equal(await link.count(), 1, 'the error summary should have one error');
    assert.equal(await link.getAttribute('href'), '#commentary', 'the error should link to the commentary field');
    assert.match(await link.innerText(), /\bRed\b/, 'the error should say the result is Red');
    assert.equal(await page.getByLabel('Result (count)').inputValue(), BAD.value, 'the form should keep the result typed');
    const commentary = page.getByLabel('Commentary', { exact: true });
    assert.match(
      (await commentary.getAttribute('aria-describedby')) || '',
      /\bcommentary-error\b/,
      'the commentary field should be described by its error message',
    );
    await screenshot(page, `journey-${label}-commentary-error`);
    await assertReflows(page, 'result form with errors');
    await link.click();
    assert.ok(page.url().endsWith('#commentary'), `following the error link should go to #commentary, not ${page.url()}`);

    // Add commentary and save: Red again, with the reason.
    await commentary.fill(BAD.commentary);
    assert.equal(await saveResult(page), 303, 'saving a Red result with commentary should redirect to the entry list');
    assert.match(await entryRow(page), /\b160\b.*Red/, 'the entry list should show NI156 at 160, Red');
    const redAfterBad = await dashboardRedCount(page, FOCUS);
    assert.equal(redAfterBad, redBefore, `the Red count for ${FOCUS} should go back up by one after NI156 turns Red`);
    await screenshot(page, `journey-${label}-dashboard-after`);

    // Sign out; the administrator sees both recordings, and not the refused one, in the audit log.
    await signOut(page);
    await signIn(page, 'admin', server.accounts.admin);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await assertReflows(page, 'audit log');
    await page.getByLabel('What').fill('result.');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /[?&]event=result\./, `the filter should be in the address: ${page.url()}`);
    const audit = page.getByRole('table', { name: /Audit log/ });
    const rows = audit.getByRole('row').filter({ hasText: 'NI156 2020/21-Q2' });
    assert.equal(await rows.count(), 2, 'the audit log should have two result.recorded entries for NI156 2020/21-Q2');
    const cells = async (i) => (await rows.nth(i).getByRole('cell').allInnerTexts()).map((c) => c.trim());
    const [newest, older] = [await cells(0), await cells(1)];
    for (const [row, before, after, commentaryText] of [
      [newest, GOOD.value, BAD.value, BAD.commentary],
      [older, '150', GOOD.value, GOOD.commentary],
    ]) {
      const [, who, what, beforeJson, afterJson] = row;
      assert.equal(who, 'owner', `the audit entry should be by owner: ${row.join(' | ')}`);
      assert.match(what, /result\.recorded/, `the audit entry should be result.recorded: ${what}`);
      assert.match(what, /NI156 2020\/21-Q2 \(stevenage\)/, `the audit entry should name NI156 2020/21-Q2 at stevenage: ${what}`);
      assert.match(beforeJson, new RegExp(`"value": "${before}"`), `before should be ${before}: ${beforeJson}`);
      assert.match(afterJson, new RegExp(`"value": "${after}"`), `after should be ${after}: ${afterJson}`);
      assert.ok(afterJson.includes(commentaryText), `after should carry the commentary: ${afterJson}`);
    }
    await screenshot(page, `journey-${label}-audit`);
    await assertReflows(page, 'audit log filtered');
    await context.close();
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

test('data owner journey with JavaScript: Green, refused Red without commentary, Red with it, audit', { timeout: 180_000 }, () =>
  journey({ javaScriptEnabled: true }));

test('data owner journey without JavaScript: the same, every page working without it', { timeout: 180_000 }, () =>
  journey({ javaScriptEnabled: false }));
