/**
 * The report routes over HTTP against the real dev server and store: the monthly report in each format (the
 * XLSX opened with exceljs's reader and its cells read, the PDF's text extracted and its Chinese titles found),
 * the language from `lang` or Accept-Language, bad input as problem+json, the roles that may not read it
 * refused; and the incident reports (annual, monthly section), whose routes had no HTTP test.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { incidentEntity } from '../../src/entities/incident';
import { startApi, users, type ApiHarness } from '../support/api';

const MONTH = '2026-10';
const YEAR = 2026;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let api: ApiHarness;

/** An incident as its workflow writes it, closed or contained, graded once. */
function anIncident(overrides: Record<string, unknown>) {
  const reportedAt = (overrides.reportedAt as string | undefined) ?? '2026-10-12T02:00:00.000Z';
  return {
    id: randomUUID(),
    version: 3,
    updatedAt: reportedAt,
    drill: false,
    source: 'internal',
    partnerId: 'partner-1',
    partnerName: '甲数据服务有限公司',
    kind: 'leak',
    title: '接口数据泄露',
    detectedAt: reportedAt,
    reportedAt,
    grade: 'IV',
    gradings: [
      {
        at: reportedAt,
        by: 'dso',
        grade: 'IV',
        from: null,
        estimates: {},
        importantOrCoreData: false,
        decidedBy: [],
      },
    ],
    status: 'contained',
    agreements: [
      {
        agreementId: randomUUID(),
        title: '营销数据共享',
        requestingUnit: 'unit-a',
        containment: 'contained',
        containedAt: reportedAt,
      },
    ],
    containment: { completedAt: reportedAt },
    deadlines: [],
    ...overrides,
  };
}

async function storeIncident(state: Record<string, unknown>) {
  await incidentEntity.model.collection.insertOne({
    _id: state.id,
    ...incidentEntity.storeUpdateOf(state as never).$set,
  } as never);
}

beforeAll(async () => {
  api = await startApi('reports_http');
  await storeIncident(anIncident({ grade: 'III', status: 'closed', closedAt: '2026-10-20T02:00:00.000Z' }));
  await storeIncident(anIncident({ reportedAt: '2026-10-25T02:00:00.000Z' }));
  await storeIncident(anIncident({ drill: true, title: '应急演练', reportedAt: '2026-10-05T02:00:00.000Z' }));
  await storeIncident(anIncident({ reportedAt: '2025-06-01T02:00:00.000Z' }));
}, 180_000);

afterAll(async () => {
  await api?.stop();
});

const binary = { responseType: 'arraybuffer' as const };

/** The PDF's text, extracted by pdf.js (pdf-parse) in a process of its own (test/support/pdf-text.mjs). */
function textOfPdf(data: ArrayBuffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(__dirname, '../support/pdf-text.mjs')],
      { maxBuffer: 16 * 1024 * 1024 },
      // A title wrapped onto two lines is one text: whitespace runs read as one space.
      (err, stdout) => (err ? reject(err) : resolve(stdout.replace(/\s+/g, ' '))),
    );
    child.stdin!.end(Buffer.from(data));
  });
}

