/**
 * What the console's browser tests share: a page that records every console error and failed
 * request, sign-in as a demo user or with a token, screenshots, and the check for untranslated keys.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { en } from '../../src/console/i18n/en';
import { zhCN } from '../../src/console/i18n/zh-CN';

export const SHOTS = path.resolve(__dirname, '../../test-artifacts/console');
export type ConsoleLocale = 'zh-CN' | 'en-US';
/**
 * The longest a wait for an element or a response may take: an upper bound for a busy machine (at a
 * load of 20 on 2 cores a screen's first render takes well over Playwright's default 30 s), never a pause.
 */
const WAIT_TIMEOUT_MS = 90_000;
export const catalogue = (locale: ConsoleLocale) => (locale === 'en-US' ? en : zhCN);

export interface ConsolePage {
  page: Page;
  /** Console errors, page errors, failed requests and unexpected 4xx/5xx responses, as they happen. */
  problems: string[];
  close(): Promise<void>;
}

/** A page at the console's sign-in; `expect4xx` lists the statuses the test's steps expect. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: { width: number; expect4xx?: number[] },
): Promise<ConsolePage> {
  mkdirSync(SHOTS, { recursive: true });
  const expect4xx = options.expect4xx ?? [];
  const context = await browser.newContext({
    viewport: { width: options.width, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(WAIT_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(m.text())?.[1];
    if (status && expect4xx.includes(Number(status))) return;
    problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    // The console never cancels a request itself (no AbortController in src/console): a request cut short
    // (net::ERR_ABORTED) is one a test's reload or navigation left in flight, not a fault of the page.
    if (error === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.url()} ${error}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500 || (r.status() >= 400 && !expect4xx.includes(r.status())))
      problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(baseUrl);
  return { page, problems, close: () => context.close() };
}

export async function signInAs(page: Page, sub: string) {
  await page.getByTestId(`sign-in-as-${sub}`).click();
  await page.getByTestId('user-name').waitFor();
}

/** Signs in with a bearer token pasted into the sign-in page, as a user of the organisation's sign-on would. */
export async function signInWithToken(page: Page, token: string) {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
  await page.getByTestId('user-name').waitFor();
}

/**
 * Opens a section of the console as its user would: from the header's menu at desktop width, from the
 * drawer menu on a phone (the menu button is there only below 768 px).
 */
export async function goTo(page: Page, section: string) {
  const menuButton = page.getByTestId('nav-open');
  if (await menuButton.isVisible()) {
    await menuButton.click();
    await settled(page.getByTestId('nav-drawer'));
  }
  await page.getByTestId(`nav-${section}`).click();
  await page.getByTestId('nav-drawer').waitFor({ state: 'hidden' });
}

/** Switches the console to English from whatever page it is on, and waits until it is. */
export async function switchToEnglish(page: Page) {
  await page.getByTestId('switch-language').click();
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
}

/** The part of the DOM's Element that `settled` uses (the tests compile without the DOM library). */
interface Animated {
  getAnimations(options: { subtree: boolean }): { finished: Promise<unknown> }[];
}

/** Waits until the element and everything in it has stopped moving (a drawer or dialog opening). */
export async function settled(locator: Locator) {
  await locator.waitFor({ state: 'visible' });
  await locator.evaluate((el) =>
    Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished)),
  );
}

/** Opens a tab of a detail page (`DetailTabs`: details, vetting, operation, history) and waits until it shows. */
export async function openTab(page: Page, key: string) {
  const tab = page.getByTestId(`tab-${key}`);
  await tab.click();
  await page.locator('.ant-tabs-tab-active').getByTestId(`tab-${key}`).waitFor();
}

/**
 * Runs a page's checks in every tab of its detail page (a tab's content exists only once opened), then
 * opens again the tab that was open. On a page without tabs, runs them once.
 */
