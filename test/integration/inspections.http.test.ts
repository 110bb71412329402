/**
 * The inspection API in-process against the real dev server and store, with real signed tokens: the DSO
 * runs an inspection now and follows it to its report; findings are listed within each caller's scope;
 * the owner unit submits evidence and a security reviewer verifies it through the routes; bad input,
 * missing records and refused steps answer application/problem+json.
 */
import { randomUUID } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import {
  aLiveAgreement,
  aLivePartner,
  aPeriodOn,
  endRectifications,
  isProblem,
  storeAgreements,
  storePartners,
} from '../support/inspections';

const DAY = 24 * 3600 * 1000;
const PERIOD = aPeriodOn('2026-12-01');

let api: ApiHarness;
let dso: AxiosInstance;
let requesterA: AxiosInstance;
let requesterB: AxiosInstance;
let reviewer: AxiosInstance;

beforeAll(async () => {
  api = await startApi('inspections_http');
  dso = await api.client(users.dso);
  requesterA = await api.client(users.requesterA);
  requesterB = await api.client(users.requesterB);
  reviewer = await api.client(users.reviewer);
  const partner = aLivePartner();
  await storePartners([partner]);
  const ended = new Date(Date.now() - 10 * DAY).toISOString();
  await storeAgreements([
    aLiveAgreement(partner, { requestingUnit: 'unit-a' }),
    aLiveAgreement(partner, { requestingUnit: 'unit-a', endsAt: ended }),
    aLiveAgreement(partner, { requestingUnit: 'unit-a', endsAt: ended }),
    aLiveAgreement(partner, { requestingUnit: 'unit-b', endsAt: ended }),
  ]);
}, 120_000);

afterAll(async () => {
  await endRectifications(api.temporal, PERIOD);
  await api?.stop();
});

describe('POST /api/inspections', () => {
  it('refuses a requester (403) and a malformed period (400), as problem documents', async () => {
    const refused = await requesterA.post('/api/inspections', { period: PERIOD });
    expect(refused.status).toBe(403);
    expect(isProblem(refused)).toBe(true);
    const bad = await dso.post('/api/inspections', { period: 'last month' });
    expect(bad.status).toBe(400);
    expect(isProblem(bad)).toBe(true);
    const unknown = await dso.post('/api/inspections', { period: PERIOD, scope: 'all' });
    expect(unknown.status).toBe(400);
  });

  it('runs an inspection for the DSO; its progress, the run and its report follow', async () => {
    const started = await dso.post('/api/inspections', { period: PERIOD });
    expect(started.status).toBe(202);
    expect(started.data).toEqual({ period: PERIOD, workflowId: `inspection-${PERIOD}` });

    const progress = await eventually(
      () => dso.get(`/api/inspections/${PERIOD}/progress`),
      (res) => res.status === 200 && res.data.status === 'completed',
      60_000,
    );
    expect(progress.data).toMatchObject({ status: 'completed', progress: { scanned: 4, findings: 3, raised: 3 } });
    // The run's document is written last: the report is there once the store says the run completed.
    const run = await eventually(
      () => dso.get(`/api/inspections/${PERIOD}`),
      (res) => res.status === 200 && res.data.status === 'completed',
    );
    expect(run.data).toMatchObject({ trigger: 'on_demand', requestedBy: users.dso.sub, runs: 1 });

    const report = await dso.get(`/api/inspections/${PERIOD}/report`);
    expect(report.status).toBe(200);
    expect(report.data).toMatchObject({
      period: PERIOD,
      scanned: 4,
      findings: 3,
      bySeverity: { high: 3, critical: 0 },
      byUnit: expect.arrayContaining([expect.objectContaining({ key: 'unit-a', findings: 2 })]),
    });
    const byRule = (report.data.byRule as { ruleId: string; findings: number }[]).filter((r) => r.findings > 0);
    expect(byRule).toEqual([{ ruleId: 'agreement_past_end', findings: 3 }]);
    const runs = await dso.get('/api/inspections', { params: { status: 'completed' } });
    expect(runs.data.items.map((r: { period: string }) => r.period)).toContain(PERIOD);
    expect((await dso.get('/api/inspections/2026-01-01-none')).status).toBe(404);
  });
});

describe('GET /api/findings', () => {
  it("lists findings within the caller's scope: the DSO all, a unit its own, another unit's filter nothing", async () => {
    const all = await dso.get('/api/findings', { params: { period: PERIOD } });
    expect(all.status).toBe(200);
    expect(all.data.items).toHaveLength(3);
    const ofA = await requesterA.get('/api/findings', { params: { period: PERIOD } });
    expect(ofA.data.items.map((f: { ownerUnit: string }) => f.ownerUnit)).toEqual(['unit-a', 'unit-a']);
    const askingB = await requesterA.get('/api/findings', { params: { period: PERIOD, unit: 'unit-b' } });
    expect(askingB.data.items).toEqual([]);
    const paged = await dso.get('/api/findings', { params: { period: PERIOD, limit: 2 } });
    expect(paged.data.items).toHaveLength(2);
    const rest = await dso.get('/api/findings', {
      params: { period: PERIOD, limit: 2, cursor: paged.data.nextCursor },
    });
    expect(rest.data.items).toHaveLength(1);
    expect((await dso.get('/api/findings', { params: { severity: 'grave' } })).status).toBe(400);
  });
});

describe('POST /api/findings/{id}/evidence and /verification', () => {
  it('takes the owner unit’s evidence and a reviewer’s verification; refuses others with problem documents', async () => {
    const [finding] = (await requesterA.get('/api/findings', { params: { period: PERIOD } })).data.items as {
      id: string;
    }[];
    const id = finding!.id;

    const otherUnit = await requesterB.post(`/api/findings/${id}/evidence`, { text: 'not ours' });
    expect(otherUnit.status).toBe(403);
    expect(isProblem(otherUnit)).toBe(true);
    expect((await requesterA.post(`/api/findings/${id}/evidence`, { text: '' })).status).toBe(400);

    const submitted = await requesterA.post(`/api/findings/${id}/evidence`, { text: '协议已续签 / agreement renewed' });
    expect(submitted.status).toBe(200);
    expect(submitted.data).toMatchObject({ id, status: 'rectifying', evidenceBy: users.requesterA.sub });
    const again = await requesterA.post(`/api/findings/${id}/evidence`, { text: 'twice' });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ code: 'finding.not_open' });

    expect((await requesterA.post(`/api/findings/${id}/verification`, { outcome: 'verify' })).status).toBe(403);
    const noReason = await reviewer.post(`/api/findings/${id}/verification`, { outcome: 'send_back' });
    expect(noReason.status).toBe(400);
    expect(isProblem(noReason)).toBe(true);
    const verified = await reviewer.post(`/api/findings/${id}/verification`, { outcome: 'verify' });
    expect(verified.status).toBe(200);
    expect(verified.data).toMatchObject({
      id,
      status: 'verified',
      closure: { reason: 'verified', by: users.reviewer.sub },
    });

    const read = await requesterA.get(`/api/findings/${id}`);
    expect(read.data).toMatchObject({ status: 'verified', version: 3 });
    const timeline = await eventually(
      () => dso.get(`/api/findings/${id}/timeline`),
      (res) => res.data.items?.length >= 2,
    );
    expect(timeline.data.items.map((e: { action: string }) => e.action)).toEqual([
      'finding.evidence_submitted',
      'finding.verified',
    ]);
    expect((await dso.get(`/api/findings/${randomUUID()}`)).status).toBe(404);
    expect((await dso.get('/api/findings/not-an-id')).status).toBe(400);
  });
});
