/**
 * Incidents and the internal blacklist through the API with the demo roles, against the real dev server and
 * store: an incident against a partner with two active agreements suspends both (the ledger shows their access
 * removed), its steps go to the workflow as updates and come back as the incident's new state, and closing
 * with revoke revokes the agreements and blacklists the partner (the code then refused for nomination); bad
 * input and steps of the wrong people answer problem+json; the DSO lists and removes blacklist entries.
 */
import type { AxiosInstance } from 'axios';
import { accessLedgerOf } from '../../activities/connectors/access-ledger';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aCreditCode, aNomination, aPartnerUser, anAsset } from '../support/factories';
import { anActiveAgreementThroughApi } from '../support/agreements';
import { anApprovedPartnerThroughApi } from '../support/partners';

/** How long a step may take to show on a loaded machine (the workflows and the store are real). */
const PATIENCE_MS = 90_000;

jest.setTimeout(600_000);

let api: ApiHarness;
let requester: AxiosInstance;
let unitHead: AxiosInstance;
let reviewer: AxiosInstance;
let dso: AxiosInstance;

beforeAll(async () => {
  api = await startApi('incidents_e2e');
  requester = await api.client(users.requesterA);
  unitHead = await api.client(users.unitHeadA);
  reviewer = await api.client(users.reviewer);
  dso = await api.client(users.dso);
});
afterAll(async () => {
  await api?.stop();
});

/** A partner nominated, answered and approved through the API. */
const anApprovedPartner = () =>
  anApprovedPartnerThroughApi(api, { nominator: requester, reviewer }, { patienceMs: PATIENCE_MS });

/** A request of unit A approved by its two stages: active, its access granted. */
const anActiveAgreement = (partnerId: string, assetId: string) =>
  anActiveAgreementThroughApi({ requester, unitHead, reviewer }, partnerId, assetId, PATIENCE_MS);

const NO_HARM = { personalInformation: 0, sensitivePersonalInformation: 0, outageHours: 0, directLossCny: 0 };

/** A report as a reviewer sends it: a leak found just now, with its estimates. */
const aReport = (partnerId: string, overrides: Record<string, unknown> = {}) => ({
  partnerId,
  kind: 'leak',
  title: '合作方接口日志泄露',
  description: '合作方测试环境的接口日志被公开访问',
  detectedAt: new Date(Date.now() - 60_000).toISOString(),
  estimates: NO_HARM,
  ...overrides,
});

const problemOf = (res: { status: number; headers: Record<string, unknown>; data: { code?: string } }) => ({
  status: res.status,
  type: String(res.headers['content-type']).split(';')[0],
  code: res.data.code,
});

/** What a report is made from: the incident's deadlines, each with its recipient and the content a rule sets. */
type Deadlines = { deadlines: { kind: string; recipient: string; content: string[] }[] };

/** A report made now, as the reviewer records it: to the recipient the rules name, with the content a rule sets. */
function aReportMadeBody(state: Deadlines, kind: string) {
  const deadline = state.deadlines.find((d) => d.kind === kind)!;
  return {
    kind,
    madeAt: new Date().toISOString(),
    to: deadline.recipient,
    reference: `REF-${kind}`,
    ...(deadline.content.length > 0
      ? { content: Object.fromEntries(deadline.content.map((item) => [item, `内容：${item}`])) }
      : {}),
  };
}

/** The reviewer makes each report of `kinds` in turn: each answered 200 with the incident's new state, the report met in it. */
async function reportsMade(id: string, state: Deadlines, kinds: readonly string[]): Promise<void> {
  for (const kind of kinds) {
    const made = await reviewer.post(`/api/incidents/${id}/reports`, aReportMadeBody(state, kind));
    expect(made.status).toBe(200);
    state = made.data;
    expect(state.deadlines.find((d) => d.kind === kind)).toMatchObject({ state: 'met' });
  }
}

/** An asset of the inventory, registered by the DSO; its id. */
async function anInventoryAsset(): Promise<string> {
  const res = await dso.post('/api/assets', anAsset());
  expect(res.status).toBe(201);
  return res.data.id as string;
}

