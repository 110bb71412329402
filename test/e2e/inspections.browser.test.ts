/**
 * A special inspection and a finding's rectification in the console, in real headless Chromium against the
 * real stack: the DSO runs an inspection now and sees it complete with its report, opens the finding it
 * raised on an agreement past its end date; the owner unit submits its evidence, a security reviewer
 * verifies it, and the finding shows verified with its closure. Once at 1440 px in Chinese (no English
 * outside data) and once at 390 px in English. Screenshots go to test-artifacts/console/.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { OVERSIGHT_LABELS } from '../../policies/texts/oversight';
import { rectificationWorkflowId } from '../../workflows/ids';
import { launchChromium } from '../support/browser';
import { as, startApi, users, type ApiHarness } from '../support/api';
import { aLiveAgreement, aLivePartner, storeAgreements, storePartners } from '../support/inspections';
import {
  catalogue,
  englishIn,
  fillChecked,
  goTo,
  layoutFaults,
  openPage,
  shot,
  signInAs,
  switchToEnglish,
  type ConsoleLocale,
  untranslated,
} from './console-harness';

/** How long a run or a rectification step may take to show on a loaded machine. */
const PATIENCE_MS = 120_000;
const DAY = 24 * 3600 * 1000;

jest.setTimeout(600_000);

let api: ApiHarness;
let browser: Browser;
const periods: string[] = [];

