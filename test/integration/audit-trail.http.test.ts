/**
 * The audit trail as auditors use it, on a real API and store: newest first, filters from fixed lists and
 * a date range, subjects named, and the filtered trail exported as CSV and XLSX (headers in the asked
 * language, formula-like cells as text), for auditors and the DSO only; bad filters are 400s.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { appendAuditEvent } from '../../src/audit/audit-log';
import { PartnerModel } from '../../src/entities/partner';
import { bucketOf } from '../../src/store/buckets';
import { en } from '../../src/console/i18n/en';
import { zhCN } from '../../src/console/i18n/zh-CN';
import { startApi, users, type ApiHarness } from '../support/api';

let api: ApiHarness;
const partnerId = randomUUID();
const INJECTED = '=HYPERLINK("http://evil.example","x")';

beforeAll(async () => {
  api = await startApi('audit_trail');
  await PartnerModel.create({
    _id: partnerId,
    bucket: bucketOf(partnerId),
    legalName: '北京数智云科技有限公司',
    creditCode: 'c-1',
  });
  // Three months, oldest first: the sequence follows time.
  await appendAuditEvent({
    at: new Date('2026-03-02T02:00:00Z'),
    actor: { sub: 'li.na', roles: ['requester'], unit: 'unit-a' },
    action: 'partner.nominated',
    subject: { type: 'Partner', id: partnerId },
    after: { status: 'nominated' },
  });
  await appendAuditEvent({
    at: new Date('2026-06-02T02:00:00Z'),
    actor: { sub: 'chen.jie', roles: ['security_reviewer'] },
    action: 'partner.approved',
    subject: { type: 'Partner', id: partnerId },
    before: { status: 'vetting', stage: 'review' },
    after: { status: 'approved' },
    reason: INJECTED,
  });
  await appendAuditEvent({
    at: new Date('2026-09-02T02:00:00Z'),
    actor: { sub: 'li.na', roles: ['requester'], unit: 'unit-a' },
    action: 'asset.created',
    subject: { type: 'DataAsset', id: 'asset-1' },
    after: { name: '+cmd|calc', grade: 'general' },
  });
});
afterAll(async () => {
  await api?.stop();
});

interface Event {
  seq: number;
  action: string;
  subject: { type: string; id: string };
  subjectName?: string;
}

describe('GET /api/audit', () => {
  it('lists newest first, pages downwards, and names the subjects it can', async () => {
    const auditor = await api.client(users.auditor);
    const first = await auditor.get('/api/audit', { params: { limit: 2 } });
    expect(first.status).toBe(200);
    expect(first.data.items.map((e: Event) => e.seq)).toEqual([3, 2]);
    expect(first.data.items[1]).toMatchObject({
      subject: { type: 'Partner', id: partnerId },
      subjectName: '北京数智云科技有限公司',
    });
    const second = await auditor.get('/api/audit', { params: { limit: 2, cursor: first.data.nextCursor } });
    expect(second.data.items.map((e: Event) => e.seq)).toEqual([1]);
    expect(second.data.nextCursor).toBeUndefined();
  });

  it('filters by action, subject type, actor and a date range', async () => {
    const dso = await api.client(users.dso);
    const seqs = async (params: Record<string, string>) =>
      ((await dso.get('/api/audit', { params })).data.items as Event[]).map((e) => e.seq);
    expect(await seqs({ action: 'partner.approved' })).toEqual([2]);
    expect(await seqs({ subjectType: 'Partner' })).toEqual([2, 1]);
    expect(await seqs({ actor: 'li.na' })).toEqual([3, 1]);
    expect(await seqs({ from: '2026-04-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' })).toEqual([3, 2]);
    expect(await seqs({ from: '2026-04-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00', actor: 'li.na' })).toEqual([
      3,
    ]);
  });

  it('refuses a filter not in its list or a range that ends before it starts (400), and readers of no trail (403)', async () => {
    const auditor = await api.client(users.auditor);
    for (const params of [
      { action: 'partner.made_up' },
      { subjectType: 'Spaceship' },
      { from: '2026-10-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      { from: 'yesterday' },
    ]) {
      const res = await auditor.get('/api/audit', { params });
      expect({ params, status: res.status, type: res.headers['content-type'] }).toEqual({
        params,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
    for (const claims of [users.requesterA, users.reviewer, users.partnerA]) {
      expect((await (await api.client(claims)).get('/api/audit')).status).toBe(403);
    }
  });
});

describe('GET /api/audit/export', () => {
  it('writes the filtered trail as CSV: BOM, the language’s headers, newest first, names, changes, formulas as text', async () => {
    const auditor = await api.client(users.auditor);
    const res = await auditor.get('/api/audit/export', {
      params: { format: 'csv', subjectType: 'Partner' },
      // As bytes: axios would drop the byte-order mark from a text.
      responseType: 'arraybuffer',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?audit-trail-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const text = Buffer.from(res.data as ArrayBuffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',')).toEqual([
      zhCN['audit.col.seq'],
      zhCN['audit.col.at'],
      zhCN['audit.export.actorId'],
      zhCN['audit.col.actor'],
      zhCN['audit.export.actionCode'],
      zhCN['audit.col.action'],
      zhCN['audit.filter.subjectType'],
      zhCN['audit.filter.subjectId'],
      zhCN['audit.export.subjectName'],
      zhCN['audit.col.changes'],
      zhCN['audit.col.reason'],
      zhCN['audit.export.why'],
      zhCN['audit.export.ruleVersion'],
      zhCN['audit.export.hash'],
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^2,2026-06-02 10:00:00,chen\.jie,/);
    expect(lines[1]).toContain(
      `partner.approved,${zhCN['timeline.partner.approved']},${zhCN['audit.subject.Partner']},${partnerId},北京数智云科技有限公司`,
    );
    expect(lines[1]).toContain(
      `"${zhCN['audit.field.status']}: vetting → approved\n${zhCN['audit.field.stage']}: review → "`,
    );
    // The person's words would run as a formula in a spreadsheet: written as text.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[2]).toMatch(/^1,2026-03-02 10:00:00,li\.na,/);
  });

  it('writes XLSX with English headers when asked, every cell a value and none a formula', async () => {
    const dso = await api.client(users.dso);
    const res = await dso.get('/api/audit/export', {
      params: { format: 'xlsx', lang: 'en', from: '2026-05-01T00:00:00Z' },
      responseType: 'arraybuffer',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.data as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Audit trail');
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]!.slice(0, 3)).toEqual([en['audit.col.seq'], en['audit.col.at'], en['audit.export.actorId']]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([3, 2]);
    expect(rows[1]![4]).toBe('asset.created');
    expect(rows[1]![9]).toBe(`${en['audit.field.name']}:  → +cmd|calc\n${en['audit.field.grade']}:  → general`);
    expect(rows[2]![10]).toBe(INJECTED);
    sheet.eachRow((row) =>
      row.eachCell((cell) => expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number]).toContain(cell.type)),
    );
  });

  it('refuses a bad format or filter (400) and whoever may not read the trail (403)', async () => {
    const auditor = await api.client(users.auditor);
    for (const params of [{ format: 'pdf' }, {}, { format: 'csv', action: 'nope' }, { format: 'csv', lang: 'fr' }]) {
      const res = await auditor.get('/api/audit/export', { params });
      expect({ params, status: res.status, type: res.headers['content-type'] }).toEqual({
        params,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
    for (const claims of [users.requesterA, users.reviewer, users.admin, users.partnerA]) {
      const res = await (await api.client(claims)).get('/api/audit/export', { params: { format: 'csv' } });
      expect({ sub: claims.sub, status: res.status }).toEqual({ sub: claims.sub, status: 403 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
