import { CHINA_HOLIDAYS } from '../../../policies/calendar-data';
import {
  contentGapsOf,
  deadlineChangesOf,
  deadlineStateOf,
  drillScheduleOf,
  incidentDeadlinesFor,
  partnerReportDueOf,
  partnerReportTimelinessOf,
  type IncidentDeadlineInput,
} from '../../../policies/incident-deadlines';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import { renderOversight } from '../../../policies/texts/oversight';

const calendar = CHINA_HOLIDAYS;
/** Friday 20 November 2026, 10:00 in Shanghai. */
const discoveredAt = new Date('2026-11-20T02:00:00.000Z');
/** Tuesday 24 November 2026, 18:00 in Shanghai. */
const handlingEndedAt = new Date('2026-11-24T10:00:00.000Z');

function deadlines(overrides: Partial<IncidentDeadlineInput> = {}) {
  return incidentDeadlinesFor({
    grade: 'IV',
    kind: 'leak',
    importantOrCoreData: false,
    personalInfoPeople: 0,
    discoveredAt,
    params: DEFAULT_PARAMETERS,
    calendar,
    ...overrides,
  });
}

/** A deadline as a table row: kind, recipient, rules, due, reminders, escalation. */
const rowsOf = (list: ReturnType<typeof deadlines>) =>
  list.map((d) => ({
    kind: d.kind,
    recipient: d.recipient,
    rules: d.rules.join(' '),
    dueAt: d.dueAt?.toISOString() ?? null,
    remindAt: d.remindAt.map((at) => at.toISOString()),
    escalateAt: d.escalateAt?.toISOString() ?? null,
  }));

const SECTOR_1H = {
  kind: 'sector_regulator_report',
  recipient: 'local_telecom_regulator',
  dueAt: '2026-11-20T03:00:00.000Z',
  remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T02:30:00.000Z'],
  escalateAt: '2026-11-20T02:45:00.000Z',
};
const NOTICE_24H = {
  kind: 'individual_notice',
  recipient: 'affected_individuals',
  rules: 'R45 R15 R25',
  dueAt: '2026-11-21T02:00:00.000Z',
  remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T14:00:00.000Z'],
  escalateAt: '2026-11-20T20:00:00.000Z',
};
/** 30 days after Tuesday 24 November: 24 December; reminded on day 15, escalated on day 22, at 09:00. */
const CAC_SUMMARY = {
  kind: 'cac_summary_report',
  rules: 'R20',
  dueAt: '2026-12-24T15:59:59.999Z',
  remindAt: ['2026-12-09T01:00:00.000Z'],
  escalateAt: '2026-12-16T01:00:00.000Z',
};

