import {
  addCalendarDays,
  addWorkingDays,
  calendarCoverage,
  deadlineFor,
  endOfShanghaiDay,
  isWorkingDay,
  shanghaiDateOf,
  type HolidayCalendar,
} from '../../../policies/calendar';
import CHINA_HOLIDAYS from '../../../policies/calendar-data';

const NO_HOLIDAYS: HolidayCalendar = {};

/** A made-up year: Wednesday 2030-03-06 off, Saturday 2030-03-09 worked. */
const TEST_CALENDAR: HolidayCalendar = {
  2030: {
    source: 'test',
    periods: [
      { name: { 'zh-CN': '测试日', en: 'Test Day' }, restDays: ['2030-03-06'], adjustedWorkingDays: ['2030-03-09'] },
    ],
  },
};

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('isWorkingDay', () => {
  it('counts Sunday 2026-01-04 as a working day, adjusted for New Year', () => {
    expect(isWorkingDay('2026-01-04', CHINA_HOLIDAYS)).toBe(true);
  });

  it("counts Thursday 2026-01-01 as a rest day, New Year's Day", () => {
    expect(isWorkingDay('2026-01-01', CHINA_HOLIDAYS)).toBe(false);
  });

  it.each(['2026-02-16', '2026-02-23', '2026-10-07', '2025-10-08', '2025-06-02'])(
    'counts weekday %s inside a holiday period as a rest day',
    (date) => {
      expect(isWorkingDay(date, CHINA_HOLIDAYS)).toBe(false);
    },
  );

  it.each(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11', '2026-02-14', '2026-05-09'])(
    'counts weekend day %s as an adjusted working day',
    (date) => {
      expect(isWorkingDay(date, CHINA_HOLIDAYS)).toBe(true);
    },
  );

  it('counts an ordinary Saturday as a rest day and an ordinary Wednesday as a working day', () => {
    expect(isWorkingDay('2026-03-07', CHINA_HOLIDAYS)).toBe(false);
    expect(isWorkingDay('2026-03-11', CHINA_HOLIDAYS)).toBe(true);
  });

  it('takes the Shanghai date of an instant: 2026-09-30T16:30:00Z is already National Day in Shanghai', () => {
    expect(isWorkingDay(new Date('2026-09-30T16:30:00Z'), CHINA_HOLIDAYS)).toBe(false);
    expect(isWorkingDay(new Date('2026-09-30T15:59:59.999Z'), CHINA_HOLIDAYS)).toBe(true);
  });

  it('counts Monday to Friday only in a year the calendar has no data for', () => {
    expect(isWorkingDay('2027-01-01', CHINA_HOLIDAYS)).toBe(true);
    expect(isWorkingDay('2027-01-02', CHINA_HOLIDAYS)).toBe(false);
  });

  it('uses the calendar it is given', () => {
    expect(isWorkingDay('2030-03-06', TEST_CALENDAR)).toBe(false);
    expect(isWorkingDay('2030-03-09', TEST_CALENDAR)).toBe(true);
    expect(isWorkingDay('2030-03-06', NO_HOLIDAYS)).toBe(true);
    expect(isWorkingDay('2026-01-04', NO_HOLIDAYS)).toBe(false);
  });

  it.each(['2026-02-30', '2026-2-3', '2026-02-03T00:00:00Z', ''])(
    'refuses %p, which is not a calendar date',
    (date) => {
      expect(() => isWorkingDay(date, CHINA_HOLIDAYS)).toThrow(RangeError);
    },
  );

  it('refuses a calendar that lists a day both as a rest day and as a working day', () => {
    const contradictory: HolidayCalendar = {
      2030: {
        source: 'test',
        periods: [
          { name: { 'zh-CN': '甲', en: 'A' }, restDays: ['2030-03-06'], adjustedWorkingDays: [] },
          { name: { 'zh-CN': '乙', en: 'B' }, restDays: [], adjustedWorkingDays: ['2030-03-06'] },
        ],
      },
    };
    expect(() => isWorkingDay('2030-03-07', contradictory)).toThrow(
      /2030-03-06 both as a rest day and as a working day/,
    );
  });
});

