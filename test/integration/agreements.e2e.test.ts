/**
 * Sharing agreements through the API with the demo roles, against the real dev server and store: a
 * request from draft to active to revoked, with the access ledger showing one grant and one revoke; a
 * blacklisting revoking every active agreement of the partner; a refusal listing every reason; the
 * route shown before submission; who reads what (another unit, a partner's users, an auditor); the
 * list's filters and pages; a step sent twice under one Idempotency-Key; a step at the wrong time.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import { accessLedgerOf } from '../../activities/connectors/access-ledger';
import { INTERNAL_AGREEMENT_FIELDS } from '../../policies/abilities';
import { R7_CONTROLS } from '../../policies/parameters';
import { AgreementModel } from '../../src/entities/agreement';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aPartnerUser, agreementStepBodies, anAgreementRequest, anAsset, shanghaiDate } from '../support/factories';
import { anApprovedPartnerThroughApi } from '../support/partners';

let api: ApiHarness;
let requester: AxiosInstance;
let unitHead: AxiosInstance;
let reviewer: AxiosInstance;
let dso: AxiosInstance;

beforeAll(async () => {
  api = await startApi('agreements_e2e');
  requester = await api.client(users.requesterA);
  unitHead = await api.client(users.unitHeadA);
  reviewer = await api.client(users.reviewer);
  dso = await api.client(users.dso);
});
afterAll(async () => {
  await api?.stop();
});

/** A partner nominated, answered and approved through the API. */
const anApprovedPartner = async () => (await anApprovedPartnerThroughApi(api, { nominator: requester, reviewer })).id;

async function anAssetOfUnitA(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await dso.post('/api/assets', anAsset(overrides));
  expect(res.status).toBe(201);
  return res.data.id;
}

async function ledgerOf(agreementId: string) {
  return await accessLedgerOf(AccessLedgerModel, agreementId);
}

/** A draft of unit A's requester (or another requester's) with the partner, for one asset. */
async function aDraft(
  partnerId: string,
  assetId: string,
  overrides: Record<string, unknown> = {},
  by: AxiosInstance = requester,
): Promise<string> {
  const drafted = await by.post('/api/agreements', {
    title: '网络质量联合分析',
    request: anAgreementRequest(partnerId, assetId, overrides),
  });
  expect(drafted.status).toBe(201);
  return drafted.data.id as string;
}

/** A draft submitted: in review, at the unit head's stage. */
async function anAgreementInReview(partnerId: string, assetId: string, overrides: Record<string, unknown> = {}) {
  const id = await aDraft(partnerId, assetId, overrides);
  const submitted = await requester.post(`/api/agreements/${id}/submission`, {});
  expect(submitted.data).toMatchObject({ status: 'in_review', review: { current: 'unit_head' } });
  return id;
}

/** A request of unit A approved by its two stages: active, its access granted. */
async function anActiveAgreement(partnerId: string, assetId: string): Promise<string> {
  const id = await anAgreementInReview(partnerId, assetId);
  const byHead = await unitHead.post(`/api/agreements/${id}/decisions`, { stage: 'unit_head', outcome: 'approve' });
  expect(byHead.status).toBe(200);
  const byReviewer = await reviewer.post(`/api/agreements/${id}/decisions`, {
    stage: 'security_review',
    outcome: 'approve',
  });
  expect(byReviewer.status).toBe(200);
  const active = await eventually(
    () => requester.get(`/api/agreements/${id}`),
    (r) => r.data.status === 'active',
  );
  expect(active.data).toMatchObject({ status: 'active', access: { granted: true } });
  return id;
}

const idsOf = (res: AxiosResponse) => (res.data.items as { id: string }[]).map((item) => item.id);
const codesOf = (reasons: { code: string }[]) => reasons.map((r) => r.code).sort();

