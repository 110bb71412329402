/**
 * The console in real headless Chromium (Debian's, through playwright-core) against the real stack:
 * sign in, create an asset, import a CSV with a bad row, verify the audit chain, switch language, at
 * 1440 px and 390 px. Screenshots go to test-artifacts/console/. Any console error or failed request
 * fails the test, except the 4xx responses a step expects.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { en } from '../../src/console/i18n/en';
import { zhCN } from '../../src/console/i18n/zh-CN';
import { DataAssetModel } from '../../src/models/data-asset.model';
import { startApi, type ApiHarness } from '../support/api';
import {
  englishIn,
  fillChecked,
  goTo,
  openPage as openConsole,
  settled,
  shot,
  signInAs,
  untranslated,
} from './console-harness';

const WIDTHS = [1440, 390] as const;
/** A test drives several screens through the real stack: generous, for a busy machine (each wait inside is for readiness). */
const TEST_TIMEOUT_MS = 240_000;

let api: ApiHarness;
let browser: Browser;

beforeAll(async () => {
  api = await startApi('console_browser', { devTokens: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** A page that records console errors and failed requests; `expect4xx` lists statuses a step expects. */
const openPage = (width: number, expect4xx: number[] = []) => openConsole(browser, api.baseUrl, { width, expect4xx });

/** Opens the asset form and waits until its dialog has finished appearing. */
async function openAssetForm(page: Page) {
  await page.getByTestId('asset-new').click();
  await page.getByTestId('asset-form').waitFor();
  await settled(page.locator('.ant-modal').last());
}

jest.setTimeout(TEST_TIMEOUT_MS);

describe.each(WIDTHS)('the console at %i px', (width) => {
  it('signs in a requester, who creates an asset of their unit and sees it listed', async () => {
    const { page, problems, close } = await openPage(width);
    await signInAs(page, 'req.a');
    expect(await page.getByTestId('user-role').innerText()).toBe(zhCN['role.requester']);
    expect(await page.getByTestId('user-unit').innerText()).toBe('unit-a');
    await shot(page, `${width}-my-work-zh`);

    await goTo(page, 'inventory');
    await openAssetForm(page);
    const code = `UI-${width}-${Date.now() % 100000}`;
    await fillChecked(page, 'asset-code', code);
    await fillChecked(page, 'asset-name', '浏览器创建的资产');
    await page.getByTestId('asset-category').fill('network');
    await shot(page, `${width}-asset-form-zh`);
    await page.getByTestId('asset-save').click();
    await page.getByTestId('asset-drawer').getByText(code).waitFor();
    await shot(page, `${width}-asset-detail-zh`);
    expect(await DataAssetModel.countDocuments({ code, ownerUnit: 'unit-a', createdBy: 'req.a' })).toBe(1);
    // A requester may not import: the console does not offer it.
    expect(await page.getByTestId('asset-import').count()).toBe(0);
    expect(await untranslated(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows the field errors the API gives for a bad form, writing nothing', async () => {
    const { page, problems, close } = await openPage(width, [400]);
    await signInAs(page, 'req.a');
    await goTo(page, 'inventory');
    const before = await DataAssetModel.countDocuments();
    await openAssetForm(page);
    await fillChecked(page, 'asset-code', 'bad code with spaces');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/assets') && r.request().method() === 'POST'),
      page.getByTestId('asset-save').click(),
    ]);
    expect(response.status()).toBe(400);
    // Under its field, in the page's language (the console words the pattern, not the API's English).
    await page.locator('.ant-form-item-explain-error', { hasText: zhCN['validation.pattern.code'] }).waitFor();
    await shot(page, `${width}-asset-form-errors-zh`);
    expect(await DataAssetModel.countDocuments()).toBe(before);
    expect(problems).toEqual([]);
    await close();
  });

  it('imports a CSV with a bad row and shows its line and column, importing nothing', async () => {
    const { page, problems, close } = await openPage(width, [422]);
    await signInAs(page, 'head.a');
    await goTo(page, 'inventory');
    await page.getByTestId('asset-import').click();
    const before = await DataAssetModel.countDocuments();
    const csv = `\uFEFF编码,名称,归属部门,类别,级别\r\nCSV-${width}-1,好的行,unit-a,network,一般\r\nCSV-${width}-2,坏的行,unit-a,network,机密\r\n`;
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr').first().innerText()).toMatch(/^3\s+级别\s+级别“机密”无效/);
    await shot(page, `${width}-import-errors-zh`);
    expect(await DataAssetModel.countDocuments()).toBe(before);
    expect(problems).toEqual([]);
    await close();
  });

  it('lets an auditor verify the audit chain, offers no write, and switches to English', async () => {
    const { page, problems, close } = await openPage(width);
    await signInAs(page, 'auditor');
    await goTo(page, 'audit');
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verdict').waitFor();
    expect(await page.getByTestId('audit-verdict').innerText()).toMatch(/^哈希链完整：共 \d+ 条事件$/);
    // The actions and subject types are words of the reader's language, never codes or English.
    await page.getByTestId('audit-action').first().waitFor();
    expect(await page.getByTestId('audit-action').allInnerTexts()).toContain(zhCN['timeline.asset.created']);
    expect(await page.getByTestId('audit-subject-type').allInnerTexts()).toContain(zhCN['audit.subject.DataAsset']);
    expect(await englishIn(page.getByTestId('audit-action'))).toEqual([]);
    expect(await englishIn(page.getByTestId('audit-subject-type'))).toEqual([]);
    expect(await untranslated(page)).toEqual([]);
    await shot(page, `${width}-audit-zh`);

    await page.getByTestId('switch-language').click();
    await page.getByTestId('audit-verify').click();
    await page.getByText(/^The chain is intact: \d+ events$/).waitFor();
    expect(await page.getByTestId('nav-audit').innerText()).toBe(en['nav.audit']);
    await shot(page, `${width}-audit-en`);

    await goTo(page, 'inventory');
    await page.getByTestId('inventory').waitFor();
    expect(await page.getByTestId('asset-new').count()).toBe(0);
    expect(await page.getByTestId('asset-import').count()).toBe(0);
    expect(await page.getByTestId('asset-export').count()).toBe(1);
    await shot(page, `${width}-inventory-en`);
    expect(await untranslated(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});

describe.each(WIDTHS)('every screen at %i px', (width) => {
  it.each(['zh-CN', 'en-US'] as const)('works in %s with no untranslated key', async (locale) => {
    const { page, problems, close } = await openPage(width);
    if (locale === 'en-US') await page.getByTestId('switch-language').click();
    const title = locale === 'en-US' ? en['signIn.title'] : zhCN['signIn.title'];
    await page.locator('.ant-card-head-title', { hasText: title }).waitFor();
    expect(await untranslated(page)).toEqual([]);
    await shot(page, `${width}-sign-in-${locale}`);
    await signInAs(page, 'dso');
    for (const screen of ['work', 'agreements', 'partners', 'incidents', 'reports', 'inventory', 'audit'] as const) {
      await goTo(page, screen);
      await page.getByTestId(screen === 'work' ? 'my-work' : screen).waitFor();
      // The screen's data is in once nothing spins any more (a list or a card loading shows a spinner).
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
      expect({ screen, keys: await untranslated(page) }).toEqual({ screen, keys: [] });
      await shot(page, `${width}-${screen}-${locale}-dso`);
    }
    expect(problems).toEqual([]);
    await close();
  });
});

describe('an address of a section the caller does not have', () => {
  it('opens its home instead, asking the API nothing the policy refuses', async () => {
    // No 4xx is expected: the audit trail's request is never sent for a requester, who may not read it.
    const { page, problems, close } = await openPage(1440);
    await page.goto(`${api.baseUrl}/#/audit`);
    await signInAs(page, 'req.a');
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.getByTestId('overview').waitFor();
    expect(await page.getByTestId('audit').count()).toBe(0);
    await shot(page, '1440-foreign-section-zh');
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the catalogues', () => {
  it('have the same keys in zh-CN and en, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)])
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });
});
