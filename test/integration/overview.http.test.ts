/**
 * GET /api/overview on a real API and store: every figure is the count of the records seeded (and the
 * store's own count agrees), a business unit's figures and due items are its own unit's only, drills are
 * left out, and partners' users and unknown parameters are refused. Counted and read for the call before the
 * first snapshot; from the snapshot (refreshed by its workflow on the real worker) after, as of its time.
 */
import { randomUUID } from 'node:crypto';
import { AgreementRowModel } from '../../src/entities/agreement';
import { FindingModel } from '../../src/entities/finding';
import { IncidentRowModel } from '../../src/entities/incident';
import { PartnerModel } from '../../src/entities/partner';
import { OVERVIEW_SNAPSHOT_ID, OverviewSnapshotModel } from '../../src/models/overview-snapshot.model';
import { schedulesOf } from '../../src/schedules';
import { createOverviewService } from '../../src/services/overview';
import { createOverviewSnapshotActivities } from '../../activities/overview-snapshot';
import { defineAbilityFor } from '../../policies/abilities';
import { refreshOverview } from '../../workflows/overview/refresh';
import { bucketOf } from '../../src/store/buckets';
import {
  AGREEMENT_STATUSES,
  DATA_GRADES,
  FINDING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  PARTNER_STATUSES,
  RISK_TIERS,
  SEVERITIES,
} from '../../policies/vocabulary';
import type { OverviewView } from '../../src/schemas/overview.schema';
import { startApi, users, type ApiHarness } from '../support/api';

let api: ApiHarness;
const DAY_MS = 24 * 3600 * 1000;
/** Long overdue, and long after this week: never near the week's end, whenever the test runs. */
const overdue = () => new Date(Date.now() - 3 * DAY_MS);
const nextMonth = () => new Date(Date.now() + 30 * DAY_MS);
const soon = () => new Date(Date.now() + 60 * 1000);

interface Seeded {
  partners: { status: string; riskTier?: string; dueAt?: Date }[];
  agreements: { id: string; unit: string; status: string; grade: string; dueAt?: Date }[];
  incidents: { id: string; status: string; grade: string; drill: boolean; nextDueAt?: Date }[];
  findings: { id: string; unit: string; status: string; severity: string; dueAt: Date; agreementId: string }[];
}

const seeded: Seeded = {
  partners: [
    { status: 'approved', riskTier: 'low' },
    { status: 'approved', riskTier: 'medium' },
    { status: 'vetting', riskTier: 'high', dueAt: overdue() },
    { status: 'vetting', dueAt: nextMonth() },
    { status: 'blacklisted', riskTier: 'high' },
  ],
  agreements: [
    { id: randomUUID(), unit: 'unit-a', status: 'active', grade: 'general' },
    { id: randomUUID(), unit: 'unit-a', status: 'active', grade: 'important' },
    { id: randomUUID(), unit: 'unit-a', status: 'in_review', grade: 'important', dueAt: overdue() },
    { id: randomUUID(), unit: 'unit-a', status: 'returned', grade: 'general', dueAt: soon() },
    { id: randomUUID(), unit: 'unit-b', status: 'in_review', grade: 'core', dueAt: overdue() },
    { id: randomUUID(), unit: 'unit-b', status: 'active', grade: 'general' },
    { id: randomUUID(), unit: 'unit-b', status: 'suspended', grade: 'general', dueAt: nextMonth() },
  ],
  incidents: [
    { id: randomUUID(), status: 'open', grade: 'II', drill: false, nextDueAt: overdue() },
    { id: randomUUID(), status: 'closed', grade: 'IV', drill: false },
    { id: randomUUID(), status: 'open', grade: 'I', drill: true, nextDueAt: overdue() },
  ],
  findings: [],
};
seeded.findings = [
  {
    id: randomUUID(),
    unit: 'unit-a',
    status: 'open',
    severity: 'high',
    dueAt: soon(),
    agreementId: seeded.agreements[0]!.id,
  },
  {
    id: randomUUID(),
    unit: 'unit-a',
    status: 'verified',
    severity: 'low',
    dueAt: overdue(),
    agreementId: seeded.agreements[1]!.id,
  },
  {
    id: randomUUID(),
    unit: 'unit-b',
    status: 'escalated',
    severity: 'critical',
    dueAt: overdue(),
    agreementId: seeded.agreements[5]!.id,
  },
];

