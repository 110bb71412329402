/**
 * The Chinese statutory holiday calendar (法定节假日安排) as data, one entry per year.
 *
 * Source: the State Council General Office's yearly notices, 国务院办公厅关于2025年部分节假日安排的通知
 * (国办发明电〔2024〕12号, 2024-11-12) and 国务院办公厅关于2026年部分节假日安排的通知 (dated 2025-11-04;
 * reposts give it as 国办发明电〔2025〕7号), transcribed from the Xinhua text as reposted, e.g.
 * https://politics.gmw.cn/2025-11/04/content_38391083.htm for 2026. The government site was not consulted.
 * A person must check every date against the notice published on www.gov.cn before relying on it, and add
 * each new year when its notice comes out (usually in November of the year before).
 *
 * `restDays` are the days off of a holiday period (放假日), weekend days inside the period included;
 * `adjustedWorkingDays` are the weekend days that become working days for it (调休上班日). A year missing
 * here is counted Monday to Friday only: see `calendarCoverage` in `calendar.ts`.
 */

/** A calendar date, 'YYYY-MM-DD', in Asia/Shanghai. */
export type IsoDate = string;

export interface HolidayPeriod {
  readonly name: { readonly 'zh-CN': string; readonly en: string };
  readonly restDays: readonly IsoDate[];
  readonly adjustedWorkingDays: readonly IsoDate[];
}

export interface HolidayYear {
  /** The notice the year was transcribed from. */
  readonly source: string;
  readonly periods: readonly HolidayPeriod[];
}

/** Keyed by year. An adjusted working day may fall in the year before its period; it is listed with the period. */
export type HolidayCalendar = Readonly<Record<number, HolidayYear>>;

export const CHINA_HOLIDAYS = {
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
    periods: [
      {
        name: { 'zh-CN': '元旦', en: "New Year's Day" },
        restDays: ['2025-01-01'],
        adjustedWorkingDays: [],
      },
      {
        name: { 'zh-CN': '春节', en: 'Spring Festival' },
        restDays: [
          '2025-01-28',
          '2025-01-29',
          '2025-01-30',
          '2025-01-31',
          '2025-02-01',
          '2025-02-02',
          '2025-02-03',
          '2025-02-04',
        ],
        adjustedWorkingDays: ['2025-01-26', '2025-02-08'],
      },
      {
        name: { 'zh-CN': '清明节', en: 'Qingming Festival' },
        restDays: ['2025-04-04', '2025-04-05', '2025-04-06'],
        adjustedWorkingDays: [],
      },
      {
        name: { 'zh-CN': '劳动节', en: 'Labour Day' },
        restDays: ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05'],
        adjustedWorkingDays: ['2025-04-27'],
      },
      {
        name: { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
        restDays: ['2025-05-31', '2025-06-01', '2025-06-02'],
        adjustedWorkingDays: [],
      },
      {
        name: { 'zh-CN': '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' },
        restDays: [
          '2025-10-01',
          '2025-10-02',
          '2025-10-03',
          '2025-10-04',
          '2025-10-05',
          '2025-10-06',
          '2025-10-07',
          '2025-10-08',
        ],
        adjustedWorkingDays: ['2025-09-28', '2025-10-11'],
      },
    ],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)',
    periods: [
      {
        name: { 'zh-CN': '元旦', en: "New Year's Day" },
        restDays: ['2026-01-01', '2026-01-02', '2026-01-03'],
        adjustedWorkingDays: ['2026-01-04'],
      },
      {
        name: { 'zh-CN': '春节', en: 'Spring Festival' },
        restDays: [
          '2026-02-15',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-02-21',
          '2026-02-22',
          '2026-02-23',
        ],
        adjustedWorkingDays: ['2026-02-14', '2026-02-28'],
      },
      {
        name: { 'zh-CN': '清明节', en: 'Qingming Festival' },
        restDays: ['2026-04-04', '2026-04-05', '2026-04-06'],
        adjustedWorkingDays: [],
      },
      {
        name: { 'zh-CN': '劳动节', en: 'Labour Day' },
        restDays: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
        adjustedWorkingDays: ['2026-05-09'],
      },
      {
        name: { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
        restDays: ['2026-06-19', '2026-06-20', '2026-06-21'],
        adjustedWorkingDays: [],
      },
      {
        name: { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival' },
        restDays: ['2026-09-25', '2026-09-26', '2026-09-27'],
        adjustedWorkingDays: [],
      },
      {
        name: { 'zh-CN': '国庆节', en: 'National Day' },
        restDays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
        adjustedWorkingDays: ['2026-09-20', '2026-10-10'],
      },
    ],
  },
} as const satisfies HolidayCalendar;

export default CHINA_HOLIDAYS;