describe('a sharing agreement through the API', () => {
  it('goes from draft through its two stages to active, then is ended early: one grant, one revoke, the attestation awaited then received', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();

    const drafted = await requester.post('/api/agreements', {
      title: '流量数据共享',
      request: anAgreementRequest(partnerId, assetId),
    });
    expect(drafted.status).toBe(201);
    expect(drafted.data).toMatchObject({ status: 'draft', effectiveGrade: 'general', requestingUnit: 'unit-a' });
    const id = drafted.data.id as string;

    const submitted = await requester.post(`/api/agreements/${id}/submission`, {});
    expect(submitted.status).toBe(200);
    expect(submitted.data).toMatchObject({
      status: 'in_review',
      review: { current: 'unit_head', stages: ['unit_head', 'security_review'] },
    });

    const byHead = await unitHead.post(`/api/agreements/${id}/decisions`, { stage: 'unit_head', outcome: 'approve' });
    expect(byHead.status).toBe(200);
    expect(byHead.data.review.current).toBe('security_review');
    const byReviewer = await reviewer.post(`/api/agreements/${id}/decisions`, {
      stage: 'security_review',
      outcome: 'approve',
    });
    expect(byReviewer.status).toBe(200);
    expect(['approved', 'active']).toContain(byReviewer.data.status);

    const active = await eventually(
      () => requester.get(`/api/agreements/${id}`),
      (r) => r.data.status === 'active',
    );
    expect(active.data).toMatchObject({ access: { granted: true, grants: 1 }, provision: { reportable: false } });
    expect(await ledgerOf(id)).toMatchObject({ grants: 1, granted: true });

    const ended = await requester.post(`/api/agreements/${id}/early-end`, { reason: '项目提前结束' });
    expect(ended.status).toBe(200);
    expect(ended.data).toMatchObject({
      status: 'revoked',
      attestation: { status: 'awaiting' },
      ending: { trigger: 'early_end' },
    });
    expect(await ledgerOf(id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });

    const portal = await api.client(aPartnerUser(partnerId));
    const attested = await portal.post(`/api/agreements/${id}/deletion-attestation`, {
      what: '全部共享数据及其备份',
      deletedAt: new Date().toISOString(),
      deletedBy: '王经理',
      method: 'crypto_erase',
      includesBackups: true,
    });
    expect(attested.status).toBe(200);
    expect(attested.data.status).toBe('closed');
    expect(attested.data).not.toHaveProperty('decisions');
    const timeline = await reviewer.get(`/api/agreements/${id}/timeline`);
    expect(timeline.data.items.map((e: { action: string }) => e.action)).toEqual([
      'agreement.drafted',
      'agreement.submitted',
      'agreement.stage_approved',
      'agreement.approved',
      'agreement.provision_recorded',
      'agreement.activated',
      'agreement.revoking',
      'agreement.revoked',
      'agreement.attestation_received',
      'agreement.closed',
    ]);
  });
});

describe('a blacklisting', () => {
  it('of a partner with two active agreements revokes both: each has one grant and one effective revoke in the ledger', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const ids = [await anActiveAgreement(partnerId, assetId), await anActiveAgreement(partnerId, assetId)];

    const blacklisted = await dso.post(`/api/partners/${partnerId}/blacklisting`, { reason: '违规转售共享数据' });
    expect(blacklisted.status).toBe(200);
    expect(blacklisted.data.status).toBe('blacklisted');

    for (const id of ids) {
      const revoked = await eventually(
        () => requester.get(`/api/agreements/${id}`),
        (r) => r.data.status === 'revoked',
        60_000,
      );
      expect(revoked.data).toMatchObject({
        status: 'revoked',
        // The DSO's words as written, and the system's reason as a code for the reader's language.
        ending: {
          trigger: 'partner_blacklisted',
          reason: '违规转售共享数据',
          why: { code: 'agreement.partner_blacklisted', params: {} },
        },
        access: { granted: false, grants: 1, revokes: 1 },
        attestation: { status: 'awaiting' },
      });
      expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
      const revoking = await AuditEventModel.findOne({ 'subject.id': id, action: 'agreement.revoking' }).lean();
      expect(revoking).toMatchObject({
        reason: '违规转售共享数据',
        why: { code: 'agreement.partner_blacklisted' },
      });
    }
    const listed = await dso.get('/api/agreements', { params: { partnerId, status: 'revoked' } });
    expect(idsOf(listed).sort()).toEqual([...ids].sort());
  });
});

describe('POST /api/agreements/{id}/submission', () => {
  it('refuses a request that cannot be approved with every reason at once, and the draft stays as it was', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const id = await aDraft(partnerId, assetId, {
      assets: [{ assetId, fields: ['region', 'imsi'] }],
      startDate: shanghaiDate(30),
      endDate: shanghaiDate(10),
      controls: ['access_control'],
    });

    const refused = await requester.post(`/api/agreements/${id}/submission`, {});

    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.data).toMatchObject({ code: 'agreement.not_approvable', params: { count: 3 } });
    expect(codesOf(refused.data.reasons)).toEqual([
      'agreement.control_missing',
      'agreement.end_before_start',
      'agreement.field_not_on_asset',
    ]);
    expect(refused.data.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'agreement.field_not_on_asset',
          params: expect.objectContaining({ fields: 'imsi' }),
        }),
        expect.objectContaining({ code: 'agreement.control_missing', params: { control: 'encryption_in_transit' } }),
      ]),
    );
    const after = await requester.get(`/api/agreements/${id}`);
    expect(after.data).toMatchObject({ status: 'draft', version: 1, decisions: [] });
    expect(after.data).not.toHaveProperty('route');
  });
});

