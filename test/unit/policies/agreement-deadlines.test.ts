import {
  atShanghaiHour,
  catalogRefilingDueFor,
  provisionRecordRetainedUntil,
  attestationDeadlinesFor,
  recertificationDeadlinesFor,
  regulatorFollowUpAfter,
  sccFilingDeadlineFor,
  stageDeadlinesFor,
  usagePeriodOf,
  usagePeriodsOf,
  usageReportDeadlinesFor,
} from '../../../policies/agreement-deadlines';
import { CHINA_HOLIDAYS } from '../../../policies/calendar-data';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';

const calendar = CHINA_HOLIDAYS;
const params = DEFAULT_PARAMETERS;
const iso = (d: Date) => d.toISOString();

/*
 * The 2026 Spring Festival: 15–23 February are rest days; Saturday 14 and Saturday 28 February are
 * working days. National Day: 1–7 October rest; Sunday 20 September and Saturday 10 October work.
 * Labour Day: 1–5 May rest; Saturday 9 May works.
 */
describe('stageDeadlinesFor', () => {
  // Thursday 12 February 2026, 10:00 in Shanghai.
  const openedAt = new Date('2026-02-12T02:00:00.000Z');

  it('counts working days across the Spring Festival: reminder on the 3rd, deadline at the end of the 5th', () => {
    // Working days after 12 Feb: 13 (Fri), 14 (Sat, adjusted), then 24, 25, 26.
    expect(stageDeadlinesFor({ stage: 'security_review', openedAt, params, calendar })).toEqual({
      remindAt: new Date('2026-02-24T01:00:00.000Z'),
      dueAt: new Date('2026-02-26T15:59:59.999Z'),
      escalateTo: 'dso',
    });
  });

  it('would be a week earlier without the holiday calendar', () => {
    expect(iso(stageDeadlinesFor({ stage: 'security_review', openedAt, params, calendar: {} }).dueAt)).toBe(
      '2026-02-19T15:59:59.999Z',
    );
  });

  it('counts from the Shanghai date: 01:00 on Friday in Shanghai is still Thursday in UTC', () => {
    const lateThursdayUtc = new Date('2026-02-12T17:00:00.000Z');
    // From 13 Feb: 14, 24, 25, 26, 27.
    expect(iso(stageDeadlinesFor({ stage: 'legal', openedAt: lateThursdayUtc, params, calendar }).dueAt)).toBe(
      '2026-02-27T15:59:59.999Z',
    );
  });

  it('escalates the DSO’s own stage to the first responsible person (R5)', () => {
    expect(stageDeadlinesFor({ stage: 'dso', openedAt, params, calendar }).escalateTo).toBe('first_responsible_person');
  });

  it('follows the configured days', () => {
    const quick = parametersFrom({ stageDecisionWorkingDays: 2, stageReminderWorkingDays: 1 });
    expect(stageDeadlinesFor({ stage: 'unit_head', openedAt, params: quick, calendar })).toMatchObject({
      remindAt: new Date('2026-02-13T01:00:00.000Z'),
      dueAt: new Date('2026-02-14T15:59:59.999Z'),
    });
  });
});

describe('regulatorFollowUpAfter', () => {
  it('reminds the DSO on the morning of the 20th working day, National Day skipped', () => {
    // From Tuesday 29 September 2026: 30 Sep, 8, 9, 10 (Sat), 12–16, 19–23, 26–30 Oct, 2 Nov.
    expect(iso(regulatorFollowUpAfter({ since: new Date('2026-09-29T08:00:00.000Z'), params, calendar }))).toBe(
      '2026-11-02T01:00:00.000Z',
    );
  });
});