beforeAll(async () => {
  api = await startApi('overview');
  await PartnerModel.insertMany(
    seeded.partners.map((p, i) => {
      const id = randomUUID();
      return { _id: id, bucket: bucketOf(id), legalName: `合作方 ${i}`, creditCode: `code-${i}`, ...p };
    }),
  );
  await AgreementRowModel.insertMany(
    seeded.agreements.map((a) => ({
      _id: a.id,
      version: 1,
      bucket: bucketOf(a.id),
      title: `协议 ${a.id.slice(0, 4)}`,
      requestingUnit: a.unit,
      status: a.status,
      effectiveGrade: a.grade,
      ...(a.dueAt ? { dueAt: a.dueAt } : {}),
    })),
  );
  await IncidentRowModel.insertMany(
    seeded.incidents.map((n) => ({
      _id: n.id,
      version: 1,
      bucket: bucketOf(n.id),
      title: `事件 ${n.id.slice(0, 4)}`,
      status: n.status,
      grade: n.grade,
      drill: n.drill,
      ...(n.nextDueAt ? { nextDueAt: n.nextDueAt } : {}),
    })),
  );
  await FindingModel.insertMany(
    seeded.findings.map((f) => ({
      _id: f.id,
      bucket: bucketOf(f.id),
      status: f.status,
      severity: f.severity,
      ownerUnit: f.unit,
      agreementId: f.agreementId,
      agreementTitle: `协议 ${f.agreementId.slice(0, 4)}`,
      dueAt: f.dueAt,
    })),
  );
});
afterAll(async () => {
  await api?.stop();
});

/** How many of `records` have each code of `field`: the oracle, computed from what was seeded. */
function tally<T>(records: T[], codes: readonly string[], value: (r: T) => string | undefined) {
  return Object.fromEntries(codes.map((code) => [code, records.filter((r) => value(r) === code).length]));
}

async function overviewAs(claims: (typeof users)[keyof typeof users]): Promise<OverviewView> {
  const res = await (await api.client(claims)).get('/api/overview');
  expect(res.status).toBe(200);
  return res.data as OverviewView;
}

