/**
 * Deadlines on the Chinese statutory calendar (R3, R17, R19, R48, R50 count in working days, 工作日).
 *
 * Pure and bundle-safe: no clock, no I/O, no Node modules; the holiday data is a parameter (pass
 * `CHINA_HOLIDAYS` from `calendar-data.ts`, or a test's own calendar).
 *
 * Conventions:
 * - Days are Asia/Shanghai calendar dates, 'YYYY-MM-DD'. Shanghai is UTC+8 all year (no daylight saving
 *   time), so an instant's date is the UTC date of the instant plus 8 hours: 2026-02-13T17:00:00Z is
 *   already 2026-02-14 in Shanghai, and a count from that instant starts from 2026-02-14.
 * - A working day is Monday to Friday, unless the calendar lists it as a rest day (放假日), plus the
 *   weekend days the calendar lists as adjusted working days (调休上班日). A year missing from the
 *   calendar counts Monday to Friday only (`calendarCoverage` names such years).
 * - Counting starts the day after the start (day 0 is the start, as in 民法典 Art 201): N working days
 *   after a start is the Nth working day after it, whatever the start itself is.
 * - `deadlineFor` returns an instant. A deadline in days ends at the last millisecond of its last day,
 *   23:59:59.999 Shanghai time (民法典 Art 203: the last day ends at 24:00); an act at or before that instant
 *   is in time. A deadline in hours is the start plus the hours, to the millisecond. A calendar-day
 *   deadline whose last day is a rest day is not moved to the next working day (民法典 Art 203 would allow
 *   it; the product stays on the earlier, safe side).
 */
import type { HolidayCalendar, IsoDate } from './calendar-data';

export type { HolidayCalendar, HolidayPeriod, HolidayYear, IsoDate } from './calendar-data';

export const DEADLINE_UNITS = ['calendar_days', 'working_days', 'hours'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DeadlineUnit;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai: UTC+8, no daylight saving time since 1991. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** A guard against a runaway count: a century of days. */
const MAX_DAYS = 36_600;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Shanghai calendar date of an instant. */
export function shanghaiDateOf(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('not a valid instant');
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Shanghai calendar day: 23:59:59.999 at UTC+8. */
export function endOfShanghaiDay(date: IsoDate): Date {
  return new Date((dayNumberOf(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

export function isWorkingDay(date: IsoDate | Date, calendar: HolidayCalendar): boolean {
  return isWorkingDayNumber(dayNumberOf(dateOf(date)), dayKindsOf(calendar));
}

/** The date `days` calendar days after (or, negative, before) the start's Shanghai date. */
export function addCalendarDays(start: IsoDate | Date, days: number): IsoDate {
  checkDayCount(days);
  return isoDateOf(dayNumberOf(dateOf(start)) + days);
}

/**
 * The `days`-th working day after the start's Shanghai date (before it when `days` is negative); the
 * start itself when `days` is 0. The start need not be a working day.
 */
export function addWorkingDays(start: IsoDate | Date, days: number, calendar: HolidayCalendar): IsoDate {
  checkDayCount(days);
  const kinds = dayKindsOf(calendar);
  const step = Math.sign(days);
  let day = dayNumberOf(dateOf(start));
  for (let left = Math.abs(days); left > 0;) {
    day += step;
    if (isWorkingDayNumber(day, kinds)) left -= 1;
  }
  return isoDateOf(day);
}

/**
 * The instant by which something started at `start` is due: `hours` after it to the millisecond, or the
 * end (23:59:59.999 Shanghai time) of the Nth calendar or working day after the start's Shanghai date.
 */
export function deadlineFor(start: Date, duration: Duration, calendar: HolidayCalendar): Date {
  const { amount, unit } = duration;
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`a deadline needs a finite amount of 0 or more, not ${amount}`);
  }
  switch (unit) {
    case 'hours': {
      const ms = start.getTime();
      if (Number.isNaN(ms)) throw new RangeError('not a valid instant');
      return new Date(ms + amount * HOUR_MS);
    }
    case 'calendar_days':
      return endOfShanghaiDay(addCalendarDays(start, amount));
    case 'working_days':
      return endOfShanghaiDay(addWorkingDays(start, amount, calendar));
    default:
      throw new RangeError(`unknown deadline unit: ${String(unit satisfies never)}`);
  }
}

/**
 * The years among `years` that the calendar has no data for, ascending, each once. Working days in
 * those years are counted Monday to Friday only, so start-up should warn about each.
 */
export function calendarCoverage(calendar: HolidayCalendar, years: Iterable<number>): number[] {
  const missing = new Set<number>();
  for (const year of years) {
    if (!Object.hasOwn(calendar, year)) missing.add(year);
  }
  return [...missing].sort((a, b) => a - b);
}

type DayKind = 'rest' | 'work';

/** Every date the calendar names, with what it is; a date named both ways is a data error. */
function dayKindsOf(calendar: HolidayCalendar): Map<IsoDate, DayKind> {
  const kinds = new Map<IsoDate, DayKind>();
  const add = (date: IsoDate, kind: DayKind) => {
    dayNumberOf(date);
    const known = kinds.get(date);
    if (known !== undefined && known !== kind) {
      throw new RangeError(`the holiday calendar lists ${date} both as a rest day and as a working day`);
    }
    kinds.set(date, kind);
  };
  for (const year of Object.values(calendar)) {
    for (const period of year.periods) {
      for (const date of period.restDays) add(date, 'rest');
      for (const date of period.adjustedWorkingDays) add(date, 'work');
    }
  }
  return kinds;
}

function isWorkingDayNumber(day: number, kinds: Map<IsoDate, DayKind>): boolean {
  const kind = kinds.get(isoDateOf(day));
  if (kind !== undefined) return kind === 'work';
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function dateOf(date: IsoDate | Date): IsoDate {
  return typeof date === 'string' ? date : shanghaiDateOf(date);
}

/** Days since 1970-01-01; refuses anything but a real 'YYYY-MM-DD' date. */
function dayNumberOf(date: IsoDate): number {
  const ms = ISO_DATE.test(date)
    ? Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))
    : Number.NaN;
  const day = ms / DAY_MS;
  if (!Number.isInteger(day) || isoDateOf(day) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return day;
}

function isoDateOf(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function checkDayCount(days: number): void {
  if (!Number.isInteger(days) || Math.abs(days) > MAX_DAYS) {
    throw new RangeError(`days must be a whole number of days within ±${MAX_DAYS}, not ${days}`);
  }
}