describe('usage periods', () => {
  it('is the calendar month, quarter, half year or year a date falls in', () => {
    expect(usagePeriodOf('2026-02-14', 'monthly')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(usagePeriodOf('2028-02-14', 'monthly')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(usagePeriodOf('2025-11-05', 'quarterly')).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(usagePeriodOf('2026-07-01', 'half_yearly')).toEqual({ start: '2026-07-01', end: '2026-12-31' });
    expect(usagePeriodOf('2026-07-01', 'yearly')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    // An instant is dated in Shanghai: 31 January 17:00 UTC is 1 February there.
    expect(usagePeriodOf(new Date('2026-01-31T17:00:00.000Z'), 'monthly').start).toBe('2026-02-01');
  });

  it('cuts the first and last period to the agreement', () => {
    expect(usagePeriodsOf({ startDate: '2026-11-20', endDate: '2027-02-10', cadence: 'monthly' })).toEqual([
      { start: '2026-11-20', end: '2026-11-30' },
      { start: '2026-12-01', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-01-31' },
      { start: '2027-02-01', end: '2027-02-10' },
    ]);
    expect(usagePeriodsOf({ startDate: '2026-11-20', endDate: '2026-11-20', cadence: 'quarterly' })).toEqual([
      { start: '2026-11-20', end: '2026-11-20' },
    ]);
  });
});

describe('usageReportDeadlinesFor', () => {
  it('is due on the 10th of the next month; the grace runs in working days across the Spring Festival', () => {
    // Grace after Tuesday 10 Feb: 11, 12, 13, 14 (Sat, adjusted), then 24 Feb.
    expect(usageReportDeadlinesFor({ period: { start: '2026-01-01', end: '2026-01-31' }, params, calendar })).toEqual({
      remindAt: new Date('2026-02-07T01:00:00.000Z'),
      dueAt: new Date('2026-02-10T15:59:59.999Z'),
      suspendAt: new Date('2026-02-24T15:59:59.999Z'),
    });
  });

  it('is due after a quarter on the 10th of the month after it, New Year’s holiday counted', () => {
    expect(usageReportDeadlinesFor({ period: { start: '2025-10-01', end: '2025-12-31' }, params, calendar })).toEqual({
      remindAt: new Date('2026-01-07T01:00:00.000Z'),
      dueAt: new Date('2026-01-10T15:59:59.999Z'),
      suspendAt: new Date('2026-01-16T15:59:59.999Z'),
    });
  });

  it('follows the configured due day and grace', () => {
    const p = parametersFrom({ usageReportDueDay: 1, usageReportReminderDays: 2, usageReportGraceWorkingDays: 1 });
    expect(
      usageReportDeadlinesFor({ period: { start: '2026-04-01', end: '2026-04-30' }, params: p, calendar }),
    ).toEqual({
      remindAt: new Date('2026-04-29T01:00:00.000Z'),
      dueAt: new Date('2026-05-01T15:59:59.999Z'),
      // Labour Day: 1–5 May rest, so the first working day after 1 May is 6 May.
      suspendAt: new Date('2026-05-06T15:59:59.999Z'),
    });
  });
});

describe('recertificationDeadlinesFor', () => {
  it('falls due a year after the last one; the grace runs across National Day', () => {
    // Grace after Tuesday 29 Sep 2026: 30 Sep, 8, 9, 10 (Sat), 12, 13, 14, 15, 16, 19 Oct.
    expect(
      recertificationDeadlinesFor({ lastCertifiedAt: new Date('2025-09-29T02:00:00.000Z'), params, calendar }),
    ).toEqual({
      remindAt: new Date('2026-08-30T01:00:00.000Z'),
      dueAt: new Date('2026-09-29T15:59:59.999Z'),
      suspendAt: new Date('2026-10-19T15:59:59.999Z'),
    });
  });
});

describe('attestationDeadlinesFor', () => {
  it('gives the partner 15 working days after revocation, reminded after 10, then escalates to the DSO', () => {
    // From Tuesday 29 Sep 2026 (16:00 in Shanghai): 30 Sep, 8, 9, 10, 12–16, 19 (10th) … 26 Oct (15th).
    expect(attestationDeadlinesFor({ revokedAt: new Date('2026-09-29T08:00:00.000Z'), params, calendar })).toEqual({
      remindAt: new Date('2026-10-19T01:00:00.000Z'),
      dueAt: new Date('2026-10-26T15:59:59.999Z'),
      escalateTo: 'dso',
    });
  });
});

describe('sccFilingDeadlineFor (R50)', () => {
  it('is the end of the 10th working day after the contract takes effect, Labour Day skipped', () => {
    // From Thursday 30 April 2026: 6, 7, 8, 9 (Sat), 11–15, 18 May.
    expect(iso(sccFilingDeadlineFor({ effectiveAt: new Date('2026-04-30T02:00:00.000Z'), params, calendar }))).toBe(
      '2026-05-18T15:59:59.999Z',
    );
  });
});

describe('atShanghaiHour', () => {
  it('is the hour in Shanghai, UTC+8', () => {
    expect(iso(atShanghaiHour('2026-02-24', 9))).toBe('2026-02-24T01:00:00.000Z');
    expect(iso(atShanghaiHour('2026-02-24', 0))).toBe('2026-02-23T16:00:00.000Z');
    expect(() => atShanghaiHour('2026-02-30', 9)).toThrow(RangeError);
  });
});

describe('catalogRefilingDueFor (R3)', () => {
  it('is the end of the Shanghai day three months after the sharing starts or ends', () => {
    expect(iso(catalogRefilingDueFor({ changedAt: new Date('2026-11-30T17:00:00.000Z'), params }))).toBe(
      // 1 December in Shanghai, plus 3 months.
      '2027-03-01T15:59:59.999Z',
    );
    expect(iso(catalogRefilingDueFor({ changedAt: new Date('2026-11-30T02:00:00.000Z'), params }))).toBe(
      // 30 November plus 3 months: the last day of February.
      '2027-02-28T15:59:59.999Z',
    );
  });
});

describe('provisionRecordRetainedUntil (R22)', () => {
  const recordedAt = new Date('2026-12-01T02:00:00.000Z');
  const agreementEndsAt = new Date('2028-11-30T15:59:59.999Z');

  it('keeps a provision record 3 years after the agreement ends, by default', () => {
    expect(iso(provisionRecordRetainedUntil({ recordedAt, agreementEndsAt, params }))).toBe('2031-11-30T15:59:59.999Z');
  });

  it('keeps it 3 years from its own date when so configured, and never less', () => {
    const fromRecord = parametersFrom({
      provisionRecordRetentionFrom: 'record_date',
      provisionRecordRetentionYears: 5,
    });
    expect(iso(provisionRecordRetainedUntil({ recordedAt, agreementEndsAt, params: fromRecord }))).toBe(
      '2031-12-01T02:00:00.000Z',
    );
    // An agreement that ended before the record (a record written after an early end) counts from the record.
    expect(
      iso(provisionRecordRetainedUntil({ recordedAt, agreementEndsAt: new Date('2026-06-30T00:00:00.000Z'), params })),
    ).toBe('2029-12-01T02:00:00.000Z');
  });
});
