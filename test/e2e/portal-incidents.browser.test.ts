/**
 * A partner's own incident report from its portal, in real headless Chromium against the real stack: its
 * user signs in (dev sign-in, its token), reports an incident about its own organisation through the form
 * (no partner to choose, no drill), sees it listed in "our incidents" (its own report on time), and the
 * company's agreement with it is suspended. In zh-CN at 1440 px (a table) and in English at 390 px (the
 * menu in a drawer, the list as cards). Screenshots go to test-artifacts/console/.
 */
import type { AxiosInstance } from 'axios';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { as, eventually, startApi, users, type ApiHarness } from '../support/api';
import { anAsset, aPartnerUser } from '../support/factories';
import { anActiveAgreementThroughApi } from '../support/agreements';
import { anApprovedPartnerThroughApi } from '../support/partners';
import {
  catalogue,
  englishIn,
  fillChecked,
  goTo,
  openPage,
  rawCodes,
  settled,
  shot,
  signInWithToken,
  switchToEnglish,
  untranslated,
  type ConsoleLocale,
} from './console-harness';

/** How long the workflows may take to show a step on a loaded machine. */
const PATIENCE_MS = 90_000;

jest.setTimeout(600_000);

let api: ApiHarness;
let browser: Browser;
let requester: AxiosInstance;
let reviewer: AxiosInstance;
let dso: AxiosInstance;

beforeAll(async () => {
  api = await startApi('portal_incidents_browser', { devTokens: true });
  browser = await launchChromium();
  requester = await api.client(users.requesterA);
  reviewer = await api.client(users.reviewer);
  dso = await api.client(users.dso);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** A partner approved through the API with one active agreement (its access granted); their ids. */
async function aPartnerWithAnActiveAgreement(legalName: string) {
  const partner = await anApprovedPartnerThroughApi(
    api,
    { nominator: requester, reviewer },
    { patienceMs: PATIENCE_MS, nomination: { legalName } },
  );
  const asset = await dso.post('/api/assets', anAsset());
  expect(asset.status).toBe(201);
  const agreementId = await anActiveAgreementThroughApi(
    { requester, unitHead: await api.client(users.unitHeadA), reviewer },
    partner.id,
    asset.data.id as string,
    PATIENCE_MS,
  );
  return { partnerId: partner.id, agreementId };
}

/** The asset shared: its field names are data the portal's usage report shows as they are (`region`). */
const DATA_WORDS = new Set(anAsset().fields.map((f) => f.name));

/** The content of the page (the header holds the user's name, which is data). */
const content = (page: Page) => page.locator('.ant-layout-content');

const CASES = [
  { width: 1440, locale: 'zh-CN', phone: false },
  { width: 390, locale: 'en-US', phone: true },
] as const satisfies readonly { width: number; locale: ConsoleLocale; phone: boolean }[];

describe.each(CASES)("a partner's user at $width px ($locale)", ({ width, locale, phone }) => {
  it("reports an incident about its own organisation from the portal (a refusal shown with the server's reason under its field), sees it listed, and its agreement is suspended", async () => {
    const t = catalogue(locale);
    const legalName = `门户事件 ${width} ${Date.now() % 100000} 有限公司`;
    const title = `接口日志泄露 ${width}`;
    const { partnerId, agreementId } = await aPartnerWithAnActiveAgreement(legalName);
    const token = (await as(aPartnerUser(partnerId))).headers.authorization.replace(/^Bearer /, '');

    // The one refusal the test asks for: estimates the API finds inconsistent.
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width, expect4xx: [400] });
    await signInWithToken(page, token);
    if (locale === 'en-US') await switchToEnglish(page);
    // On a phone the menu is behind its button, in a drawer; at desktop width it is in the header.
    expect(await page.getByTestId('nav-open').isVisible()).toBe(phone);
    await goTo(page, 'portal');
    await page.getByTestId('portal-incidents').waitFor();
    await page.getByTestId('portal-incidents').getByText(t['portal.incidents.empty']).waitFor();

    await page.getByTestId('portal-incident-report').click();
    await settled(page.locator('.ant-drawer-section:visible, .ant-drawer-content:visible').first());
    await page.getByTestId('report-title').waitFor();
    // Its own organisation, and never a drill: neither is asked.
    expect(await page.getByTestId('report-partner').count()).toBe(0);
    expect(await page.getByTestId('report-drill').count()).toBe(0);
    await fillChecked(page, 'report-title', title);
    await fillChecked(page, 'report-description', '我方测试环境的接口日志被公开访问');
    await shot(page, `${width}-portal-incident-report-${locale}`);

    // More people with sensitive information than people affected: the server's reason, under its field.
    await fillChecked(page, 'report-personalInformation', '1');
    await fillChecked(page, 'report-sensitivePersonalInformation', '2');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/incidents' && r.request().method() === 'POST'),
      page.getByTestId('report-submit').click(),
    ]);
    expect(refused.status()).toBe(400);
    const reasons = ((await refused.json()) as { 'invalid-params': { name: string; reason: string }[] })[
      'invalid-params'
    ];
    expect(reasons).toEqual([expect.objectContaining({ name: 'estimates.sensitivePersonalInformation' })]);
    await page.getByTestId('report-error').waitFor();
    // In the page's language, from the rule the API names (not its English sentence).
    await page
      .locator('.ant-form-item-explain-error', { hasText: t['validation.rule.estimates.sensitive_within'] })
      .waitFor();
    await shot(page, `${width}-portal-incident-refused-${locale}`);
    await fillChecked(page, 'report-sensitivePersonalInformation', '0');
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/incidents' && r.request().method() === 'POST'),
      page.getByTestId('report-submit').click(),
    ]);
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({ partnerId, drill: false, source: 'partner' });

    // Listed in its portal: a table at desktop width, cards on a phone; its own report on time.
    const listed = page.getByTestId(phone ? 'portal-incidents-card' : 'portal-incidents-table').filter({
      hasText: title,
    });
    await listed.waitFor();
    expect(await page.getByTestId(phone ? 'portal-incidents-table' : 'portal-incidents-cards').count()).toBe(0);
    const late = listed.getByTestId('portal-incident-late');
    await late.waitFor();
    expect(await late.getAttribute('data-late')).toBe('false');
    expect(await late.innerText()).toBe(t['portal.incidents.onTime']);
    await page.getByTestId('report-incident').waitFor({ state: 'hidden' });
    await shot(page, `${width}-portal-incidents-${locale}`);

    // The company's agreement with the partner is suspended, as the DSO reads it.
    const suspended = await eventually(
      () => dso.get(`/api/agreements/${agreementId}`),
      (r) => r.data.status === 'suspended',
      PATIENCE_MS,
    );
    expect(suspended.data).toMatchObject({ status: 'suspended', access: { granted: false } });

    expect(await untranslated(page)).toEqual([]);
    expect(await rawCodes(page)).toEqual([]);
    if (locale === 'zh-CN') {
      expect((await englishIn(content(page))).filter((word) => !DATA_WORDS.has(word))).toEqual([]);
    }
    expect(problems).toEqual([]);
    await close();
  });
});
