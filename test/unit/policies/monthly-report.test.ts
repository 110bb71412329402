import {
  FIGURE_IDS,
  MONTHLY_FIGURES,
  addRecord,
  emptyMonthlyTally,
  monthlyFiguresOf,
  reportPeriodOf,
  storePipelineOf,
  type ReportSource,
  type StoreRecord,
} from '../../../policies/monthly-report';
import { AUDIT_ACTIONS } from '../../../policies/audit-actions';

/** October 2026 in Shanghai: from 30 September 16:00 UTC to 31 October 16:00 UTC. */
const october = reportPeriodOf('2026-10');

const event = (action: string, id: string, at: string): StoreRecord => ({
  action,
  at: new Date(at),
  subject: { type: action.startsWith('partner.') ? 'Partner' : 'Agreement', id },
});

/** A month of records, each source as its collection holds them (instants as dates, or ISO strings). */
const RECORDS: [ReportSource, StoreRecord][] = [
  ['audit_events', event('agreement.submitted', 'a1', '2026-10-05T02:00:00.000Z')],
  // The same request submitted again after a return counts once.
  ['audit_events', event('agreement.submitted', 'a1', '2026-10-20T02:00:00.000Z')],
  // 23:59:59.999 on 30 September in Shanghai: September's.
  ['audit_events', event('agreement.submitted', 'a2', '2026-09-30T15:59:59.999Z')],
  // 00:00 on 1 October in Shanghai: October's.
  ['audit_events', event('agreement.submitted', 'a3', '2026-09-30T16:00:00.000Z')],
  ['audit_events', event('agreement.approved', 'a1', '2026-10-08T02:00:00.000Z')],
  ['audit_events', event('agreement.regulator_approved', 'a3', '2026-10-12T02:00:00.000Z')],
  ['audit_events', event('agreement.provision_recorded', 'a1', '2026-10-08T02:00:01.000Z')],
  ['audit_events', event('agreement.filing_submitted', 'a3', '2026-10-12T02:00:01.000Z')],
  ['audit_events', event('agreement.filing_confirmed', 'a3', '2026-10-22T02:00:00.000Z')],
  ['audit_events', event('agreement.stage_approved', 'a1', '2026-10-06T02:00:00.000Z')],
  ['audit_events', event('agreement.revoked', 'a4', '2026-10-31T15:59:59.999Z')],
  ['audit_events', event('agreement.expired', 'a5', '2026-10-31T16:00:00.000Z')],
  ['audit_events', event('agreement.suspended', 'a6', '2026-10-18T02:00:00.000Z')],
  ['audit_events', event('partner.nominated', 'p1', '2026-10-02T02:00:00.000Z')],
  ['audit_events', event('partner.renominated', 'p2', '2026-10-03T02:00:00.000Z')],
  ['audit_events', event('partner.approved', 'p1', '2026-10-25T02:00:00.000Z')],
  ['audit_events', event('partner.blacklisted', 'p3', '2026-10-26T02:00:00.000Z')],

  ['agreement_rows', { status: 'active' }],
  ['agreement_rows', { status: 'active' }],
  ['agreement_rows', { status: 'suspended' }],
  ['agreement_rows', { status: 'in_review' }],
  ['agreement_rows', { status: 'revoked', attestation: 'overdue' }],
  ['agreement_rows', { status: 'closed', attestation: 'received' }],

  ['partners', { status: 'approved' }],
  ['partners', { status: 'revetting' }],
  ['partners', { status: 'vetting' }],
  ['partners', { status: 'blacklisted' }],

  ['inspections', { status: 'completed', completedAt: '2026-10-15T03:00:00.000Z', progress: { scanned: 1_000 } }],
  ['inspections', { status: 'completed', completedAt: '2026-11-02T03:00:00.000Z', progress: { scanned: 500 } }],
  ['inspections', { status: 'running' }],

  [
    'findings',
    { severity: 'high', status: 'open', raisedAt: '2026-10-15T03:00:00.000Z', dueAt: '2026-10-29T15:59:59.999Z' },
  ],
  [
    'findings',
    {
      severity: 'critical',
      status: 'escalated',
      raisedAt: '2026-10-15T03:00:00.000Z',
      dueAt: '2026-10-20T15:59:59.999Z',
    },
  ],
  [
    'findings',
    {
      severity: 'medium',
      status: 'verified',
      closure: { reason: 'verified', at: '2026-10-25T03:00:00.000Z' },
      raisedAt: '2026-10-15T03:00:00.000Z',
      dueAt: '2026-11-12T15:59:59.999Z',
    },
  ],
  [
    'findings',
    {
      severity: 'low',
      status: 'closed',
      closure: { reason: 'cause_gone', at: '2026-10-15T03:00:00.000Z' },
      raisedAt: '2026-09-15T03:00:00.000Z',
      dueAt: '2026-10-27T15:59:59.999Z',
    },
  ],
  [
    'findings',
    { severity: 'medium', status: 'open', raisedAt: '2026-10-15T03:00:00.000Z', dueAt: '2026-11-12T15:59:59.999Z' },
  ],

  [
    'incidents',
    {
      drill: false,
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
    },
  ],
  [
    'incidents',
    {
      drill: true,
      grade: 'IV',
      status: 'closed',
      reportedAt: '2026-10-10T02:00:00.000Z',
      closedAt: '2026-10-10T08:00:00.000Z',
      deadlines: [{ kind: 'sector_regulator_report', state: 'missed', dueAt: '2026-10-10T03:00:00.000Z' }],
    },
  ],
  [
    'incidents',
    { drill: false, grade: 'IV', status: 'contained', reportedAt: '2026-10-12T02:00:00.000Z', deadlines: [] },
  ],
];

