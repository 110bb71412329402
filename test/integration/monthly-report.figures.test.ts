/**
 * The monthly report (S10) on the real dev server and store: a month's activity seeded in the store as its
 * writers write it (audit events through the audit trail's appender, agreements, partners, inspection runs,
 * findings and incidents through their entities' store forms), with records just outside the month beside
 * it. Every figure of the report equals a count made directly in the store with the raw driver; the month's
 * findings by rule, unit and partner equal the store's counts; the month-end workflow keeps the report once,
 * and the API then serves what it kept.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { appendAuditEvent } from '../../src/audit/audit-log';
import { findingEntity } from '../../src/entities/finding';
import { incidentEntity } from '../../src/entities/incident';
import { inspectionEntity } from '../../src/entities/inspection';
import { MonthlyReportModel } from '../../src/models/monthly-report.model';
import {
  FIGURE_IDS,
  MONTHLY_FIGURES,
  reportPeriodOf,
  storePipelineOf,
  type FigureId,
} from '../../policies/monthly-report';
import type { MonthlyReport } from '../../policies/monthly-report-document';
import { monthlyReportWorkflowId } from '../../workflows/ids';
import type { AgreementState } from '../../workflows/agreement/state';
import { startApi, users, type ApiHarness } from '../support/api';
import { recordHistory } from '../support/histories';
import { aLiveAgreement, aLivePartner, storeAgreements, storePartners } from '../support/inspections';

/** A month long past: its report's cut-off is its end. October 2026 in Shanghai. */
const MONTH = '2026-10';
const period = reportPeriodOf(MONTH);
const IN_MONTH = '2026-10-15T03:00:00.000Z';
/** 23:59:59.999 on 30 September, Shanghai time: September's. */
const BEFORE = '2026-09-30T15:59:59.999Z';
/** 00:00 on 1 November, Shanghai time: November's. */
const AFTER = '2026-10-31T16:00:00.000Z';

let api: ApiHarness;
type Report = MonthlyReport & { source: 'snapshot' | 'live' };

const db = () => mongoose.connection.db!;

async function event(action: string, subjectType: string, id: string, at: string) {
  await appendAuditEvent({
    actor: { sub: 'seed', roles: ['system'] },
    action: action as never,
    subject: { type: subjectType, id },
    at: new Date(at),
  } as never);
}

/** An entity's store form of a state (top-level and nested instants as dates), inserted with the raw driver. */
async function storeEntity(
  entity: {
    model: mongoose.Model<Record<string, unknown>>;
    storeUpdateOf: (s: never) => { $set: Record<string, unknown> };
  },
  state: Record<string, unknown>,
) {
  await entity.model.collection.insertOne({ _id: state.id, ...entity.storeUpdateOf(state as never).$set } as never);
}

const finding = (overrides: Record<string, unknown>) => ({
  id: randomUUID(),
  version: 1,
  updatedAt: IN_MONTH,
  period: MONTH,
  key: `k-${randomUUID()}`,
  ruleId: 'usage_report_overdue',
  rules: ['R1'],
  severity: 'medium',
  agreementId: randomUUID(),
  agreementBucket: '00',
  agreementTitle: 'seeded',
  partnerId: 'partner-1',
  partnerName: '甲合作方',
  ownerUnit: 'unit-a',
  params: {},
  evidence: [],
  cause: 'c',
  raisedAt: IN_MONTH,
  dueAt: '2026-11-12T15:59:59.999Z',
  ruleSetVersion: 'rules@1',
  status: 'open',
  live: true,
  escalated: false,
  steps: [],
  ...overrides,
});

const incident = (overrides: Record<string, unknown>) => ({
  id: randomUUID(),
  version: 1,
  updatedAt: IN_MONTH,
  drill: false,
  grade: 'IV',
  status: 'contained',
  reportedAt: IN_MONTH,
  deadlines: [],
  ...overrides,
});

const inspection = (overrides: Record<string, unknown>) => ({
  id: randomUUID(),
  version: 2,
  updatedAt: IN_MONTH,
  period: randomUUID().slice(0, 8),
  trigger: 'on_demand',
  requestedBy: 'dso',
  status: 'completed',
  asOf: IN_MONTH,
  ruleSetVersion: 'rules@1',
  startedAt: IN_MONTH,
  completedAt: IN_MONTH,
  runs: 1,
  progress: {
    partitions: 1,
    partitionsDone: 1,
    read: 10,
    scanned: 10,
    findings: 0,
    raised: 0,
    persisting: 0,
    closed: 0,
    agreementsTold: 0,
  },
  ...overrides,
});

