// Headless Debian Chromium through playwright-core, axe-core checks and
// screenshots. Chromium is required: when it is missing the tests fail.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { TESTS_DIR } from './server.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.join(TESTS_DIR, 'screenshots');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** The narrowest screen WCAG 2.2 1.4.10 (Reflow) asks pages to fit without scrolling sideways. */
export const REFLOW_WIDTH = 320;

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Launches headless Chromium with a fresh profile (playwright makes a new user-data dir). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium; .ci/run does this)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context (its own cookies) on the server, with or without JavaScript. */
export async function newContext(browser, baseURL, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Signs in through the sign-in page, as a person would, and checks it worked. */
export async function signIn(page, username, password) {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  await assert.doesNotReject(
    page.getByRole('button', { name: 'Sign out' }).waitFor({ state: 'visible', timeout: 10_000 }),
    `signing in as ${username} did not show a Sign out button (now on ${page.url()})`,
  );
}

/** Signs out with the header's Sign out button. */
export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor({ state: 'visible' });
}

/** Full-page PNG in tests/browser/screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs axe-core on the page as it is now (axe.min.js injected through the
 * DevTools protocol, so the page's content security policy stays in force)
 * and returns the violations.
 */
export async function axeViolations(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** Describes axe violations for a failure message: rule, impact, help, each element. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target}\n      ${n.html}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** Asserts axe finds nothing on the page. */
export async function assertNoAxeViolations(page, name) {
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    const message = `axe-core found ${violations.length} violation(s) on ${name} (${page.url()}):\n${describeViolations(violations)}`;
    assert.fail(message);
  }
}

/**
 * How wide the document is, in CSS pixels. playwright evaluates in its own
 * isolated world, so this works with the page's JavaScript turned off too.
 */
export async function documentWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** The elements sticking out past the right edge (outermost first), to say what to fix. */
async function widestElements(page, width) {
  return page.evaluate((edge) => {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (out.length >= 5) break;
      const right = el.getBoundingClientRect().right + window.scrollX;
      const parent = el.parentElement;
      const parentRight = parent ? parent.getBoundingClientRect().right + window.scrollX : 0;
      if (right > edge + 0.5 && parentRight <= edge + 0.5 && !el.closest('.app-table-wrapper')) {
        const classes = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        out.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes}> ends at ${Math.round(right)} px`);
      }
    }
    return out;
  }, width);
}

/**
 * Asserts the page reflows (WCAG 2.2 1.4.10): at 320 CSS px wide the
 * document is no wider than the screen, so nothing scrolls sideways (wide
 * tables scroll inside their own box). Puts the viewport back afterwards.
 */
export async function assertReflows(page, name = page.url()) {
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: REFLOW_WIDTH, height: before.height });
  try {
    const width = await documentWidth(page);
    if (width > REFLOW_WIDTH) {
      const culprits = await widestElements(page, REFLOW_WIDTH);
      assert.fail(
        `${name} (${page.url()}) scrolls sideways at ${REFLOW_WIDTH} CSS px: the document is ${width} px wide\n  ${culprits.join('\n  ')}`,
      );
    }
    return width;
  } finally {
    await page.setViewportSize(before);
  }
}