export async function inEveryTab(page: Page, check: () => Promise<void>) {
  const keys = await page
    .locator('.ant-tabs-tab [data-testid^="tab-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('tab-'.length)));
  if (keys.length === 0) return check();
  const open = await page.locator('.ant-tabs-tab-active [data-testid^="tab-"]').getAttribute('data-testid');
  for (const key of keys) {
    await openTab(page, key);
    await check();
  }
  await openTab(page, open!.slice('tab-'.length));
}

/** Fills an input and checks that it holds the value (a fill during a re-render can be lost). */
export async function fillChecked(page: Page, testId: string, value: string) {
  const input = page.getByTestId(testId);
  for (let attempt = 0; attempt < 3 && (await input.inputValue()) !== value; attempt++) await input.fill(value);
  expect(await input.inputValue()).toBe(value);
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

/**
 * English words in text the console writes itself (not data), for a zh-CN page: every word of three
 * letters or more. Ids, codes and versions hold digits or marks and are not words.
 */
export async function englishIn(locator: Locator): Promise<string[]> {
  const texts = await locator.allInnerTexts();
  return texts
    .flatMap((text) => text.split(/[\s，。；：、（）()·,;:“”]+/))
    .filter((word) => /^[A-Za-z]{3,}$/.test(word));
}

/** Text on the page that looks like a catalogue key or a reason code, i.e. a missing translation. */
export async function untranslated(page: Page): Promise<string[]> {
  const keys = new Set(Object.keys(zhCN));
  const text = await page.locator('body').innerText();
  return text
    .split(/\s+/)
    .filter(
      (word) =>
        keys.has(word) ||
        /^(check|risk|reason|partner|notification|timeline|agreement|sharing|usage|export|control|auth)\.[a-z_]{3,}(\.[a-z_]+)*$/.test(
          word,
        ),
    );
}

/** Words of the form `a_b` on the page: a code (a status, a reason, an action) shown as it is. */
export async function rawCodes(page: Page): Promise<string[]> {
  return (await page.locator('body').innerText()).match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [];
}

/** The part of the DOM that `layoutFaults` reads (the tests compile without the DOM library). */
interface Box {
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  getClientRects(): { length: number };
  getBoundingClientRect(): { right: number; width: number };
}
interface Shown {
  innerWidth: number;
  document: {
    documentElement: { scrollWidth: number };
    querySelectorAll(selector: string): Iterable<Box>;
    getAnimations(): { finished: Promise<unknown>; effect: { getComputedTiming(): { endTime?: unknown } } | null }[];
  };
}

/**
 * What of the page's layout a reader would see broken: the page wider than the screen, text wider than
 * its table cell, tag, button or description, a value kept whole (`.dp-unbroken`: a code, a date)
 * broken over two lines, or any of those reaching past the screen's right edge outside a scrolled table.
 */
export async function layoutFaults(page: Page): Promise<string[]> {
  // Read once the page is still: a button's loading icon going away, a drawer sliding in (finite
  // transitions and animations; a spinner's endless one is not waited for), at most 3 s.
  await page.evaluate(async () => {
    const { document } = globalThis as unknown as Shown;
    const ending = document
      .getAnimations()
      .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.race([
      Promise.all(ending.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3_000)),
    ]);
  });
  return page.evaluate(() => {
    const shown = globalThis as unknown as Shown;
    const faults: string[] = [];
    const { innerWidth, document } = shown;
    if (document.documentElement.scrollWidth > innerWidth)
      faults.push(`page ${document.documentElement.scrollWidth} px wide on a ${innerWidth} px screen`);
    const text = (el: Box) => (el.textContent ?? '').trim().slice(0, 40);
    for (const el of document.querySelectorAll(
      'td, th, .ant-tag, .ant-btn, .ant-descriptions-item-content, .ant-card-head-title, .ant-alert-title',
    )) {
      if (el.scrollWidth > el.clientWidth + 1) faults.push(`overflows its box: ${text(el)}`);
    }
    for (const el of document.querySelectorAll('.dp-unbroken')) {
      if (el.getClientRects().length > 1) faults.push(`broken over lines: ${text(el)}`);
    }
    return faults;
  });
}