async function seedMonth(): Promise<void> {
  // The month's sharing and vetting, as the audit trail records them.
  await event('agreement.submitted', 'Agreement', 'a1', '2026-10-05T02:00:00.000Z');
  await event('agreement.submitted', 'Agreement', 'a1', '2026-10-20T02:00:00.000Z'); // submitted again: one request
  await event('agreement.submitted', 'Agreement', 'a2', BEFORE);
  await event('agreement.submitted', 'Agreement', 'a3', period.start.toISOString());
  await event('agreement.approved', 'Agreement', 'a1', '2026-10-08T02:00:00.000Z');
  await event('agreement.regulator_approved', 'Agreement', 'a3', '2026-10-12T02:00:00.000Z');
  await event('agreement.rejected', 'Agreement', 'a9', '2026-10-13T02:00:00.000Z');
  await event('agreement.provision_recorded', 'Agreement', 'a1', '2026-10-08T02:00:01.000Z');
  await event('agreement.filing_submitted', 'Agreement', 'a3', '2026-10-12T02:00:01.000Z');
  await event('agreement.filing_confirmed', 'Agreement', 'a3', '2026-10-22T02:00:00.000Z');
  await event('agreement.suspended', 'Agreement', 'a6', '2026-10-18T02:00:00.000Z');
  await event('agreement.revoked', 'Agreement', 'a4', '2026-10-31T15:59:59.999Z');
  await event('agreement.expired', 'Agreement', 'a5', AFTER);
  await event('partner.nominated', 'Partner', 'p1', '2026-10-02T02:00:00.000Z');
  await event('partner.renominated', 'Partner', 'p2', '2026-10-03T02:00:00.000Z');
  await event('partner.approved', 'Partner', 'p1', '2026-10-25T02:00:00.000Z');
  await event('partner.lapsed', 'Partner', 'p4', '2026-10-26T02:00:00.000Z');
  await event('partner.blacklisted', 'Partner', 'p3', BEFORE);

  // What stands: agreements and partners as their recorders write them.
  const live = aLivePartner();
  const vetting = aLivePartner({ status: 'vetting' });
  const revetting = aLivePartner({ status: 'revetting' });
  const blacklisted = aLivePartner({ status: 'blacklisted' });
  await storePartners([live, vetting, revetting, blacklisted]);
  const overdueAttestation: AgreementState['attestation'] = {
    status: 'awaiting',
    dueAt: '2026-10-10T00:00:00.000Z',
    remindAt: '2026-10-05T00:00:00.000Z',
    overdue: true,
  };
  await storeAgreements([
    aLiveAgreement(live),
    aLiveAgreement(live),
    aLiveAgreement(live),
    aLiveAgreement(live, { status: 'suspended' }),
    aLiveAgreement(live, { status: 'in_review' }),
    aLiveAgreement(live, { status: 'revoked', attestation: overdueAttestation }),
  ]);

  // Inspection runs: one completed in the month, one after it, one still running.
  await storeEntity(inspectionEntity, inspection({ progress: { ...inspection({}).progress, scanned: 1_000 } }));
  await storeEntity(inspectionEntity, inspection({ completedAt: AFTER, startedAt: AFTER, asOf: AFTER }));
  const { completedAt: _none, ...running } = inspection({ status: 'running' });
  await storeEntity(inspectionEntity, running);

  // Findings: raised in the month by several rules, units and partners; closures in and out of it.
  await storeEntity(
    findingEntity,
    finding({ severity: 'high', ruleId: 'partner_vetting_lapsed', dueAt: '2026-10-29T15:59:59.999Z' }),
  );
  await storeEntity(
    findingEntity,
    finding({
      severity: 'critical',
      status: 'escalated',
      ruleId: 'partner_blacklisted',
      dueAt: '2026-10-20T15:59:59.999Z',
      ownerUnit: 'unit-b',
      partnerId: 'partner-2',
      partnerName: '乙合作方',
    }),
  );
  await storeEntity(
    findingEntity,
    finding({
      status: 'verified',
      live: true,
      closure: { reason: 'verified', at: '2026-10-25T03:00:00.000Z', by: 'sec.reviewer' },
    }),
  );
  await storeEntity(
    findingEntity,
    finding({
      severity: 'low',
      status: 'closed',
      live: false,
      raisedAt: '2026-09-15T03:00:00.000Z',
      dueAt: '2026-10-27T15:59:59.999Z',
      closure: { reason: 'cause_gone', at: '2026-10-15T03:00:00.000Z', by: 'system', period: MONTH },
    }),
  );
  await storeEntity(
    findingEntity,
    finding({
      severity: 'high',
      status: 'closed',
      live: false,
      closure: { reason: 'agreement_revoked', at: AFTER, by: 'system' },
    }),
  );
  await storeEntity(findingEntity, finding({ ownerUnit: 'unit-b', partnerId: 'partner-2', partnerName: '乙合作方' }));

  // Incidents: graded, a drill apart, reports met and missed, one closed.
  await storeEntity(
    incidentEntity,
    incident({
      grade: 'III',
      status: 'closed',
      reportedAt: '2026-10-03T02:00:00.000Z',
      closedAt: '2026-10-20T02:00:00.000Z',
      deadlines: [
        {
          kind: 'sector_regulator_report',
          state: 'met',
          dueAt: '2026-10-03T03:00:00.000Z',
          madeAt: '2026-10-03T02:40:00.000Z',
        },
        { kind: 'cyberspace_report', state: 'missed', dueAt: '2026-10-03T06:00:00.000Z' },
        {
          kind: 'cac_summary_report',
          state: 'met',
          dueAt: '2026-11-19T15:59:59.999Z',
          madeAt: '2026-11-02T02:00:00.000Z',
        },
      ],
    }),
  );
  await storeEntity(
    incidentEntity,
    incident({
      drill: true,
      status: 'closed',
      reportedAt: '2026-10-10T02:00:00.000Z',
      closedAt: '2026-10-10T08:00:00.000Z',
      deadlines: [{ kind: 'sector_regulator_report', state: 'missed', dueAt: '2026-10-10T03:00:00.000Z' }],
    }),
  );
  await storeEntity(incidentEntity, incident({ reportedAt: '2026-10-12T02:00:00.000Z' }));
  await storeEntity(incidentEntity, incident({ grade: 'II', reportedAt: AFTER }));
}

