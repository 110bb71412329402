/**
 * The overview and the audit trail in the console, in real headless Chromium against the real API and
 * store: the DSO (zh-CN at 1440 px, then English) and a requester unit (zh-CN at 390 px) land on the
 * overview, whose charts are drawn (SVG) with labels in the page's language and no English on the Chinese
 * page outside data; the DSO filters the audit trail by action and subject type and exports it as CSV
 * and XLSX. Screenshots go to test-artifacts/console/.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { appendAuditEvent } from '../../src/audit/audit-log';
import { AgreementRowModel } from '../../src/entities/agreement';
import { FindingModel } from '../../src/entities/finding';
import { IncidentRowModel } from '../../src/entities/incident';
import { PartnerModel } from '../../src/entities/partner';
import { bucketOf } from '../../src/store/buckets';
import { launchChromium } from '../support/browser';
import { startApi, type ApiHarness } from '../support/api';
import { catalogue, englishIn, goTo, openPage, shot, signInAs, switchToEnglish, untranslated } from './console-harness';

jest.setTimeout(600_000);

const DAY_MS = 24 * 3600 * 1000;
let api: ApiHarness;
let browser: Browser;
const partnerId = randomUUID();
const overdueAgreement = randomUUID();
const otherUnitsAgreement = randomUUID();

beforeAll(async () => {
  api = await startApi('overview_browser', { devTokens: true });
  browser = await launchChromium();
  const row = (id: string, unit: string, status: string, grade: string, title: string, dueAt?: Date) => ({
    _id: id,
    version: 1,
    bucket: bucketOf(id),
    title,
    requestingUnit: unit,
    status,
    effectiveGrade: grade,
    ...(dueAt ? { dueAt } : {}),
  });
  await PartnerModel.create({
    _id: partnerId,
    bucket: bucketOf(partnerId),
    legalName: '北京数智云科技有限公司',
    creditCode: 'c-browser',
    status: 'approved',
    riskTier: 'medium',
  });
  await AgreementRowModel.insertMany([
    row(overdueAgreement, 'unit-a', 'in_review', 'important', '用户画像联合建模', new Date(Date.now() - 2 * DAY_MS)),
    row(randomUUID(), 'unit-a', 'active', 'general', '网络质量数据共享'),
    row(otherUnitsAgreement, 'unit-b', 'active', 'core', '信令数据分析'),
  ]);
  const incident = randomUUID();
  await IncidentRowModel.create({
    _id: incident,
    version: 1,
    bucket: bucketOf(incident),
    title: '接口异常访问',
    status: 'open',
    grade: 'III',
    drill: false,
  });
  const finding = randomUUID();
  await FindingModel.create({
    _id: finding,
    bucket: bucketOf(finding),
    status: 'open',
    severity: 'high',
    ownerUnit: 'unit-a',
    agreementId: overdueAgreement,
    agreementTitle: '用户画像联合建模',
    dueAt: new Date(Date.now() + 30 * DAY_MS),
  });
  await appendAuditEvent({
    actor: { sub: 'sec.reviewer', roles: ['security_reviewer'] },
    action: 'partner.approved',
    subject: { type: 'Partner', id: partnerId },
    before: { status: 'vetting' },
    after: { status: 'approved' },
  });
  await appendAuditEvent({
    actor: { sub: 'req.a', roles: ['requester'], unit: 'unit-a' },
    action: 'agreement.submitted',
    subject: { type: 'Agreement', id: overdueAgreement },
    before: { status: 'draft' },
    after: { status: 'in_review' },
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** The text the chart's SVG draws (axis labels, legend, slices). */
async function chartText(page: Page, testId: string): Promise<string> {
  const svg = page.locator(`[data-testid="${testId}"] svg`).first();
  await svg.waitFor();
  return (await svg.textContent()) ?? '';
}