function figuresOf(records: [ReportSource, StoreRecord][], period = october) {
  const tally = emptyMonthlyTally();
  for (const [source, record] of records) addRecord(tally, source, record, period);
  return Object.fromEntries(
    monthlyFiguresOf(tally).map((f) => [
      f.id,
      f.breakdown ? { value: f.value, ...Object.fromEntries(f.breakdown.map((b) => [b.key, b.value])) } : f.value,
    ]),
  );
}

describe('the monthly figures', () => {
  it('counts each figure of October from the month’s records', () => {
    expect(figuresOf(RECORDS)).toEqual({
      'sharing.requests': 2,
      'sharing.approvals': 2,
      'sharing.rejections': 0,
      'sharing.withdrawals': 0,
      'sharing.amendments_approved': 0,
      'sharing.provisions': 2,
      'sharing.filings_submitted': 1,
      'sharing.filings_confirmed': 1,
      'sharing.suspensions': 1,
      'sharing.revocations': 1,
      'sharing.expiries': 0,
      'sharing.active_at_cutoff': 2,
      'sharing.suspended_at_cutoff': 1,
      'sharing.in_review_at_cutoff': 1,
      'vetting.nominations': 2,
      'vetting.approvals': 1,
      'vetting.rejections': 0,
      'vetting.lapses': 0,
      'vetting.blacklistings': 1,
      'vetting.approved_at_cutoff': 2,
      'vetting.in_vetting_at_cutoff': 1,
      'inspections.completed': 1,
      'inspections.agreements_scanned': 1_000,
      'findings.raised': { value: 4, critical: 1, high: 1, medium: 2 },
      'findings.verified': 1,
      'findings.closed_by_reinspection': 1,
      'findings.revoked': 0,
      'findings.open_at_cutoff': { value: 3, critical: 1, high: 1, medium: 1 },
      // (1 verified + 1 closed at re-inspection) / (2 + 3 open)
      'findings.rectified_percent': 40,
      'incidents.reported': { value: 2, III: 1, IV: 1 },
      'incidents.drills': 1,
      'incidents.closed': 1,
      'incidents.open_at_cutoff': 1,
      'incidents.reports_met': 1,
      'incidents.reports_missed': 1,
      'problems.findings_overdue': { value: 2, critical: 1, high: 1 },
      'problems.critical_findings_open': 1,
      'problems.attestations_overdue': 1,
    });
  });

  it('counts overdue items as at the cut-off when the report is made before the month ends', () => {
    const early = reportPeriodOf('2026-10', new Date('2026-10-25T16:00:00.000Z'));
    expect(figuresOf(RECORDS, early)['problems.findings_overdue']).toEqual({ value: 1, critical: 1 });
  });

  it('gives an empty month zeros, and no percentage of nothing', () => {
    const figures = monthlyFiguresOf(emptyMonthlyTally());
    expect(figures.map((f) => f.id)).toEqual(FIGURE_IDS);
    expect(figures.find((f) => f.id === 'findings.rectified_percent')!.value).toBeNull();
    expect(figures.find((f) => f.id === 'sharing.requests')!.value).toBe(0);
  });

  it('gives the same figures from a tally carried as JSON between batches', () => {
    const half = Math.floor(RECORDS.length / 2);
    const tally = emptyMonthlyTally();
    for (const [source, record] of RECORDS.slice(0, half)) addRecord(tally, source, record, october);
    const resumed = JSON.parse(JSON.stringify(tally)) as typeof tally;
    for (const [source, record] of RECORDS.slice(half)) addRecord(resumed, source, record, october);
    const straight = emptyMonthlyTally();
    for (const [source, record] of RECORDS) addRecord(straight, source, record, october);
    expect(monthlyFiguresOf(resumed)).toEqual(monthlyFiguresOf(straight));
  });
});