/** A figure counted in the store by the raw driver: its total and its breakdown. */
async function storeCount(id: FigureId): Promise<{ value: number; breakdown: Record<string, number> }> {
  const { collection, pipeline } = storePipelineOf(id, period);
  const groups = await db().collection(collection).aggregate(pipeline).toArray();
  const breakdown = Object.fromEntries(groups.map((g) => [g._id === null ? 'none' : String(g._id), Number(g.value)]));
  return { value: groups.reduce((sum, g) => sum + Number(g.value), 0), breakdown };
}

beforeAll(async () => {
  api = await startApi('monthly_report');
  await seedMonth();
}, 180_000);

afterAll(async () => {
  await api?.stop();
});

describe('the monthly report', () => {
  let report: Report;

  it('computes every figure of the month as the store counts it', async () => {
    const dso = await api.client(users.dso);
    const res = await dso.get(`/api/reports/monthly/${MONTH}`);
    expect(res.status).toBe(200);
    report = res.data as Report;
    expect(report).toMatchObject({ month: MONTH, source: 'live', period: { cutoff: period.end.toISOString() } });
    expect(report.figures.map((f) => f.id)).toEqual(FIGURE_IDS);

    const counted: Partial<Record<FigureId, number>> = {};
    for (const figure of report.figures) {
      if ('percent' in MONTHLY_FIGURES[figure.id]) continue;
      const store = await storeCount(figure.id);
      counted[figure.id] = store.value;
      expect({ id: figure.id, value: figure.value }).toEqual({ id: figure.id, value: store.value });
      if (figure.breakdown) {
        expect({ id: figure.id, by: Object.fromEntries(figure.breakdown.map((b) => [b.key, b.value])) }).toEqual({
          id: figure.id,
          by: store.breakdown,
        });
      }
    }
    const rectified = (counted['findings.verified'] ?? 0) + (counted['findings.closed_by_reinspection'] ?? 0);
    const whole = rectified + (counted['findings.open_at_cutoff'] ?? 0);
    expect(report.figures.find((f) => f.id === 'findings.rectified_percent')!.value).toBe(
      Math.round((rectified / whole) * 1000) / 10,
    );
  });

  it('counts what was seeded, so that the store counts themselves are checked', () => {
    const value = (id: FigureId) => report.figures.find((f) => f.id === id)!.value;
    expect({
      requests: value('sharing.requests'),
      approvals: value('sharing.approvals'),
      rejections: value('sharing.rejections'),
      provisions: value('sharing.provisions'),
      filingsConfirmed: value('sharing.filings_confirmed'),
      revocations: value('sharing.revocations'),
      expiries: value('sharing.expiries'),
      active: value('sharing.active_at_cutoff'),
      suspended: value('sharing.suspended_at_cutoff'),
      nominations: value('vetting.nominations'),
      lapses: value('vetting.lapses'),
      blacklistings: value('vetting.blacklistings'),
      approvedPartners: value('vetting.approved_at_cutoff'),
      inspections: value('inspections.completed'),
      scanned: value('inspections.agreements_scanned'),
      raised: value('findings.raised'),
      verified: value('findings.verified'),
      closedByReinspection: value('findings.closed_by_reinspection'),
      revoked: value('findings.revoked'),
      incidents: value('incidents.reported'),
      drills: value('incidents.drills'),
      reportsMet: value('incidents.reports_met'),
      reportsMissed: value('incidents.reports_missed'),
      overdue: value('problems.findings_overdue'),
      attestationsOverdue: value('problems.attestations_overdue'),
    }).toEqual({
      requests: 2,
      approvals: 2,
      rejections: 1,
      provisions: 2,
      filingsConfirmed: 1,
      revocations: 1,
      expiries: 0,
      active: 3,
      suspended: 1,
      nominations: 2,
      lapses: 1,
      blacklistings: 0,
      approvedPartners: 2,
      inspections: 1,
      scanned: 1_000,
      raised: 5,
      verified: 1,
      closedByReinspection: 1,
      revoked: 0,
      incidents: 2,
      drills: 1,
      reportsMet: 1,
      reportsMissed: 1,
      overdue: 2,
      attestationsOverdue: 1,
    });
    expect(report.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining([
        'findings_overdue',
        'critical_findings_open',
        'attestations_overdue',
        'incident_reports_missed',
      ]),
    );
    expect(report.suggestions.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        'escalate_overdue',
        'resolve_critical',
        'chase_attestations',
        'review_incident_reporting',
      ]),
    );
  });

  it('breaks the month’s findings down by rule, severity, unit and partner as the store counts them', async () => {
    const findings = db().collection('findings');
    const inMonth = { raisedAt: { $gte: period.start, $lt: period.end } };
    for (const [field, groups] of [
      ['ruleId', report.findings.byRule],
      ['severity', report.findings.bySeverity.filter((g) => g.findings > 0)],
      ['ownerUnit', report.findings.byUnit],
      ['partnerId', report.findings.byPartner],
    ] as const) {
      const keys = (await findings.distinct(field, inMonth)) as string[];
      expect({ field, keys: groups.map((g) => g.key).sort() }).toEqual({ field, keys: [...keys].sort() });
      for (const group of groups) {
        expect({ field, key: group.key, findings: group.findings }).toEqual({
          field,
          key: group.key,
          findings: await findings.countDocuments({ ...inMonth, [field]: group.key }),
        });
      }
    }
    expect(report.findings.byPartner.find((g) => g.key === 'partner-2')?.name).toBe('乙合作方');
  });

  it('is kept once by monthly-report-<month>, and then served as kept', async () => {
    const workflowId = monthlyReportWorkflowId(MONTH);
    const handle = await api.temporal.workflow.start('monthlyReport', {
      workflowId,
      taskQueue: api.taskQueue,
      args: [{ month: MONTH, requestedBy: 'system:test' }],
    });
    const first = (await handle.result()) as { stored: boolean; generatedAt: string };
    expect(first).toMatchObject({ month: MONTH, stored: true });
    await recordHistory(handle, 'monthly-report-kept');
    // Run again (the id may be reused once closed): the first report stands.
    const again = await api.temporal.workflow.execute('monthlyReport', {
      workflowId,
      taskQueue: api.taskQueue,
      args: [{ month: MONTH, requestedBy: 'system:test' }],
    });
    expect(again).toEqual({ month: MONTH, generatedAt: first.generatedAt, stored: false });
    expect(await MonthlyReportModel.countDocuments({ _id: MONTH })).toBe(1);

    const auditor = await api.client(users.auditor);
    const kept = (await auditor.get(`/api/reports/monthly/${MONTH}`)).data as Report;
    expect(kept.source).toBe('snapshot');
    expect(kept.generatedAt).toBe(first.generatedAt);
    expect(kept.figures).toEqual(report.figures);
  });
});