describe('incidentDeadlinesFor', () => {
  it('owes nothing for a 一般 incident without important data or personal information', () => {
    expect(deadlines()).toEqual([]);
  });

  it('reports important or core data to the sector regulator at once, whatever the grade (R15)', () => {
    expect(rowsOf(deadlines({ importantOrCoreData: true }))).toEqual([{ ...SECTOR_1H, rules: 'R15' }]);
  });

  it('reports a 较大 leak of 2,000,000 people: the regulator in 1 h, the provincial 网信 office in 4 h, the individuals in 24 h, the CAC summary in 30 days', () => {
    expect(rowsOf(deadlines({ grade: 'III', personalInfoPeople: 2_000_000, handlingEndedAt }))).toEqual([
      { ...SECTOR_1H, rules: 'R19' },
      {
        kind: 'cyberspace_report',
        recipient: 'provincial_cyberspace_office',
        rules: 'R20',
        dueAt: '2026-11-20T06:00:00.000Z',
        remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T04:00:00.000Z'],
        escalateAt: '2026-11-20T05:00:00.000Z',
      },
      NOTICE_24H,
      { ...CAC_SUMMARY, recipient: 'provincial_cyberspace_office' },
    ]);
  });

  it('reports a 重大 incident of a CIIO: its protection department and the police in 1 h, the MIIT summary in 5 working days', () => {
    const params = parametersFrom({ operatorIsCiio: true });
    expect(
      rowsOf(deadlines({ grade: 'II', importantOrCoreData: true, kind: 'tampering', handlingEndedAt, params })),
    ).toEqual([
      { ...SECTOR_1H, rules: 'R15 R19' },
      {
        kind: 'cyberspace_report',
        recipient: 'ciio_protection_department_and_police',
        rules: 'R20',
        dueAt: '2026-11-20T03:00:00.000Z',
        remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T02:30:00.000Z'],
        escalateAt: '2026-11-20T02:45:00.000Z',
      },
      {
        // Five working days after Tuesday 24 November: 25, 26, 27, 30 November, 1 December.
        kind: 'miit_summary_report',
        recipient: 'local_telecom_regulator',
        rules: 'R19',
        dueAt: '2026-12-01T15:59:59.999Z',
        remindAt: ['2026-11-26T01:00:00.000Z'],
        escalateAt: '2026-11-27T01:00:00.000Z',
      },
      { ...CAC_SUMMARY, recipient: 'ciio_protection_department_and_police' },
    ]);
  });

  it('takes every duration from the parameters', () => {
    const params = parametersFrom({
      incidentSectorReportHours: 0.5,
      incidentFirstReportHoursOther: 2,
      individualNoticeHours: 72,
      cacIncidentSummaryDays: 20,
      incidentReminderAtFraction: 0.25,
      incidentEscalationAtFraction: 0.5,
    });
    expect(rowsOf(deadlines({ grade: 'III', personalInfoPeople: 10, handlingEndedAt, params }))).toEqual([
      {
        kind: 'sector_regulator_report',
        recipient: 'local_telecom_regulator',
        rules: 'R19',
        dueAt: '2026-11-20T02:30:00.000Z',
        remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T02:07:30.000Z'],
        escalateAt: '2026-11-20T02:15:00.000Z',
      },
      {
        kind: 'cyberspace_report',
        recipient: 'provincial_cyberspace_office',
        rules: 'R20',
        dueAt: '2026-11-20T04:00:00.000Z',
        remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T02:30:00.000Z'],
        escalateAt: '2026-11-20T03:00:00.000Z',
      },
      {
        ...NOTICE_24H,
        dueAt: '2026-11-23T02:00:00.000Z',
        remindAt: ['2026-11-20T02:00:00.000Z', '2026-11-20T20:00:00.000Z'],
        escalateAt: '2026-11-21T14:00:00.000Z',
      },
      {
        kind: 'cac_summary_report',
        recipient: 'provincial_cyberspace_office',
        rules: 'R20',
        dueAt: '2026-12-14T15:59:59.999Z',
        remindAt: ['2026-11-29T01:00:00.000Z'],
        escalateAt: '2026-12-04T01:00:00.000Z',
      },
    ]);
  });

  it('waits for the end of handling before the summary reports count', () => {
    const [, , summary] = deadlines({ grade: 'II' });
    expect(summary).toMatchObject({
      kind: 'miit_summary_report',
      startsAt: null,
      dueAt: null,
      remindAt: [],
      escalateAt: null,
    });
    expect(summary!.basis.map((r) => renderOversight('en', r))).toEqual([
      'The incident is major (重大, II): major (重大, II) or graver',
      'Counts from the end of emergency handling, which has not ended',
    ]);
  });

  it.each(['misuse', 'unavailability'] as const)(
    'notifies no individual of %s (R45: leak, tampering, loss)',
    (kind) => {
      expect(deadlines({ grade: 'III', kind, personalInfoPeople: 5_000 }).map((d) => d.kind)).toEqual([
        'sector_regulator_report',
        'cyberspace_report',
        'cac_summary_report',
      ]);
    },
  );

  it('says what the notice and the MIIT summary must contain, and who hears of a missed deadline', () => {
    const list = deadlines({ grade: 'II', personalInfoPeople: 3, handlingEndedAt });
    const notice = list.find((d) => d.kind === 'individual_notice')!;
    expect(notice.content).toEqual([
      'categories',
      'cause',
      'possible_harm',
      'remedies',
      'individual_measures',
      'contact',
    ]);
    expect(list.find((d) => d.kind === 'miit_summary_report')!.content).toEqual([
      'cause',
      'responsibility',
      'loss',
      'improvements',
    ]);
    expect(notice.escalateTo).toBe('dso');
    expect(notice.missedNotify).toEqual(['dso', 'first_responsible_person']);
    expect(
      contentGapsOf(notice, { categories: '手机号码、位置', cause: '  ', possible_harm: '骚扰电话', contact: '10086' }),
    ).toEqual(['cause', 'remedies', 'individual_measures']);
  });
});

describe('deadlineStateOf', () => {
  const due = { dueAt: new Date('2026-11-20T03:00:00.000Z') };
  it.each<[string, { dueAt: Date | null }, string | undefined, string, string]>([
    ['made before it is due', due, '2026-11-20T02:59:00.000Z', '2026-11-20T05:00:00.000Z', 'met'],
    ['made at its due instant', due, '2026-11-20T03:00:00.000Z', '2026-11-20T05:00:00.000Z', 'met'],
    ['made late', due, '2026-11-20T03:00:00.001Z', '2026-11-20T05:00:00.000Z', 'missed'],
    ['not made, still time', due, undefined, '2026-11-20T02:30:00.000Z', 'due'],
    ['not made, past due', due, undefined, '2026-11-20T03:00:00.001Z', 'missed'],
    ['waiting for handling to end', { dueAt: null }, undefined, '2026-11-30T00:00:00.000Z', 'waiting'],
    ['made before it started counting', { dueAt: null }, '2026-11-22T00:00:00.000Z', '2026-11-30T00:00:00.000Z', 'met'],
  ])('%s', (_case, deadline, madeAt, now, state) => {
    expect(deadlineStateOf(deadline, madeAt ? new Date(madeAt) : undefined, new Date(now))).toBe(state);
  });
});