describe('addCalendarDays', () => {
  it('crosses month ends, a leap day and a year end', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('counts holidays like any other day', () => {
    expect(addCalendarDays('2026-09-28', 10)).toBe('2026-10-08');
  });

  it('goes back with a negative count and stays put with 0', () => {
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-03-01', 0)).toBe('2026-03-01');
  });

  it('counts from the Shanghai date of an instant', () => {
    expect(addCalendarDays(new Date('2026-02-13T17:00:00Z'), 1)).toBe('2026-02-15');
  });

  it('refuses a fraction of a day', () => {
    expect(() => addCalendarDays('2026-03-01', 1.5)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('10 working days from 2026-09-28 skip the National Day week and count Saturday 10 October', () => {
    expect(addWorkingDays('2026-09-28', 5, CHINA_HOLIDAYS)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-28', 10, CHINA_HOLIDAYS)).toBe('2026-10-16');
  });

  it('15 working days from 2026-02-10 cross Spring Festival and count Saturdays 14 and 28 February', () => {
    expect(addWorkingDays('2026-02-10', 4, CHINA_HOLIDAYS)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-10', 5, CHINA_HOLIDAYS)).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-10', 15, CHINA_HOLIDAYS)).toBe('2026-03-09');
  });

  it('5 working days from 2025-04-30 skip Labour Day 2025', () => {
    expect(addWorkingDays('2025-04-30', 5, CHINA_HOLIDAYS)).toBe('2025-05-12');
  });

  it('counts Monday to Friday only without holiday data', () => {
    expect(addWorkingDays('2026-09-28', 10, NO_HOLIDAYS)).toBe('2026-10-12');
  });

  it('returns the start itself for 0 days, even on a rest day', () => {
    expect(addWorkingDays('2026-10-01', 0, CHINA_HOLIDAYS)).toBe('2026-10-01');
  });

  it('from a rest day, counts the first working day after it as day 1', () => {
    expect(addWorkingDays('2026-10-01', 1, CHINA_HOLIDAYS)).toBe('2026-10-08');
  });

  it('goes back with a negative count: 60 working days before 2026-12-31 is 2026-10-09', () => {
    expect(addWorkingDays('2026-02-24', -1, CHINA_HOLIDAYS)).toBe('2026-02-14');
    expect(addWorkingDays('2026-12-31', -60, CHINA_HOLIDAYS)).toBe('2026-10-09');
  });

  it('counts from the Shanghai date of an instant: 2026-02-13T17:00:00Z counts from 14 February', () => {
    expect(addWorkingDays(new Date('2026-02-13T17:00:00Z'), 1, CHINA_HOLIDAYS)).toBe('2026-02-24');
  });

  it('counts Monday to Friday only in 2027, which has no data yet', () => {
    expect(addWorkingDays('2027-09-30', 3, CHINA_HOLIDAYS)).toBe('2027-10-05');
  });

  it('uses the calendar it is given', () => {
    expect(addWorkingDays('2030-03-05', 1, TEST_CALENDAR)).toBe('2030-03-07');
    expect(addWorkingDays('2030-03-08', 1, TEST_CALENDAR)).toBe('2030-03-09');
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_000])('refuses %p days', (days) => {
    expect(() => addWorkingDays('2026-03-01', days, CHINA_HOLIDAYS)).toThrow(RangeError);
  });
});

describe('deadlineFor', () => {
  const lateFriday = new Date('2026-02-13T17:00:00Z'); // Saturday 2026-02-14 01:00 in Shanghai

  it('counts working days from the Shanghai date: 2026-02-13T17:00:00Z counts from 14 February', () => {
    expect(deadlineFor(lateFriday, { amount: 1, unit: 'working_days' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-02-24T15:59:59.999Z',
    );
  });

  it('ends a working-day deadline at 23:59:59.999 Shanghai time of the Nth working day', () => {
    const start = new Date('2026-09-28T02:00:00Z');
    expect(deadlineFor(start, { amount: 10, unit: 'working_days' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-10-16T15:59:59.999Z',
    );
  });

  it('ends a calendar-day deadline at 23:59:59.999 Shanghai time of the Nth day', () => {
    expect(deadlineFor(lateFriday, { amount: 14, unit: 'calendar_days' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-02-28T15:59:59.999Z',
    );
  });

  it('does not move a calendar-day deadline that ends on a holiday', () => {
    const start = new Date('2026-09-28T02:00:00Z');
    expect(deadlineFor(start, { amount: 3, unit: 'calendar_days' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-10-01T15:59:59.999Z',
    );
  });

  it('adds hours to the instant, holidays included', () => {
    expect(deadlineFor(lateFriday, { amount: 4, unit: 'hours' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-02-13T21:00:00.000Z',
    );
    const nationalDay = new Date('2026-10-01T02:00:00Z');
    expect(deadlineFor(nationalDay, { amount: 1, unit: 'hours' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-10-01T03:00:00.000Z',
    );
  });

  it('ends a deadline of 0 working days with the start day', () => {
    expect(deadlineFor(lateFriday, { amount: 0, unit: 'working_days' }, CHINA_HOLIDAYS).toISOString()).toBe(
      '2026-02-14T15:59:59.999Z',
    );
  });

  it('refuses a negative amount, a fraction of a day, an unknown unit and an invalid instant', () => {
    expect(() => deadlineFor(lateFriday, { amount: -1, unit: 'hours' }, CHINA_HOLIDAYS)).toThrow(RangeError);
    expect(() => deadlineFor(lateFriday, { amount: 0.5, unit: 'working_days' }, CHINA_HOLIDAYS)).toThrow(RangeError);
    const weeks = { amount: 1, unit: 'weeks' } as unknown as Parameters<typeof deadlineFor>[1];
    expect(() => deadlineFor(lateFriday, weeks, CHINA_HOLIDAYS)).toThrow(/unknown deadline unit: weeks/);
    expect(() => deadlineFor(new Date('x'), { amount: 1, unit: 'hours' }, CHINA_HOLIDAYS)).toThrow(RangeError);
  });
});

describe('shanghaiDateOf and endOfShanghaiDay', () => {
  it('turn the date at UTC 16:00, 8 hours before Shanghai midnight', () => {
    expect(shanghaiDateOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(shanghaiDateOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(endOfShanghaiDay('2026-12-31').toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });
});

describe('calendarCoverage', () => {
  it('reports 2027 missing from the shipped data', () => {
    expect(calendarCoverage(CHINA_HOLIDAYS, [2025, 2026, 2027])).toEqual([2027]);
  });

  it('reports each missing year once, ascending', () => {
    expect(calendarCoverage(CHINA_HOLIDAYS, [2028, 2024, 2028, 2026])).toEqual([2024, 2028]);
  });

  it('reports nothing when every year is covered', () => {
    expect(calendarCoverage(CHINA_HOLIDAYS, [2025, 2026])).toEqual([]);
  });
});

describe('CHINA_HOLIDAYS', () => {
  const years = Object.entries(CHINA_HOLIDAYS);
  const periods = years.flatMap(([year, data]) => data.periods.map((period) => ({ year, period })));

  it('has the number of rest days each notice announces (共 N 天)', () => {
    const counts = periods.map(({ year, period }) => `${year} ${period.name['zh-CN']} ${period.restDays.length}`);
    expect(counts).toEqual([
      '2025 元旦 1',
      '2025 春节 8',
      '2025 清明节 3',
      '2025 劳动节 5',
      '2025 端午节 3',
      '2025 国庆节、中秋节 8',
      '2026 元旦 3',
      '2026 春节 9',
      '2026 清明节 3',
      '2026 劳动节 5',
      '2026 端午节 3',
      '2026 中秋节 3',
      '2026 国庆节 7',
    ]);
  });

  it('names every period in Chinese and English', () => {
    for (const { period } of periods) {
      expect(period.name['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(period.name.en).toMatch(/^[A-Z][A-Za-z' -]+$/);
    }
  });

  it("lists each period's rest days as consecutive days of its year", () => {
    for (const { year, period } of periods) {
      period.restDays.forEach((date, i) => {
        expect(date.slice(0, 4)).toBe(year);
        if (i > 0) expect(addCalendarDays(period.restDays[i - 1]!, 1)).toBe(date);
      });
    }
  });

  it('lists only Saturdays and Sundays as adjusted working days, none of them a rest day', () => {
    const restDays = new Set<string>(periods.flatMap(({ period }) => period.restDays));
    for (const { period } of periods) {
      for (const date of period.adjustedWorkingDays) {
        expect([0, 6]).toContain(weekdayOf(date));
        expect(restDays.has(date)).toBe(false);
      }
    }
  });
});