describe('reportPeriodOf', () => {
  it.each([
    ['2026-10', '2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z'],
    ['2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2027-02', '2027-01-31T16:00:00.000Z', '2027-02-28T16:00:00.000Z'],
  ])('bounds %s by Shanghai midnights', (month, start, end) => {
    const period = reportPeriodOf(month);
    expect([period.start.toISOString(), period.end.toISOString(), period.cutoff.toISOString()]).toEqual([
      start,
      end,
      end,
    ]);
  });

  it.each(['2026-13', '2026-1', 'October'])('refuses %s', (month) => {
    expect(() => reportPeriodOf(month)).toThrow(`not a month (YYYY-MM): ${month}`);
  });
});

describe('storePipelineOf', () => {
  const { start, end, cutoff } = october;

  it.each<[string, object]>([
    [
      'sharing.requests',
      {
        collection: 'audit_events',
        pipeline: [
          { $match: { action: 'agreement.submitted', at: { $gte: start, $lt: end } } },
          { $group: { _id: { by: null, value: '$subject.id' } } },
          { $group: { _id: '$_id.by', value: { $sum: 1 } } },
        ],
      },
    ],
    [
      'sharing.approvals',
      {
        collection: 'audit_events',
        pipeline: [
          {
            $match: {
              action: { $in: ['agreement.approved', 'agreement.regulator_approved'] },
              at: { $gte: start, $lt: end },
            },
          },
          { $group: { _id: null, value: { $sum: 1 } } },
        ],
      },
    ],
    [
      'inspections.agreements_scanned',
      {
        collection: 'inspections',
        pipeline: [
          { $match: { status: 'completed', completedAt: { $gte: start, $lt: end } } },
          { $group: { _id: null, value: { $sum: '$progress.scanned' } } },
        ],
      },
    ],
    [
      'problems.findings_overdue',
      {
        collection: 'findings',
        pipeline: [
          { $match: { status: { $in: ['open', 'rectifying', 'escalated'] }, dueAt: { $lt: cutoff } } },
          { $group: { _id: '$severity', value: { $sum: 1 } } },
        ],
      },
    ],
    [
      'incidents.reports_missed',
      {
        collection: 'incidents',
        pipeline: [
          { $match: { drill: false } },
          { $unwind: '$deadlines' },
          { $match: { 'deadlines.state': 'missed', 'deadlines.dueAt': { $gte: start, $lt: end } } },
          { $group: { _id: null, value: { $sum: 1 } } },
        ],
      },
    ],
  ])('counts %s in the store from the same definition', (id, expected) => {
    expect(storePipelineOf(id as never, october)).toEqual(expected);
  });

  it('refuses a derived figure: it is computed from counted ones', () => {
    expect(() => storePipelineOf('findings.rectified_percent', october)).toThrow(/derived/);
  });

  it('counts only actions the audit trail records, and derives only from figures that exist', () => {
    for (const id of FIGURE_IDS) {
      const figure = MONTHLY_FIGURES[id] as {
        where?: readonly { field: string; in: readonly (string | boolean)[] }[];
        percent?: { part: readonly string[]; whole: readonly string[] };
      };
      for (const action of figure.where?.find((c) => c.field === 'action')?.in ?? []) {
        expect(AUDIT_ACTIONS).toContain(action as string);
      }
      for (const part of [...(figure.percent?.part ?? []), ...(figure.percent?.whole ?? [])]) {
        expect(FIGURE_IDS).toContain(part);
      }
    }
  });
});
