/**
 * The monthly report in the console, in real headless Chromium against the real stack: the DSO opens the
 * Reports page from the menu in Chinese, sees the last month's report as tables with Chinese headings, and
 * downloads its PDF and XLSX (fetched with the bearer token, saved from a blob); the PDF's text holds the
 * Chinese title (pdf.js in its own process) and the workbook opens with exceljs's reader.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Download } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startApi, users, type ApiHarness } from '../support/api';
import { goTo, openPage, settled, shot, signInAs, untranslated } from './console-harness';

jest.setTimeout(300_000);

const TITLE = '数据对外合作安全管理月报';

let api: ApiHarness;
let browser: Browser;

beforeAll(async () => {
  api = await startApi('reports_browser', { devTokens: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

function textOfPdf(file: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(__dirname, '../support/pdf-text.mjs')],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout.replace(/\s+/g, ' '))),
    );
    child.stdin!.end(file);
  });
}

const saved = async (download: Download) => readFile((await download.path())!);

describe('the Reports page', () => {
  it('shows the monthly report in zh-CN and downloads its PDF and XLSX', async () => {
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    try {
      await signInAs(page, users.dso.sub);
      await goTo(page, 'reports');
      const title = page.getByTestId('report-title');
      await title.waitFor();
      expect(await title.textContent()).toMatch(new RegExp(`^${TITLE}（\\d{4}-\\d{2}）$`));
      const month = /（(\d{4}-\d{2})）/.exec((await title.textContent())!)![1]!;
      await settled(page.getByTestId('report-section-sharing'));
      expect(await page.getByTestId('report-section-sharing').textContent()).toContain('数据对外提供情况');
      expect(await page.getByTestId('report-section-incidents').textContent()).toContain('发生的数据安全事件（起）');
      // The findings by severity and by rule, drawn (or said to be none) under zh-CN captions.
      for (const chart of ['report-chart-severity', 'report-chart-rules']) {
        const figure = page.getByTestId(chart);
        await figure.locator('svg').first().waitFor();
        expect(await figure.locator('figcaption').textContent()).toMatch(/^本月发现的问题 · /);
      }
      expect(await untranslated(page)).toEqual([]);
      await shot(page, 'reports-zh-CN');

      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-pdf').click()]);
      expect(pdf.suggestedFilename()).toBe(`datapact-monthly-report-${month}-zh-CN.pdf`);
      const pdfFile = await saved(pdf);
      expect(pdfFile.subarray(0, 5).toString()).toBe('%PDF-');
      expect(await textOfPdf(pdfFile)).toContain(`${TITLE}（${month}）`);

      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('report-download-xlsx').click(),
      ]);
      expect(xlsx.suggestedFilename()).toBe(`datapact-monthly-report-${month}-zh-CN.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await saved(xlsx)) as never);
      expect(workbook.getWorksheet('报告')!.getCell('A1').value).toBe(`${TITLE}（${month}）`);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('is not in the menu of a requester', async () => {
    const { page, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    try {
      await signInAs(page, users.requesterA.sub);
      await page.getByTestId('nav-agreements').waitFor();
      expect(await page.getByTestId('nav-reports').count()).toBe(0);
    } finally {
      await close();
    }
  });
});