describe('POST /api/agreements/preview', () => {
  it('shows the DSO route of important data with its reasons and what blocks approval, and stores nothing', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA({ grade: 'important' });
    const request = anAgreementRequest(partnerId, assetId, { controls: [...R7_CONTROLS] });
    const before = {
      agreements: await AgreementModel.countDocuments(),
      events: await AuditEventModel.countDocuments(),
    };

    const preview = await requester.post('/api/agreements/preview', { request });

    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({ effectiveGrade: 'important', refusals: [], reportable: true });
    expect(preview.data.route.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'unit_head',
      'security_review',
      'dso',
    ]);
    expect(preview.data.route.stages[2]).toEqual({
      stage: 'dso',
      roles: ['dso'],
      reasons: [{ code: 'sharing.important_data', params: expect.objectContaining({ assets: expect.any(String) }) }],
    });
    expect(preview.data.route.checklist.map((c: { record: string }) => c.record)).toEqual(['risk_assessment']);
    expect(preview.data.approvalBlockers).toEqual([
      expect.objectContaining({ code: 'agreement.record_missing', params: { record: 'risk_assessment' } }),
    ]);
    // Without the controls the grade asks for, the preview says so before anything is submitted.
    const lacking = await requester.post('/api/agreements/preview', {
      request: { ...request, controls: ['access_control'] },
    });
    expect(codesOf(lacking.data.refusals)).toEqual(['agreement.control_missing', 'agreement.control_missing']);

    expect({
      agreements: await AgreementModel.countDocuments(),
      events: await AuditEventModel.countDocuments(),
    }).toEqual(before);
    expect(idsOf(await dso.get('/api/agreements', { params: { partnerId } }))).toEqual([]);
  });
});