describe('GET /api/overview', () => {
  it("gives the DSO every figure over every record, equal to the store's own counts", async () => {
    const view = await overviewAs(users.dso);
    expect(view.partners).toEqual({
      byStatus: tally(seeded.partners, PARTNER_STATUSES, (p) => p.status),
      byTier: tally(seeded.partners, RISK_TIERS, (p) => p.riskTier),
    });
    expect(view.agreements?.byStatus).toEqual(tally(seeded.agreements, AGREEMENT_STATUSES, (a) => a.status));
    for (const grade of DATA_GRADES) {
      const ofGrade = seeded.agreements.filter((a) => a.grade === grade);
      expect(view.agreements?.byGrade[grade]).toEqual(tally(ofGrade, AGREEMENT_STATUSES, (a) => a.status));
    }
    const real = seeded.incidents.filter((n) => !n.drill);
    expect(view.incidents).toEqual({
      byStatus: tally(real, INCIDENT_STATUSES, (n) => n.status),
      byGrade: tally(real, INCIDENT_GRADES, (n) => n.grade),
    });
    expect(view.findings).toEqual({
      byStatus: tally(seeded.findings, FINDING_STATUSES, (f) => f.status),
      bySeverity: tally(seeded.findings, SEVERITIES, (f) => f.severity),
    });
    // The store agrees with the oracle (nothing else is in this test's database).
    for (const status of AGREEMENT_STATUSES) {
      expect(await AgreementRowModel.countDocuments({ status })).toBe(view.agreements!.byStatus[status]);
    }
    for (const tier of RISK_TIERS)
      expect(await PartnerModel.countDocuments({ riskTier: tier })).toBe(view.partners!.byTier[tier]);
  });

  it('lists what is overdue and due this week, most pressing first, linked, without drills or later deadlines', async () => {
    const view = await overviewAs(users.dso);
    const at = new Date(view.at);
    const weekEnd = new Date(view.weekEndsAt);
    expect(weekEnd > at).toBe(true);
    const expected = [
      ...seeded.partners.flatMap((p) => (p.dueAt && p.status === 'vetting' ? [p.dueAt] : [])),
      ...seeded.agreements.flatMap((a) => (a.dueAt ? [a.dueAt] : [])),
      ...seeded.incidents.flatMap((n) => (n.nextDueAt && !n.drill ? [n.nextDueAt] : [])),
      ...seeded.findings.flatMap((f) => (f.status !== 'verified' ? [f.dueAt] : [])),
    ].filter((due) => due < weekEnd);
    expect(view.due.items).toHaveLength(expected.length);
    expect(view.due.overdue).toBe(expected.filter((due) => due < at).length);
    expect(view.due.dueThisWeek).toBe(expected.filter((due) => due >= at).length);
    const dues = view.due.items.map((i) => i.dueAt);
    expect(dues).toEqual([...dues].sort());
    for (const item of view.due.items) expect(item.overdue).toBe(new Date(item.dueAt) < at);

    const unitB = seeded.agreements[4]!;
    expect(view.due.items).toContainEqual(
      expect.objectContaining({
        type: 'Agreement',
        id: unitB.id,
        status: 'in_review',
        overdue: true,
        link: `#/agreements/${unitB.id}`,
      }),
    );
    const finding = seeded.findings[0]!;
    expect(view.due.items).toContainEqual(
      expect.objectContaining({
        type: 'Finding',
        id: finding.id,
        link: `#/agreements/${finding.agreementId}`,
        overdue: false,
      }),
    );
    const drill = seeded.incidents[2]!;
    expect(view.due.items.map((i) => i.id)).not.toContain(drill.id);
    expect(view.due.items.map((i) => i.id)).toContain(seeded.incidents[0]!.id);
  });

  it("gives a business unit its own unit's agreements, findings and due items only, and no incidents", async () => {
    const view = await overviewAs(users.requesterA);
    const own = seeded.agreements.filter((a) => a.unit === 'unit-a');
    expect(view.agreements?.byStatus).toEqual(tally(own, AGREEMENT_STATUSES, (a) => a.status));
    expect(view.findings?.byStatus).toEqual(
      tally(
        seeded.findings.filter((f) => f.unit === 'unit-a'),
        FINDING_STATUSES,
        (f) => f.status,
      ),
    );
    for (const status of AGREEMENT_STATUSES) {
      expect(await AgreementRowModel.countDocuments({ status, requestingUnit: 'unit-a' })).toBe(
        view.agreements!.byStatus[status],
      );
    }
    // A requester reads every partner (it nominates them), and no incident.
    expect(view.partners?.byStatus).toEqual(tally(seeded.partners, PARTNER_STATUSES, (p) => p.status));
    expect(view).not.toHaveProperty('incidents');
    const othersIds = new Set([
      ...seeded.agreements.filter((a) => a.unit !== 'unit-a').map((a) => a.id),
      ...seeded.findings.filter((f) => f.unit !== 'unit-a').map((f) => f.id),
      ...seeded.incidents.map((n) => n.id),
    ]);
    expect(view.due.items.filter((i) => othersIds.has(i.id))).toEqual([]);
    expect(view.due.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([seeded.agreements[2]!.id, seeded.agreements[3]!.id, seeded.findings[0]!.id]),
    );

    const other = await overviewAs(users.requesterB);
    expect(other.agreements?.byStatus.in_review).toBe(1);
    expect(other.agreements?.byStatus.returned).toBe(0);
  });

  it('gives legal no findings, and refuses a partner organisation’s user (403) and an unknown parameter (400)', async () => {
    const legal = await overviewAs(users.legal);
    expect(legal).not.toHaveProperty('findings');
    expect(legal.incidents?.byStatus.open).toBe(1);

    const partner = await (await api.client(users.partnerA)).get('/api/overview');
    expect(partner.status).toBe(403);
    expect(partner.headers['content-type']).toMatch(/^application\/problem\+json/);

    const bad = await (await api.client(users.dso)).get('/api/overview', { params: { unit: 'unit-b' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('GET /api/overview from the snapshot', () => {
  const refresh = (id: string) =>
    api.temporal.workflow.execute(refreshOverview, { workflowId: `${id}-${Date.now()}`, taskQueue: api.taskQueue });
  const counts = (view: OverviewView) => ({ ...view, at: undefined, asOf: undefined, due: undefined });

  it('counts for the call, as of the call, while there is no snapshot', async () => {
    expect(await OverviewSnapshotModel.countDocuments({ _id: OVERVIEW_SNAPSHOT_ID })).toBe(0);
    const view = await overviewAs(users.dso);
    expect(view.asOf).toBe(view.at);
  });

  it("answers the snapshot's counts and due list as of its time, the same as read for the call, for every scope; a refresh takes what changed", async () => {
    const dsoCounted = await overviewAs(users.dso);
    const unitCounted = await overviewAs(users.requesterA);
    const legalCounted = await overviewAs(users.legal);

    const first = await refresh('overview-refresh-test');
    expect(first.kept).toBe(true);
    const dso = await overviewAs(users.dso);
    expect(dso.asOf).toBe(first.asOf);
    expect(new Date(dso.asOf) <= new Date(dso.at)).toBe(true);
    expect(counts(dso)).toEqual(counts(dsoCounted));
    expect(counts(await overviewAs(users.requesterA))).toEqual(counts(unitCounted));
    expect(counts(await overviewAs(users.legal))).toEqual(counts(legalCounted));
    // The due list is the snapshot's too; whether an item is overdue is decided at the call.
    const dueOf = (view: OverviewView) => ({
      items: view.due.items.map(({ id, dueAt, link }) => ({ id, dueAt, link })),
      total: view.due.overdue + view.due.dueThisWeek,
    });
    expect(dueOf(dso)).toEqual(dueOf(dsoCounted));
    expect(dueOf(await overviewAs(users.requesterA))).toEqual(dueOf(unitCounted));
    for (const item of dso.due.items) expect(item.overdue).toBe(item.dueAt < dso.at);

    // A new overdue agreement of unit-a: not in the answer until the next refresh, then in the DSO's and unit-a's only.
    const id = randomUUID();
    await AgreementRowModel.insertMany([
      {
        _id: id,
        version: 1,
        bucket: bucketOf(id),
        title: '协议 新',
        requestingUnit: 'unit-a',
        status: 'in_review',
        effectiveGrade: 'core',
        dueAt: overdue(),
      },
    ]);
    const stale = await overviewAs(users.dso);
    expect(stale.agreements?.byStatus.in_review).toBe(dsoCounted.agreements!.byStatus.in_review);
    expect(stale.due.items.map((i) => i.id)).not.toContain(id);
    const second = await refresh('overview-refresh-test');
    expect(new Date(second.asOf) > new Date(first.asOf)).toBe(true);
    const after = await overviewAs(users.dso);
    expect(after.asOf).toBe(second.asOf);
    expect(after.agreements?.byStatus.in_review).toBe(dsoCounted.agreements!.byStatus.in_review + 1);
    expect(after.agreements?.byGrade.core.in_review).toBe(dsoCounted.agreements!.byGrade.core.in_review + 1);
    expect(after.due.items).toContainEqual(expect.objectContaining({ id, overdue: true, link: `#/agreements/${id}` }));
    expect(after.due.overdue).toBe(stale.due.overdue + 1);
    const unitA = await overviewAs(users.requesterA);
    expect(unitA.agreements?.byStatus.in_review).toBe(unitCounted.agreements!.byStatus.in_review + 1);
    expect(unitA.due.items.map((i) => i.id)).toContain(id);
    const unitB = await overviewAs(users.requesterB);
    expect(unitB.agreements?.byStatus.in_review).toBe(1);
    expect(unitB.due.items.map((i) => i.id)).not.toContain(id);
    for (const status of AGREEMENT_STATUSES)
      expect(await AgreementRowModel.countDocuments({ status })).toBe(after.agreements!.byStatus[status]);
  });

  it("in a week after the snapshot's, counts from it and reads the due list for the call", async () => {
    const snapshot = await OverviewSnapshotModel.findById(OVERVIEW_SNAPSHOT_ID).lean();
    const id = randomUUID();
    await AgreementRowModel.insertMany([
      {
        _id: id,
        version: 1,
        bucket: bucketOf(id),
        title: '协议 下周',
        requestingUnit: 'unit-b',
        status: 'returned',
        effectiveGrade: 'general',
        dueAt: overdue(),
      },
    ]);
    const nextWeek = createOverviewService({
      partners: PartnerModel,
      agreementRows: AgreementRowModel,
      incidentRows: IncidentRowModel,
      findings: FindingModel,
      snapshots: OverviewSnapshotModel,
      now: () => new Date(Date.now() + 7 * DAY_MS),
    });
    const view = await nextWeek.overview({ claims: users.dso, ability: defineAbilityFor(users.dso) });
    expect(view.asOf).toBe(snapshot!.asOf.toISOString());
    expect(view.agreements?.byStatus.returned).toBe(
      (await AgreementRowModel.countDocuments({ status: 'returned' })) - 1,
    );
    expect(view.due.items).toContainEqual(expect.objectContaining({ id, overdue: true }));
  });

  it('keeps one snapshot, and a refresh that began before the one kept changes nothing', async () => {
    expect(await OverviewSnapshotModel.countDocuments({})).toBe(1);
    // The kept one counted later than this refresh will begin (a slow attempt finishing after a newer one).
    const later = new Date(Date.now() + 3600 * 1000);
    await OverviewSnapshotModel.updateOne({ _id: OVERVIEW_SNAPSHOT_ID }, { $set: { asOf: later, body: '{"kept":1}' } });
    const { refreshOverviewSnapshot } = createOverviewSnapshotActivities({
      partners: PartnerModel,
      agreementRows: AgreementRowModel,
      incidentRows: IncidentRowModel,
      findings: FindingModel,
      snapshots: OverviewSnapshotModel,
    });
    expect(await refreshOverviewSnapshot()).toMatchObject({ kept: false });
    expect(await OverviewSnapshotModel.find({}).lean()).toEqual([
      { _id: OVERVIEW_SNAPSHOT_ID, asOf: later, body: '{"kept":1}' },
    ]);
    await OverviewSnapshotModel.deleteMany({});
  });

  it('is refreshed every minute by its Schedule, or as DATAPACT_OVERVIEW_CRON says', () => {
    expect(schedulesOf().find((s) => s.id === 'datapact-overview')).toMatchObject({
      workflowType: 'refreshOverview',
      spec: { cronExpressions: ['* * * * *'] },
    });
    const configured = schedulesOf({ DATAPACT_INSPECTION_CRON: '0 2 1 * *', DATAPACT_OVERVIEW_CRON: '*/15 * * * *' });
    expect(configured.find((s) => s.id === 'datapact-overview')?.spec.cronExpressions).toEqual(['*/15 * * * *']);
  });
});