beforeAll(async () => {
  api = await startApi('inspections_browser', { devTokens: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  for (const period of periods) {
    await api.temporal.workflow
      .getHandle(rectificationWorkflowId(period, 'unit-a'))
      .terminate('test over')
      .catch(() => undefined);
  }
  await browser?.close();
  await api?.stop();
});

/** Reloads the page until `check` passes (a page shows what it read when it loaded), within the patience. */
async function until(page: Page, check: () => Promise<boolean>) {
  const deadline = Date.now() + PATIENCE_MS;
  while (!(await check())) {
    expect(Date.now()).toBeLessThan(deadline);
    await page.reload();
    await page.getByTestId('finding').waitFor();
    await page.getByTestId('finding-timeline').or(page.locator('.ant-empty')).first().waitFor();
  }
}

/** Codes shown raw (`agreement_past_end`): a word the console failed to put into words. */
async function rawCodes(page: Page): Promise<string[]> {
  return (await page.locator('body').innerText()).match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [];
}

/** What the console itself writes on these pages: everything but the timeline's actor lines. */
const CONSOLE_TEXT = [
  '[data-testid="inspections"]',
  '[data-testid="inspection-run"]',
  '[data-testid="run-report"]',
  '[data-testid="findings-table"]',
  '[data-testid="finding"]',
  '[data-testid="finding-actions"]',
  '[data-testid="finding-step"] strong',
  '[data-testid="timeline-entry"] strong',
  '[data-testid="timeline-why"]',
  '[data-testid="rules-table"]',
  '[data-testid="what-if"]',
].join(', ');

/** Nothing untranslated, no raw code, nothing wider than the screen, no console error or unexpected response. */
async function clean(page: Page, problems: string[], chinese: boolean) {
  expect(await untranslated(page)).toEqual([]);
  expect(await rawCodes(page)).toEqual([]);
  // The console's own words and the texts from codes (the system's actors are named: `system:inspection` is 系统自动).
  if (chinese) expect(await englishIn(page.locator(CONSOLE_TEXT))).toEqual([]);
  // Nothing wider than the screen or than its cell, no code or date broken over two lines.
  expect(await layoutFaults(page)).toEqual([]);
  expect(problems).toEqual([]);
}

const CASES = [
  { width: 1440, locale: 'zh-CN' },
  { width: 390, locale: 'en-US' },
] as const satisfies readonly { width: number; locale: ConsoleLocale }[];

describe.each(CASES)('an inspection and a rectification through the console at $width px in $locale', (c) => {
  const words = catalogue(c.locale);
  const rule = OVERSIGHT_LABELS[c.locale === 'en-US' ? 'en' : 'zh-CN'].rule.agreement_past_end;
  const chinese = c.locale === 'zh-CN';
  const serial = `${c.width}${randomUUID()
    .slice(0, 6)
    .replace(/[^a-z0-9]/g, '0')}`;
  const period = `2026-12-01-b${serial}`;
  const title = `到期未终止的共享 ${serial}`;
  const open = async (sub: string, expect4xx: number[] = []) => {
    const opened = await openPage(browser, api.baseUrl, { width: c.width, expect4xx });
    await signInAs(opened.page, sub);
    if (!chinese) await switchToEnglish(opened.page);
    return opened;
  };

  beforeAll(async () => {
    periods.push(period);
    const partner = aLivePartner({ legalName: `排查合作方 ${serial} 有限公司` });
    await storePartners([partner]);
    await storeAgreements([
      aLiveAgreement(partner, {
        title,
        requestingUnit: 'unit-a',
        endsAt: new Date(Date.now() - 10 * DAY).toISOString(),
      }),
    ]);
  });

  it('the DSO runs it now and opens the finding; the unit submits evidence, a reviewer verifies it', async () => {
    // The DSO runs the inspection now. Its progress route answers 404 until the run has written its document.
    const running = await open(users.dso.sub, [404]);
    const page = running.page;
    await goTo(page, 'inspections');
    await page.getByTestId('inspections').waitFor();
    await fillChecked(page, 'inspection-period', period);
    const [started] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/inspections' && r.request().method() === 'POST'),
      page.getByTestId('inspection-run-now').click(),
    ]);
    expect(started.status()).toBe(202);
    await page.getByTestId('run-title').filter({ hasText: period }).waitFor();
    await page.locator('[data-testid="run-status"][data-status="completed"]').waitFor({ timeout: PATIENCE_MS });
    // The report names the rule in the reader's words (the oversight labels, as the reports do).
    await page.getByTestId('report-by-rule').getByText(rule, { exact: true }).waitFor();
    const finding = page.getByTestId('findings-table').locator('tr', { hasText: title });
    await finding.waitFor({ timeout: PATIENCE_MS });
    await shot(page, `${c.width}-inspection-run-${c.locale}`);
    await clean(page, running.problems, chinese);

    await finding.getByTestId('finding-link').click();
    await page.getByTestId('finding').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await page.locator('[data-testid="finding-status"][data-status="open"]').waitFor();
    // The DSO neither owns the finding nor has evidence to verify: no action is offered.
    expect(await page.getByTestId('finding-actions').count()).toBe(0);
    await clean(page, running.problems, chinese);
    await running.close();

    // The owner unit submits its evidence.
    const owner = await open(users.requesterA.sub);
    await owner.page.goto(`${api.baseUrl}/#/findings/${encodeURIComponent(id)}`);
    await owner.page.getByTestId('finding-evidence-text').waitFor();
    await fillChecked(
      owner.page,
      'finding-evidence-text',
      chinese ? '协议已于本月终止，数据已删除' : 'Agreement ended and data deleted',
    );
    const [submitted] = await Promise.all([
      owner.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/findings/${id}/evidence`),
      owner.page.getByTestId('finding-evidence-submit').click(),
    ]);
    expect(submitted.status()).toBe(200);
    await owner.page.locator('[data-testid="finding-status"][data-status="rectifying"]').waitFor();
    // Its unit may not verify its own evidence: once submitted, nothing more is offered to it.
    expect(await owner.page.getByTestId('finding-actions').count()).toBe(0);
    await shot(owner.page, `${c.width}-finding-evidence-${c.locale}`);
    await clean(owner.page, owner.problems, chinese);
    await owner.close();

    // A security reviewer verifies it.
    const reviewing = await open(users.reviewer.sub);
    await reviewing.page.goto(`${api.baseUrl}/#/findings/${encodeURIComponent(id)}`);
    await reviewing.page.getByTestId('finding-verify').waitFor();
    expect(await reviewing.page.getByTestId('finding-evidence-text').count()).toBe(0);
    const [verified] = await Promise.all([
      reviewing.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/findings/${id}/verification`),
      reviewing.page.getByTestId('finding-verify').click(),
    ]);
    expect(verified.status()).toBe(200);
    await reviewing.page.locator('[data-testid="finding-status"][data-status="verified"]').waitFor();
    await reviewing.page.getByTestId('finding-closure').waitFor();
    expect(await reviewing.page.getByTestId('finding-actions').count()).toBe(0);
    const steps = reviewing.page.getByTestId('finding-step');
    expect(
      await steps.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { kind: string } }).dataset.kind)),
    ).toEqual(['evidence', 'verified']);
    // The timeline is the audit trail's: read again until the verification's event is in it.
    await until(
      reviewing.page,
      async () =>
        (await reviewing.page
          .getByTestId('timeline-entry')
          .filter({ hasText: words['timeline.finding.verified'] })
          .count()) > 0,
    );
    await shot(reviewing.page, `${c.width}-finding-verified-${c.locale}`);
    await clean(reviewing.page, reviewing.problems, chinese);
    await reviewing.close();
  });
});

describe('the inspection rules through the console at 1440 px in zh-CN', () => {
  it('the DSO makes a rule stricter, sees which agreements it would affect, and saves it as a new version', async () => {
    const words = catalogue('zh-CN');
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    await signInAs(page, users.dso.sub);
    await goTo(page, 'rules');
    await page.getByTestId('rules-table').waitFor();
    expect(await page.getByTestId('rules-version').innerText()).toBe(words['rules.fromFile']);

    // Critical instead of high: the agreements past their end date (one a case above) would change severity.
    await page.getByTestId('rule-severity-agreement_past_end').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: OVERSIGHT_LABELS['zh-CN'].severity.critical,
      })
      .first()
      .click();
    await page.getByTestId('rules-changed').filter({ hasText: '1' }).waitFor();
    const [tried] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/inspections/what-if'),
      page.getByTestId('rules-what-if').click(),
    ]);
    expect(tried.status()).toBe(200);
    await page.getByTestId('what-if').waitFor();
    const listed = page.getByTestId('what-if-agreements').locator('tbody tr', { hasText: '到期未终止的共享' });
    expect(await listed.count()).toBe(CASES.length);
    expect(await page.getByTestId('what-if-gaining').innerText()).toContain('0');
    await shot(page, '1440-inspection-rules-what-if-zh-CN');

    const [saved] = await Promise.all([
      page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/inspection-rules' && r.request().method() === 'PUT',
      ),
      page.getByTestId('rules-save').click(),
    ]);
    expect(saved.status()).toBe(200);
    await page
      .getByTestId('rules-version')
      .filter({ hasText: words['rules.version'].replace('{version}', '1') })
      .waitFor();
    expect((await api.http.get('/api/inspection-rules', await as(users.dso))).data).toMatchObject({
      version: 1,
      rules: { agreement_past_end: { severity: 'critical' } },
    });
    await clean(page, problems, true);
    await close();
  });
});