describe('deadlineChangesOf', () => {
  it('adds the deadlines of a re-grading up, keeping the one already owed', () => {
    const before = deadlines({ importantOrCoreData: true });
    const after = deadlines({ importantOrCoreData: true, grade: 'III' });
    const changes = deadlineChangesOf(before, after);
    expect(changes.added.map((d) => d.kind)).toEqual(['cyberspace_report', 'cac_summary_report']);
    expect(changes.removed).toEqual([]);
    expect(changes.moved).toEqual([]);
  });

  it('removes those no longer owed after a re-grading down, and moves the summaries when handling ends', () => {
    const before = deadlines({ grade: 'II' });
    expect(deadlineChangesOf(before, deadlines({ grade: 'III' })).removed.map((d) => d.kind)).toEqual([
      'miit_summary_report',
    ]);
    expect(deadlineChangesOf(before, deadlines({ grade: 'II', handlingEndedAt })).moved).toEqual([
      { kind: 'miit_summary_report', from: null, to: new Date('2026-12-01T15:59:59.999Z') },
      { kind: 'cac_summary_report', from: null, to: new Date('2026-12-24T15:59:59.999Z') },
    ]);
  });
});

describe('drillScheduleOf', () => {
  const now = new Date('2026-11-20T02:00:00.000Z');
  it.each<[string, string | undefined, object]>([
    [
      'a drill a year and five days ago: overdue since 15 November',
      '2025-11-15T02:00:00.000Z',
      { dueAt: '2026-11-15T15:59:59.999Z', remindAt: '2026-10-16T01:00:00.000Z', remind: true, overdue: true },
    ],
    [
      'a drill in January: due next January, not yet reminded',
      '2026-01-10T02:00:00.000Z',
      { dueAt: '2027-01-10T15:59:59.999Z', remindAt: '2026-12-11T01:00:00.000Z', remind: false, overdue: false },
    ],
    [
      'no drill since counting started on 1 June 2025',
      undefined,
      { dueAt: '2026-06-01T15:59:59.999Z', remindAt: '2026-05-02T01:00:00.000Z', remind: true, overdue: true },
    ],
  ])('%s', (_case, lastDrillAt, expected) => {
    const schedule = drillScheduleOf({
      ...(lastDrillAt ? { lastDrillAt: new Date(lastDrillAt) } : {}),
      since: new Date('2025-06-01T02:00:00.000Z'),
      now,
      params: DEFAULT_PARAMETERS,
    });
    expect({ ...schedule, dueAt: schedule.dueAt.toISOString(), remindAt: schedule.remindAt.toISOString() }).toEqual(
      expected,
    );
  });

  it('follows a configured cadence', () => {
    const params = parametersFrom({ drillCadenceMonths: 6, drillReminderDays: 14 });
    const schedule = drillScheduleOf({ lastDrillAt: new Date('2026-06-10T02:00:00.000Z'), since: now, now, params });
    expect([schedule.dueAt.toISOString(), schedule.remindAt.toISOString(), schedule.remind]).toEqual([
      '2026-12-10T15:59:59.999Z',
      '2026-11-26T01:00:00.000Z',
      false,
    ]);
  });
});

describe("the partner's own report (R20 Art 5)", () => {
  const detectedAt = new Date('2026-11-20T01:00:00.000Z');
  it('is due an hour after the partner detected the incident, by default', () => {
    expect(partnerReportDueOf({ detectedAt, params: DEFAULT_PARAMETERS })).toEqual(
      new Date('2026-11-20T02:00:00.000Z'),
    );
  });

  it.each<[string, number, { late: boolean; hoursLate: number }]>([
    ['2026-11-20T02:00:00.000Z', 1, { late: false, hoursLate: 0 }],
    ['2026-11-20T03:30:00.000Z', 1, { late: true, hoursLate: 1.5 }],
    ['2026-11-20T03:30:00.000Z', 24, { late: false, hoursLate: 0 }],
  ])('reported at %s with %s h allowed', (reportedAt, hours, expected) => {
    const params = parametersFrom({ partnerIncidentReportHours: hours });
    expect(partnerReportTimelinessOf({ detectedAt, reportedAt: new Date(reportedAt), params })).toMatchObject(expected);
  });
});
