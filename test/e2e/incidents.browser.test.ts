/**
 * An incident in the console, in real headless Chromium against the real stack: a security reviewer reports
 * it through the form against a partner with two active agreements, sees both suspended on the incident's
 * page, and records that handling ended; the DSO closes it with resume and sees the sharing resumed. In
 * Chinese at 1440 px. Screenshots go to test-artifacts/console/.
 */
import type { AxiosInstance } from 'axios';
import type { Browser, Page } from 'playwright-core';
import { accessLedgerOf } from '../../activities/connectors/access-ledger';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { launchChromium } from '../support/browser';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { anAsset } from '../support/factories';
import { anActiveAgreementThroughApi } from '../support/agreements';
import { anApprovedPartnerThroughApi } from '../support/partners';
import { catalogue, fillChecked, goTo, openPage, settled, shot, signInAs, untranslated } from './console-harness';

/** How long the workflows may take to show a step on a loaded machine. */
const PATIENCE_MS = 90_000;

jest.setTimeout(600_000);

let api: ApiHarness;
let browser: Browser;
let requester: AxiosInstance;
let reviewer: AxiosInstance;

beforeAll(async () => {
  api = await startApi('incidents_browser', { devTokens: true });
  browser = await launchChromium();
  requester = await api.client(users.requesterA);
  reviewer = await api.client(users.reviewer);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** A partner nominated, answered and approved through the API. */
const anApprovedPartner = async (legalName: string) =>
  (
    await anApprovedPartnerThroughApi(
      api,
      { nominator: requester, reviewer },
      { patienceMs: PATIENCE_MS, nomination: { legalName } },
    )
  ).id;

/** A request of unit A approved by its two stages: active, its access granted. */
const anActiveAgreement = async (partnerId: string, assetId: string) =>
  anActiveAgreementThroughApi(
    { requester, unitHead: await api.client(users.unitHeadA), reviewer },
    partnerId,
    assetId,
    PATIENCE_MS,
  );

async function pickOption(page: Page, label: string) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
    hasText: label,
  });
  await option.first().click();
}

/** Every agreement row of the incident's page shows this containment (the page follows the workflows). */
async function containmentShown(page: Page, word: string, count: number) {
  const tags = page.getByTestId('incident-agreement-containment').filter({ hasText: word });
  await tags.nth(count - 1).waitFor({ timeout: PATIENCE_MS });
  expect(await tags.count()).toBe(count);
}

describe('an incident through the console at 1440 px in zh-CN', () => {
  const words = catalogue('zh-CN');

  it('a reviewer reports it and sees both agreements suspended; the DSO closes it with resume and the sharing resumes', async () => {
    const legalName = `浏览器事件 ${Date.now() % 100000} 有限公司`;
    const partnerId = await anApprovedPartner(legalName);
    const dso = await api.client(users.dso);
    const asset = await dso.post('/api/assets', anAsset());
    expect(asset.status).toBe(201);
    const agreementIds = [
      await anActiveAgreement(partnerId, asset.data.id),
      await anActiveAgreement(partnerId, asset.data.id),
    ];

    // The reviewer reports through the form.
    const reporting = await openPage(browser, api.baseUrl, { width: 1440 });
    const page = reporting.page;
    await signInAs(page, users.reviewer.sub);
    await goTo(page, 'incidents');
    await page.getByTestId('incidents').waitFor();
    await page.getByTestId('incident-report').click();
    await settled(page.locator('.ant-drawer-section:visible, .ant-drawer-content:visible').first());
    await page.getByTestId('report-partner').waitFor();
    await page.getByTestId('report-partner').click();
    await pickOption(page, legalName);
    await fillChecked(page, 'report-title', '合作方接口日志泄露');
    await fillChecked(page, 'report-description', '合作方测试环境的接口日志被公开访问');
    await shot(page, '1440-incident-report-zh-CN');
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/incidents' && r.request().method() === 'POST'),
      page.getByTestId('report-submit').click(),
    ]);
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;

    // Its page follows the containment until both agreements are suspended.
    await page.getByTestId('incident-title').waitFor();
    await containmentShown(page, words['incident.containment.contained'], 2);
    for (const agreementId of agreementIds) {
      expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
        granted: false,
        effectiveRevokes: 1,
      });
    }
    await shot(page, '1440-incident-contained-zh-CN');
    // A reviewer does not close.
    expect(await page.getByTestId('incident-close').count()).toBe(0);
    await page.getByTestId('incident-investigation-rootCause').fill('测试环境访问控制配置错误');
    await page.getByTestId('incident-handling-ended').check();
    const [investigated] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/api/incidents/${id}/investigation`),
      page.getByTestId('incident-investigation-save').click(),
    ]);
    expect(investigated.status()).toBe(200);
    await page.getByTestId('incident-status').filter({ hasText: '处置结束' }).waitFor();
    expect(await untranslated(page)).toEqual([]);
    expect(reporting.problems).toEqual([]);
    await reporting.close();

    // The DSO closes it with resume.
    const closing = await openPage(browser, api.baseUrl, { width: 1440 });
    await signInAs(closing.page, users.dso.sub);
    await closing.page.goto(`${api.baseUrl}/#/incidents/${id}`);
    await closing.page.getByTestId('incident-close').waitFor();
    await closing.page.getByTestId('incident-close-reason').fill('排查为误报，恢复共享');
    const [closed] = await Promise.all([
      closing.page.waitForResponse((r) => new URL(r.url()).pathname === `/api/incidents/${id}/closure`),
      closing.page.getByTestId('incident-close-resume').click(),
    ]);
    expect(closed.status()).toBe(200);
    await closing.page.getByTestId('incident-closed').waitFor();
    await containmentShown(closing.page, words['incident.containment.resumed'], 2);
    await shot(closing.page, '1440-incident-closed-zh-CN');
    for (const agreementId of agreementIds) {
      const resumed = await eventually(
        () => requester.get(`/api/agreements/${agreementId}`),
        (r) => r.data.status === 'active',
        PATIENCE_MS,
      );
      expect(resumed.data).toMatchObject({ status: 'active', access: { granted: true } });
    }
    expect(await untranslated(closing.page)).toEqual([]);
    expect(closing.problems).toEqual([]);
    await closing.close();
  });
});