describe('the overview', () => {
  it('shows the DSO every figure with charts in zh-CN, then in English', async () => {
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    await signInAs(page, 'dso');
    // The company's people land on the overview.
    await page.getByTestId('overview-due').waitFor();
    const zh = catalogue('zh-CN');
    expect(await page.getByTestId('overview-total-agreements').innerText()).toContain('3');
    // As of when the counts are (no snapshot yet here: the call's own time).
    expect(await page.getByTestId('overview-as-of').innerText()).toContain(zh['overview.asOf']!.split('{time}')[0]);
    const grades = await chartText(page, 'chart-agreements-grade');
    expect(grades).toContain(zh['agreement.status.in_review']);
    expect(grades).toContain(zh['grade.important']);
    expect(await chartText(page, 'chart-partners-tier')).toContain(zh['partner.tier.medium']);
    await chartText(page, 'chart-incidents-status');
    await chartText(page, 'chart-findings-severity');
    const link = page.locator(`[data-testid="due-item"][data-id="${overdueAgreement}"] [data-testid="due-link"]`);
    expect(await link.getAttribute('href')).toBe(`#/agreements/${overdueAgreement}`);
    // Data here is Chinese: any English word is the console's own.
    expect(await englishIn(page.getByTestId('overview'))).toEqual([]);
    expect(await untranslated(page)).toEqual([]);
    await shot(page, '1440-overview-zh-dso');

    await switchToEnglish(page);
    const en = catalogue('en-US');
    await page.locator('[data-testid="overview"] .ant-card-head-title', { hasText: en['overview.title'] }).waitFor();
    // The chart is drawn again in English.
    await page
      .locator('[data-testid="chart-agreements-grade"] svg text', { hasText: en['agreement.status.in_review'] })
      .first()
      .waitFor();
    expect(await chartText(page, 'chart-agreements-grade')).toContain(en['grade.important']);
    expect(await page.getByTestId('overview-as-of').innerText()).toContain(en['overview.asOf']!.split('{time}')[0]);
    expect(await untranslated(page)).toEqual([]);
    await shot(page, '1440-overview-en-dso');
    expect(problems).toEqual([]);
    await close();
  });

  it("shows a requester its own unit's figures at 390 px, charts drawn, in Chinese", async () => {
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 390 });
    await signInAs(page, 'req.a');
    await page.getByTestId('overview-due').waitFor();
    const zh = catalogue('zh-CN');
    expect(await page.getByTestId('overview-total-agreements').innerText()).toContain('2');
    expect(await page.getByTestId('chart-incidents-status').count()).toBe(0);
    const grades = await chartText(page, 'chart-agreements-grade');
    expect(grades).toContain(zh['agreement.status.active']);
    expect(grades).not.toContain(zh['grade.core']);
    await chartText(page, 'chart-findings-status');
    expect(await page.locator(`[data-testid="due-item"][data-id="${overdueAgreement}"]`).count()).toBe(1);
    expect(await page.locator(`[data-id="${otherUnitsAgreement}"]`).count()).toBe(0);
    expect(await englishIn(page.getByTestId('overview'))).toEqual([]);
    expect(await untranslated(page)).toEqual([]);
    await shot(page, '390-overview-zh-requester');
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the audit trail', () => {
  it('is filtered by action and subject type, and exported as CSV and XLSX', async () => {
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    await signInAs(page, 'dso');
    await goTo(page, 'audit');
    const zh = catalogue('zh-CN');
    await page.getByTestId('audit-row').first().waitFor();
    // Newest first: the submission, then the approval.
    const seqs = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await page.getByTestId('audit-subject').allInnerTexts()).toEqual(
      expect.arrayContaining(['北京数智云科技有限公司', '用户画像联合建模']),
    );

    await page.getByTestId('audit-filter-action').click();
    await page.keyboard.type(zh['timeline.partner.approved']);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: zh['timeline.partner.approved'],
      })
      .first()
      .click();
    await page.getByTestId('audit-filter-subject-type').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: zh['audit.subject.Partner'],
      })
      .first()
      .click();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes('action=partner.approved')),
      page.getByTestId('audit-search').click(),
    ]);
    await page.getByTestId('audit-row').first().waitFor();
    expect(await page.getByTestId('audit-action').allInnerTexts()).toEqual([zh['timeline.partner.approved']]);
    const subject = page.getByTestId('audit-subject').first();
    expect(await subject.getAttribute('href')).toBe(`#/partners/${partnerId}`);
    expect(await page.getByTestId('audit-change').first().innerText()).toBe(
      `${zh['audit.field.status']}: ${zh['partner.status.vetting']} → ${zh['partner.status.approved']}`,
    );
    expect(await englishIn(page.getByTestId('audit-changes'))).toEqual([]);
    await shot(page, '1440-audit-filtered-zh-dso');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',')[0]).toBe(zh['audit.col.seq']);
    // The filters travel with the export: one event, the approval.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('partner.approved');
    expect(lines[1]).toContain('北京数智云科技有限公司');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    // An XLSX file is a zip archive.
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    expect(await untranslated(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});