describe('who reads an agreement', () => {
  it('a requester of another unit cannot read it, find it in a list, or act on it', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const id = await aDraft(partnerId, assetId);
    const otherUnit = await api.client(users.requesterB);

    expect((await otherUnit.get(`/api/agreements/${id}`)).status).toBe(403);
    expect((await otherUnit.get(`/api/agreements/${id}/timeline`)).status).toBe(403);
    expect((await otherUnit.get(`/api/agreements/${id}/snapshots`)).status).toBe(403);
    expect(idsOf(await otherUnit.get('/api/agreements', { params: { partnerId } }))).toEqual([]);
    // Naming the other unit does not widen the caller's scope.
    expect(idsOf(await otherUnit.get('/api/agreements', { params: { partnerId, unit: 'unit-a' } }))).toEqual([]);
    expect((await otherUnit.post(`/api/agreements/${id}/withdrawal`, { reason: '不需要了' })).status).toBe(403);
    expect((await requester.get(`/api/agreements/${id}`)).data).toMatchObject({ status: 'draft', version: 1 });
  });

  it("a partner's user reads its own organisation's agreements without the internal fields; another organisation's are not there", async () => {
    const mine = await anApprovedPartner();
    const theirs = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const own = await anActiveAgreement(mine, assetId);
    const other = await aDraft(theirs, assetId);
    const portal = await api.client(aPartnerUser(mine));

    const read = await portal.get(`/api/agreements/${own}`);
    expect(read.status).toBe(200);
    expect(read.data).toMatchObject({ id: own, partnerId: mine, status: 'active', access: { granted: true } });
    for (const field of INTERNAL_AGREEMENT_FIELDS)
      expect({ field, shown: field in read.data }).toEqual({ field, shown: false });
    // The company's own readers see how it was decided.
    const internal = await reviewer.get(`/api/agreements/${own}`);
    for (const field of ['requestedBy', 'route', 'decisions', 'records', 'provision'])
      expect({ field, shown: field in internal.data }).toEqual({ field, shown: true });
    expect((await portal.get(`/api/agreements/${own}/timeline`)).status).toBe(403);
    // How a request of its own organisation would be routed is not the partner's to see either.
    const preview = await portal.post('/api/agreements/preview', { request: anAgreementRequest(mine, assetId) });
    expect(preview.status).toBe(403);

    const elsewhere = await portal.get(`/api/agreements/${other}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.data.code).toBe('resource.not_found');
    expect((await portal.post(`/api/agreements/${other}/withdrawal`, { reason: '不需要了' })).status).toBe(404);

    const listed = await portal.get('/api/agreements');
    expect(listed.status).toBe(200);
    expect(idsOf(listed)).toContain(own);
    expect(idsOf(listed)).not.toContain(other);
    expect(new Set(listed.data.items.map((i: { partnerId: string }) => i.partnerId))).toEqual(new Set([mine]));
    // Naming the other organisation does not widen the user's scope.
    expect(idsOf(await portal.get('/api/agreements', { params: { partnerId: theirs } }))).toEqual([]);
  });

  it('an auditor reads everything, internal fields included, and every change is refused with 403', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const id = await anActiveAgreement(partnerId, assetId);
    const auditor = await api.client(users.auditor);
    const before = (await requester.get(`/api/agreements/${id}`)).data;

    const read = await auditor.get(`/api/agreements/${id}`);
    expect(read.status).toBe(200);
    expect(read.data.decisions).toHaveLength(2);
    expect((await auditor.get(`/api/agreements/${id}/timeline`)).status).toBe(200);
    expect((await auditor.get(`/api/agreements/${id}/snapshots`)).data.items.length).toBeGreaterThan(0);
    expect(idsOf(await auditor.get('/api/agreements', { params: { partnerId } }))).toEqual([id]);

    const request = anAgreementRequest(partnerId, assetId);
    const refused: [string, number][] = [
      ['POST /api/agreements', (await auditor.post('/api/agreements', { title: '审计', request })).status],
      ['PATCH /api/agreements/{id}', (await auditor.patch(`/api/agreements/${id}`, { request })).status],
    ];
    for (const [step, body] of Object.entries(agreementStepBodies(partnerId, assetId)))
      refused.push([step, (await auditor.post(`/api/agreements/${id}/${step}`, body)).status]);
    expect(refused).toEqual(refused.map(([step]) => [step, 403]));

    const after = (await requester.get(`/api/agreements/${id}`)).data;
    expect(after.version).toBe(before.version);
    expect(await ledgerOf(id)).toMatchObject({ grants: 1, revokes: 0, granted: true });
  });
});

describe('GET /api/agreements', () => {
  it('filters by status, partner, unit, grade, end month and awaiting the caller, in cursor pages', async () => {
    const partnerId = await anApprovedPartner();
    const general = await anAssetOfUnitA();
    const important = await anAssetOfUnitA({ grade: 'important' });
    const ends = {
      draft: shanghaiDate(40),
      important: shanghaiDate(100),
      inReview: shanghaiDate(180),
      unitB: shanghaiDate(260),
    };
    const draft = await aDraft(partnerId, general, { endDate: ends.draft });
    const ofImportantData = await aDraft(partnerId, important, { endDate: ends.important, controls: [...R7_CONTROLS] });
    const inReview = await anAgreementInReview(partnerId, general, { endDate: ends.inReview });
    const ofUnitB = await aDraft(partnerId, general, { endDate: ends.unitB }, await api.client(users.requesterB));
    const all = [draft, ofImportantData, inReview, ofUnitB].sort();
    const list = (client: AxiosInstance, params: Record<string, string | number>) =>
      client.get('/api/agreements', { params: { partnerId, ...params } });

    expect(idsOf(await list(dso, {}))).toEqual(all);
    expect(idsOf(await list(dso, { status: 'in_review' }))).toEqual([inReview]);
    expect(idsOf(await list(dso, { status: 'draft' }))).toEqual([draft, ofImportantData, ofUnitB].sort());
    expect(idsOf(await list(dso, { unit: 'unit-b' }))).toEqual([ofUnitB]);
    expect(idsOf(await list(dso, { grade: 'important' }))).toEqual([ofImportantData]);
    expect(idsOf(await list(dso, { endMonth: ends.inReview.slice(0, 7) }))).toEqual([inReview]);
    expect(idsOf(await list(dso, { status: 'draft', unit: 'unit-a', grade: 'general' }))).toEqual([draft]);
    expect(idsOf(await list(unitHead, { awaitingMe: 'true' }))).toEqual([inReview]);
    expect(idsOf(await list(reviewer, { awaitingMe: 'true' }))).toEqual([]);
    // A requester sees its unit's only.
    expect(idsOf(await list(requester, {}))).toEqual([draft, ofImportantData, inReview].sort());

    const first = await list(dso, { limit: 3 });
    expect(first.data.items).toHaveLength(3);
    expect(first.data.nextCursor).toEqual(expect.any(String));
    const second = await list(dso, { limit: 3, cursor: first.data.nextCursor });
    expect(second.data).not.toHaveProperty('nextCursor');
    expect([...idsOf(first), ...idsOf(second)]).toEqual(all);
    const exact = await list(dso, { limit: 2 });
    const rest = await list(dso, { limit: 2, cursor: exact.data.nextCursor });
    expect([...idsOf(exact), ...idsOf(rest)]).toEqual(all);
    expect(rest.data).not.toHaveProperty('nextCursor');

    const badCursor = await list(dso, { cursor: 'not-a-cursor' });
    expect(badCursor.status).toBe(400);
    expect((await list(dso, { endMonth: '2025-13' })).status).toBe(400);
  });
});

describe('the steps of an agreement', () => {
  it('the same step sent twice with one Idempotency-Key is one step; a step sent again under another key is judged anew', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const id = await aDraft(partnerId, assetId);
    const key = (k: string) => ({ headers: { 'Idempotency-Key': `${k}-${id}` } });

    const submitted = await requester.post(`/api/agreements/${id}/submission`, {}, key('submit'));
    const submittedAgain = await requester.post(`/api/agreements/${id}/submission`, {}, key('submit'));
    expect([submitted.status, submittedAgain.status]).toEqual([200, 200]);
    expect(submittedAgain.data).toEqual(submitted.data);

    const decision = { stage: 'unit_head', outcome: 'approve' };
    const approved = await unitHead.post(`/api/agreements/${id}/decisions`, decision, key('approve'));
    const approvedAgain = await unitHead.post(`/api/agreements/${id}/decisions`, decision, key('approve'));
    expect([approved.status, approvedAgain.status]).toEqual([200, 200]);
    expect(approvedAgain.data).toEqual(approved.data);
    expect(approved.data.review.current).toBe('security_review');

    const anew = await unitHead.post(`/api/agreements/${id}/decisions`, decision, key('approve-2'));
    expect(anew.status).toBe(409);
    expect(anew.data.code).toBe('agreement.stage_not_current');

    const after = await reviewer.get(`/api/agreements/${id}`);
    expect(after.data.decisions).toHaveLength(1);
    // A withdrawal sent again once the request's process has ended answers as it did.
    const withdrawn = await requester.post(`/api/agreements/${id}/withdrawal`, { reason: '需求变更' }, key('withdraw'));
    expect(withdrawn.data.status).toBe('withdrawn');
    await eventually(
      () => api.temporal.workflow.getHandle(withdrawn.data.workflowId).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    const withdrawnAgain = await requester.post(
      `/api/agreements/${id}/withdrawal`,
      { reason: '需求变更' },
      key('withdraw'),
    );
    expect(withdrawnAgain.status).toBe(200);
    expect(withdrawnAgain.data).toEqual(withdrawn.data);
    const timeline = await reviewer.get(`/api/agreements/${id}/timeline`);
    expect(timeline.data.items.map((e: { action: string }) => e.action)).toEqual([
      'agreement.drafted',
      'agreement.submitted',
      'agreement.stage_approved',
      'agreement.withdrawn',
    ]);
  });

  it('a step at the wrong time is a 409 whose code says where the agreement is, and changes nothing', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();
    const id = await anAgreementInReview(partnerId, assetId);
    const before = (await requester.get(`/api/agreements/${id}`)).data;

    const notCurrent = await reviewer.post(`/api/agreements/${id}/decisions`, {
      stage: 'security_review',
      outcome: 'approve',
    });
    expect(notCurrent.status).toBe(409);
    expect(notCurrent.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notCurrent.data).toMatchObject({
      code: 'agreement.stage_not_current',
      params: { stage: 'security_review', current: 'unit_head' },
    });
    const notRunning = await requester.post(`/api/agreements/${id}/early-end`, { reason: '项目取消' });
    expect(notRunning.status).toBe(409);
    expect(notRunning.data).toMatchObject({ code: 'agreement.not_running', params: { status: 'in_review' } });
    const portal = await api.client(aPartnerUser(partnerId));
    const nothingAwaited = await portal.post(
      `/api/agreements/${id}/deletion-attestation`,
      agreementStepBodies(partnerId, assetId)['deletion-attestation'],
    );
    expect(nothingAwaited.status).toBe(409);
    expect(nothingAwaited.data.code).toBe('agreement.no_attestation_awaited');

    expect((await requester.get(`/api/agreements/${id}`)).data).toEqual(before);
  });
});