describe('GET /api/reports/monthly/{period}', () => {
  it('answers JSON by default, computed live for a month never kept', async () => {
    const dso = await api.client(users.dso);
    const res = await dso.get(`/api/reports/monthly/${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.data).toMatchObject({ month: MONTH, source: 'live', version: 'monthly-report@1' });
    const incidents = res.data.figures.find((f: { id: string }) => f.id === 'incidents.reported');
    expect(incidents).toMatchObject({
      value: 2,
      breakdown: [
        { key: 'III', value: 1 },
        { key: 'IV', value: 1 },
      ],
    });
    expect(res.data.figures.find((f: { id: string }) => f.id === 'incidents.drills').value).toBe(1);
  });

  it('answers an XLSX workbook in zh-CN whose cells hold the title and every figure of the JSON', async () => {
    const auditor = await api.client(users.auditor);
    const json = (await auditor.get(`/api/reports/monthly/${MONTH}`)).data as {
      figures: { id: string; value: number | null }[];
    };
    const res = await auditor.get(`/api/reports/monthly/${MONTH}?format=xlsx&lang=zh-CN`, binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain(`datapact-monthly-report-${MONTH}-zh-CN.xlsx`);
    expect(res.headers['content-language']).toBe('zh-CN');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(res.data as ArrayBuffer) as never);
    const report = workbook.getWorksheet('报告')!;
    expect(report.getCell('A1').value).toBe(`数据对外合作安全管理月报（${MONTH}）`);
    const column = (report.getColumn(1).values as unknown[]).map(String);
    expect(column).toEqual(
      expect.arrayContaining(['数据对外提供情况', '数据安全事件情况', '存在的问题', '下一步工作建议']),
    );
    expect(column).toContain('发生的数据安全事件（起）');

    const figures = workbook.getWorksheet('指标')!;
    expect(figures.getRow(1).values).toEqual([undefined, '编号', '指标', '数值', '分项']);
    const rows: { id: string; value: unknown }[] = [];
    figures.eachRow((row, n) => {
      if (n > 1) rows.push({ id: String(row.getCell(1).value), value: row.getCell(3).value ?? null });
    });
    expect(rows).toEqual(json.figures.map((f) => ({ id: f.id, value: f.value })));
  });

  it('answers a PDF whose text, in zh-CN, holds the Chinese titles (an embedded CJK font)', async () => {
    const legal = await api.client(users.legal);
    const res = await legal.get(`/api/reports/monthly/${MONTH}?format=pdf`, {
      ...binary,
      headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-language']).toBe('zh-CN');
    const text = await textOfPdf(res.data as ArrayBuffer);
    for (const title of [
      `数据对外合作安全管理月报（${MONTH}）`,
      '数据对外提供情况',
      '合作方准入评估情况',
      '存在的问题',
      '下一步工作建议',
    ]) {
      expect(text).toContain(title);
    }
    expect(text).toContain('发生的数据安全事件（起）');
  });

  it('speaks English when Accept-Language puts English first, and when lang says so', async () => {
    const admin = await api.client(users.admin);
    const pdf = await admin.get(`/api/reports/monthly/${MONTH}?format=pdf`, {
      ...binary,
      headers: { 'Accept-Language': 'en-GB,en;q=0.9,zh;q=0.5' },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-language']).toBe('en');
    expect(await textOfPdf(pdf.data as ArrayBuffer)).toContain(
      `Monthly report on the security of external data cooperation (${MONTH})`,
    );
    const xlsx = await admin.get(`/api/reports/monthly/${MONTH}?format=xlsx&lang=en`, {
      ...binary,
      headers: { 'Accept-Language': 'zh-CN' },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.data as ArrayBuffer) as never);
    expect(workbook.getWorksheet('Report')!.getCell('A1').value).toBe(
      `Monthly report on the security of external data cooperation (${MONTH})`,
    );
  });

  it.each([
    ['a month that is not one', '/api/reports/monthly/2026-13'],
    ['a month without its leading zero', '/api/reports/monthly/2026-1'],
    ['an unknown format', `/api/reports/monthly/${MONTH}?format=docx`],
    ['an unknown language', `/api/reports/monthly/${MONTH}?lang=fr`],
    ['an unknown query parameter', `/api/reports/monthly/${MONTH}?year=2026`],
  ])('refuses %s with a 400 problem', async (_case, path) => {
    const dso = await api.client(users.dso);
    const res = await dso.get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.data).toMatchObject({ status: 400 });
  });

  it('answers 404 for a month that has not begun', async () => {
    const dso = await api.client(users.dso);
    const res = await dso.get('/api/reports/monthly/2099-01');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.data).toMatchObject({ code: 'report.not_found' });
  });

  it.each([
    ['a requester', users.requesterA],
    ['a security reviewer', users.reviewer],
    ["a partner's user", users.partnerA],
  ])('refuses %s with 403 in every format', async (_who, claims) => {
    const client = await api.client(claims);
    for (const format of ['json', 'xlsx', 'pdf']) {
      const res = await client.get(`/api/reports/monthly/${MONTH}?format=${format}`);
      expect({ format, status: res.status }).toEqual({ format, status: 403 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses a request without a token with 401', async () => {
    expect((await api.http.get(`/api/reports/monthly/${MONTH}`)).status).toBe(401);
  });
});

describe('GET /api/incident-reports/annual', () => {
  it("gives the year's incidents, drills apart, as data", async () => {
    const dso = await api.client(users.dso);
    const res = await dso.get(`/api/incident-reports/annual?year=${YEAR}`);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      year: YEAR,
      summary: { incidents: 2, closed: 1, open: 1, byGrade: { I: 0, II: 0, III: 1, IV: 1 } },
      drills: { count: 1 },
    });
    expect(res.data.incidents).toHaveLength(2);
    // The incident of 2025 is another year's.
    expect((await dso.get('/api/incident-reports/annual?year=2025')).data.summary.incidents).toBe(1);
  });

  it('gives the document in zh-CN as HTML and in en as text', async () => {
    const auditor = await api.client(users.auditor);
    const html = await auditor.get(`/api/incident-reports/annual/document?year=${YEAR}&lang=zh-CN`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.data).toContain(`${YEAR} 年度数据安全事件处置情况报告`);
    expect(html.data).toContain('甲数据服务有限公司');
    const text = await auditor.get(`/api/incident-reports/annual/document?year=${YEAR}&lang=en&format=text`);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.data).toContain(`Data-security incident handling report ${YEAR}`);
  });

  it.each([
    ['no year', '/api/incident-reports/annual'],
    ['a year out of range', '/api/incident-reports/annual?year=1999'],
    ['an unknown document format', `/api/incident-reports/annual/document?year=${YEAR}&format=pdf`],
  ])('refuses %s with a 400 problem', async (_case, path) => {
    const dso = await api.client(users.dso);
    const res = await dso.get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it("refuses a requester and a partner's user with 403", async () => {
    for (const claims of [users.requesterA, users.partnerA]) {
      const res = await (await api.client(claims)).get(`/api/incident-reports/annual?year=${YEAR}`);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('GET /api/incident-reports/monthly', () => {
  it("gives the month's incident section: its figures and incidents, and its document in the language asked", async () => {
    const reviewer = await api.client(users.reviewer);
    const res = await reviewer.get(`/api/incident-reports/monthly?month=${MONTH}&lang=en`);
    expect(res.status).toBe(200);
    const figures = Object.fromEntries(
      (res.data.section.figures as { id: string; value: number }[]).map((f) => [f.id, f.value]),
    );
    expect(figures).toMatchObject({ 'incidents.reported': 2, 'incidents.drills': 1, 'incidents.closed': 1 });
    // Reported in the month, closed in it, or still open at the cut-off (the open one of 2025 too); no drill.
    expect(res.data.section.incidents.map((i: { reportedAt: string }) => i.reportedAt)).toEqual([
      '2025-06-01T02:00:00.000Z',
      '2026-10-12T02:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    expect(res.data.document).toMatchObject({ locale: 'en', title: 'Data-security incidents' });
    const zh = await reviewer.get(`/api/incident-reports/monthly?month=${MONTH}`);
    expect(zh.data.document).toMatchObject({ locale: 'zh-CN', title: '数据安全事件情况' });
  });

  it.each([
    ['no month', '/api/incident-reports/monthly'],
    ['a bad month', '/api/incident-reports/monthly?month=2026-00'],
    ['an unknown language', `/api/incident-reports/monthly?month=${MONTH}&lang=de`],
  ])('refuses %s with a 400 problem', async (_case, path) => {
    const res = await (await api.client(users.dso)).get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a requester with 403', async () => {
    const res = await (await api.client(users.requesterA)).get(`/api/incident-reports/monthly?month=${MONTH}`);
    expect(res.status).toBe(403);
  });
});