/** A partner approved through the API with two active agreements of one asset, their ids in order. */
async function aPartnerWithTwoActiveAgreements() {
  const partner = await anApprovedPartner();
  const assetId = await anInventoryAsset();
  const agreementIds = [
    await anActiveAgreement(partner.id, assetId),
    await anActiveAgreement(partner.id, assetId),
  ].sort();
  return { partner, agreementIds };
}

/** The year of an instant on the calendar the reports count in (Beijing time). */
const shanghaiYearOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600 * 1000).getUTCFullYear();

describe('an incident through the API', () => {
  it('against a partner with two active agreements suspends both (the ledger shows their access removed); its steps come back as its new state; closing with revoke revokes them and blacklists the partner, whose code is then refused', async () => {
    const { partner, agreementIds } = await aPartnerWithTwoActiveAgreements();

    // Reported by a reviewer; twice under one Idempotency-Key is one incident.
    const key = { headers: { 'idempotency-key': `incident-${partner.id}` } };
    const report = aReport(partner.id, { estimates: { ...NO_HARM, personalInformation: 1_000_000 } });
    const reported = await reviewer.post('/api/incidents', report, key);
    expect(reported.status).toBe(201);
    const id = reported.data.id as string;
    expect(reported.headers.location).toBe(`/api/incidents/${id}`);
    expect(reported.data).toMatchObject({ grade: 'III', drill: false, partnerId: partner.id });
    expect((reported.data.agreements as { agreementId: string }[]).map((a) => a.agreementId).sort()).toEqual(
      agreementIds,
    );
    const again = await reviewer.post('/api/incidents', report, key);
    expect({ status: again.status, id: again.data.id }).toEqual({ status: 201, id });

    // Containment: both suspended, access removed in the ledger, the containment time of each recorded.
    const contained = await eventually(
      () => reviewer.get(`/api/incidents/${id}`),
      (r) => r.data.status === 'contained',
      PATIENCE_MS,
    );
    expect(contained.data.status).toBe('contained');
    for (const entry of contained.data.agreements) {
      expect(entry).toMatchObject({ containment: 'contained', status: 'suspended', accessGranted: false });
      expect(Date.parse(entry.containedAt)).toBeGreaterThanOrEqual(Date.parse(contained.data.reportedAt));
    }
    for (const agreementId of agreementIds) {
      const agreement = await eventually(
        () => requester.get(`/api/agreements/${agreementId}`),
        (r) => r.data.status === 'suspended',
        PATIENCE_MS,
      );
      expect(agreement.data).toMatchObject({ status: 'suspended', access: { granted: false } });
      expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
        grants: 1,
        effectiveRevokes: 1,
        granted: false,
      });
    }
    const listed = await reviewer.get('/api/incidents', { params: { partnerId: partner.id } });
    expect(listed.data.items).toEqual([
      expect.objectContaining({ id, status: 'contained', grade: 'III', agreements: 2 }),
    ]);
    // The company's own report: no partner's report to be late or on time.
    expect(listed.data.items[0]).not.toHaveProperty('partnerReportLate');

    // The partner's own user sees its incident without the company's internal fields.
    const portal = await api.client(aPartnerUser(partner.id));
    const seen = await portal.get(`/api/incidents/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.data.deadlines).toBeUndefined();
    expect((await portal.get(`/api/incidents/${id}/timeline`)).status).toBe(403);

    // Each step is an update whose answer is the incident's new state.
    await reportsMade(id, contained.data, ['sector_regulator_report', 'cyberspace_report', 'individual_notice']);
    const investigated = await reviewer.post(`/api/incidents/${id}/investigation`, {
      rootCause: '合作方违规转售数据',
      responsibility: '合作方',
      handlingEnded: true,
    });
    expect(investigated.status).toBe(200);
    expect(investigated.data).toMatchObject({
      status: 'investigated',
      investigation: { rootCause: '合作方违规转售数据' },
    });

    // Closing needs the summary report the grade owes: refused with it named, as problem+json.
    const early = await dso.post(`/api/incidents/${id}/closure`, { outcome: 'revoke', reason: '违规转售' });
    expect(problemOf(early)).toEqual({ status: 422, type: 'application/problem+json', code: 'incident.not_closable' });
    const summary = (investigated.data.deadlines as { kind: string; recipient: string }[]).find(
      (d) => d.kind === 'cac_summary_report',
    )!;
    const made = await reviewer.post(`/api/incidents/${id}/reports`, {
      kind: 'cac_summary_report',
      madeAt: new Date().toISOString(),
      to: summary.recipient,
      reference: 'REF-summary',
    });
    expect(made.status).toBe(200);

    // Only the DSO closes.
    const byReviewer = await reviewer.post(`/api/incidents/${id}/closure`, { outcome: 'revoke', reason: '违规转售' });
    expect(problemOf(byReviewer)).toMatchObject({ status: 403, type: 'application/problem+json' });
    const closed = await dso.post(`/api/incidents/${id}/closure`, { outcome: 'revoke', reason: '违规转售' });
    expect(closed.status).toBe(200);
    expect(closed.data).toMatchObject({ status: 'closed', closure: { outcome: 'revoke', blacklisted: true } });

    for (const agreementId of agreementIds) {
      const revoked = await eventually(
        () => requester.get(`/api/agreements/${agreementId}`),
        (r) => r.data.status === 'revoked',
        PATIENCE_MS,
      );
      expect(revoked.data.status).toBe('revoked');
      expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({ grants: 1, granted: false });
    }
    const blacklisted = await eventually(
      () => reviewer.get(`/api/partners/${partner.id}`),
      (r) => r.data.status === 'blacklisted',
      PATIENCE_MS,
    );
    expect(blacklisted.data.status).toBe('blacklisted');
    const entry = await dso.get(`/api/blacklist/${partner.creditCode}`);
    expect(entry.data).toMatchObject({ source: 'incident', incidentId: id, partnerId: partner.id, expired: false });
    const renominated = await requester.post('/api/partners', aNomination({ creditCode: partner.creditCode }));
    expect(problemOf(renominated)).toEqual({
      status: 409,
      type: 'application/problem+json',
      code: 'partner.blacklisted',
    });
    const timeline = await reviewer.get(`/api/incidents/${id}/timeline`);
    expect((timeline.data.items as { action: string }[]).map((e) => e.action)).toEqual(
      expect.arrayContaining(['incident.reported', 'incident.contained', 'incident.handling_ended', 'incident.closed']),
    );
  });

  it('a drill runs the same process against no real access: its agreements stay active with their access, its reports and closure are recorded, nothing is listed, and it is counted apart from real incidents', async () => {
    const { partner, agreementIds } = await aPartnerWithTwoActiveAgreements();
    const before = await Promise.all(
      agreementIds.map(async (id) => (await requester.get(`/api/agreements/${id}`)).data),
    );

    const reported = await reviewer.post(
      '/api/incidents',
      aReport(partner.id, { drill: true, estimates: { ...NO_HARM, personalInformation: 1_000_000 } }),
    );
    expect(reported.status).toBe(201);
    const id = reported.data.id as string;
    expect(reported.data).toMatchObject({ grade: 'III', drill: true });
    const contained = await eventually(
      () => reviewer.get(`/api/incidents/${id}`),
      (r) => r.data.status === 'contained',
      PATIENCE_MS,
    );
    expect((contained.data.agreements as { containment: string }[]).map((a) => a.containment)).toEqual([
      'drill',
      'drill',
    ]);

    // Listed apart: among the drills, not among the real incidents.
    const ids = async (drill: string) =>
      (
        (await reviewer.get('/api/incidents', { params: { partnerId: partner.id, drill } })).data.items as {
          id: string;
        }[]
      ).map((i) => i.id);
    expect(await ids('true')).toEqual([id]);
    expect(await ids('false')).toEqual([]);

    // The same steps as a real incident: the reports the grade owes, the end of handling, the closure.
    await reportsMade(id, contained.data, ['sector_regulator_report', 'cyberspace_report', 'individual_notice']);
    const investigated = await reviewer.post(`/api/incidents/${id}/investigation`, {
      findings: '演练：日志泄露处置流程',
      handlingEnded: true,
    });
    expect(investigated.status).toBe(200);
    const state = investigated.data;
    const summary = await reviewer.post(`/api/incidents/${id}/reports`, aReportMadeBody(state, 'cac_summary_report'));
    expect(summary.status).toBe(200);
    const closed = await dso.post(`/api/incidents/${id}/closure`, { outcome: 'revoke', reason: '演练结束' });
    expect(closed.status).toBe(200);
    expect(closed.data).toMatchObject({ status: 'closed', drill: true, closure: { outcome: 'revoke' } });
    expect(closed.data.closure.blacklisted).toBeUndefined();

    // Nothing real was touched: each agreement as it was (same version), its access as granted, the partner not listed.
    for (const [i, agreementId] of agreementIds.entries()) {
      const after = await requester.get(`/api/agreements/${agreementId}`);
      expect(before[i].version).toEqual(expect.any(Number));
      expect(after.data).toMatchObject({ status: 'active', version: before[i].version, access: { granted: true } });
      expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
        grants: 1,
        revokes: 0,
        granted: true,
      });
    }
    expect((await reviewer.get(`/api/partners/${partner.id}`)).data.status).toBe('approved');
    expect(problemOf(await dso.get(`/api/blacklist/${partner.creditCode}`))).toMatchObject({ status: 404 });

    // The annual report counts it among the drills, not among the incidents.
    const year = Number(shanghaiYearOf(reported.data.reportedAt));
    const annual = await reviewer.get('/api/incident-reports/annual', { params: { year } });
    expect(annual.status).toBe(200);
    expect((annual.data.drills.entries as { id: string }[]).map((d) => d.id)).toContain(id);
    expect((annual.data.incidents as { id: string }[]).map((d) => d.id)).not.toContain(id);
  });

  it("a partner's own user self-reports from the portal: its agreement is contained, the report is marked the partner's (late past its deadline, the DSO told); another organisation's, a drill and the company's steps are refused", async () => {
    const partner = await anApprovedPartner();
    const other = await anApprovedPartner();
    const agreementId = await anActiveAgreement(partner.id, await anInventoryAsset());
    const portal = await api.client(aPartnerUser(partner.id));

    // Detected three hours ago: past the hour the agreement gives the partner (R20 Art 5, the default).
    const body = { ...aReport(partner.id), detectedAt: new Date(Date.now() - 3 * 3600 * 1000).toISOString() };
    expect(problemOf(await portal.post('/api/incidents', { ...body, partnerId: other.id }))).toMatchObject({
      status: 403,
      type: 'application/problem+json',
      code: 'auth.forbidden',
    });
    expect(problemOf(await portal.post('/api/incidents', { ...body, drill: true }))).toMatchObject({
      status: 403,
      type: 'application/problem+json',
      code: 'auth.forbidden',
    });
    const reported = await portal.post('/api/incidents', body);
    expect(reported.status).toBe(201);
    const id = reported.data.id as string;
    expect(reported.data).toMatchObject({ partnerId: partner.id, drill: false });

    const contained = await eventually(
      () => reviewer.get(`/api/incidents/${id}`),
      (r) => r.data.status === 'contained',
      PATIENCE_MS,
    );
    expect(contained.data).toMatchObject({ source: 'partner', partnerReport: { late: true } });
    const agreement = await eventually(
      () => requester.get(`/api/agreements/${agreementId}`),
      (r) => r.data.status === 'suspended',
      PATIENCE_MS,
    );
    expect(agreement.data).toMatchObject({ status: 'suspended', access: { granted: false } });
    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({ grants: 1, granted: false });

    // Its own incidents, in the portal; not another organisation's, and none of the company's steps.
    // Its row says its own report was late, as the portal lists it.
    expect((await portal.get('/api/incidents')).data.items).toEqual([
      expect.objectContaining({ id, partnerReportLate: true }),
    ]);
    const otherPortal = await api.client(aPartnerUser(other.id));
    expect(((await otherPortal.get('/api/incidents')).data.items as unknown[]).length).toBe(0);
    expect((await otherPortal.get(`/api/incidents/${id}`)).status).toBeGreaterThanOrEqual(403);
    expect(problemOf(await portal.post(`/api/incidents/${id}/investigation`, { findings: '…' }))).toMatchObject({
      status: 403,
      type: 'application/problem+json',
    });
  });

  it('refuses bad input and the wrong people with problem+json, before anything starts', async () => {
    const partner = await anApprovedPartner();
    const cases: [AxiosInstance, unknown, number, string][] = [
      [reviewer, { ...aReport(partner.id), kind: 'bad' }, 400, 'request.invalid'],
      [reviewer, { ...aReport(partner.id), unknown: 1 }, 400, 'request.invalid'],
      [
        reviewer,
        aReport(partner.id, { estimates: { ...NO_HARM, personalInformation: 1, sensitivePersonalInformation: 2 } }),
        400,
        'request.invalid',
      ],
      [
        reviewer,
        aReport(partner.id, { detectedAt: new Date(Date.now() + 86_400_000).toISOString() }),
        422,
        'incident.detected_in_future',
      ],
      [reviewer, aReport('00000000-0000-4000-8000-000000000000'), 404, 'partner.not_found'],
      [requester, aReport(partner.id), 403, 'auth.forbidden'],
    ];
    for (const [client, body, status, code] of cases) {
      const res = await client.post('/api/incidents', body);
      expect({ body, ...problemOf(res) }).toEqual({ body, status, type: 'application/problem+json', code });
    }
    expect((await reviewer.get('/api/incidents', { params: { partnerId: partner.id } })).data.items).toEqual([]);
    const unknown = await reviewer.post('/api/incidents/00000000-0000-4000-8000-000000000000/investigation', {
      findings: '…',
    });
    expect(problemOf(unknown)).toEqual({ status: 404, type: 'application/problem+json', code: 'incident.not_found' });
  });
});

describe('the blacklist through the API', () => {
  it('the DSO lists a code (audited; a reviewer may not), nomination of it is refused, and the DSO removes it again', async () => {
    const creditCode = aCreditCode();
    const body = { creditCode, reason: '监管通报的违规企业', source: 'regulator' };
    expect(problemOf(await reviewer.post('/api/blacklist', body))).toMatchObject({ status: 403 });
    const added = await dso.post('/api/blacklist', body);
    expect(added.status).toBe(201);
    expect(added.data.entry).toMatchObject({
      creditCode,
      source: 'regulator',
      listedBy: users.dso.sub,
      expired: false,
    });
    expect(problemOf(await dso.post('/api/blacklist', body))).toEqual({
      status: 409,
      type: 'application/problem+json',
      code: 'blacklist.already_listed',
    });
    const listed = await reviewer.get('/api/blacklist', { params: { creditCode } });
    expect(listed.data.items).toEqual([expect.objectContaining({ creditCode })]);
    expect(problemOf(await requester.post('/api/partners', aNomination({ creditCode })))).toMatchObject({
      status: 409,
      code: 'partner.blacklisted',
    });
    const removed = await dso.post(`/api/blacklist/${creditCode}/removal`, { reason: '复核后撤销' });
    expect(removed.status).toBe(200);
    expect(problemOf(await dso.get(`/api/blacklist/${creditCode}`))).toMatchObject({ status: 404 });
    expect((await requester.post('/api/partners', aNomination({ creditCode }))).status).toBe(201);
    const events = await AuditEventModel.find({ 'subject.type': 'BlacklistEntry', 'subject.id': creditCode })
      .sort({ seq: 1 })
      .lean();
    expect(events.map((e) => [e.action, e.actor.sub])).toEqual([
      ['blacklist.listed', users.dso.sub],
      ['blacklist.removed', users.dso.sub],
    ]);
  });

  it('an entry in force refuses an amendment of a running agreement with that partner, naming the listing', async () => {
    const partner = await anApprovedPartner();
    const agreementId = await anActiveAgreement(partner.id, await anInventoryAsset());
    const current = (await requester.get(`/api/agreements/${agreementId}`)).data.request as { endDate: string };
    const later = new Date(Date.parse(`${current.endDate}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    // Listed in the store while the partner's own workflow has not yet acted on it (the listing's race).
    await BlacklistModel.create({ creditCode: partner.creditCode, reason: '监管通报', listedBy: users.dso.sub });

    const refused = await requester.post(`/api/agreements/${agreementId}/amendments`, {
      request: { ...current, endDate: later },
    });
    expect(problemOf(refused)).toMatchObject({ status: 422, type: 'application/problem+json' });
    expect((refused.data.reasons as { code: string }[]).map((r) => r.code)).toContain('agreement.partner_blacklisted');
    expect((await requester.get(`/api/agreements/${agreementId}`)).data.amendment).toBeUndefined();
  });
});
