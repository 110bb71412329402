/**
 * The month-end report's Schedule on the real dev server: created at start-up, at 00:30 on the 1st in
 * Shanghai with overlap skip, once however often the worker starts; a run it starts keeps the report of the
 * month that has just ended (`monthly-report-<month>`), and a second start for the same month keeps nothing new.
 */
import { reportedMonthOf } from '../../policies/monthly-report';
import { MonthlyReportModel } from '../../src/models/monthly-report.model';
import { ensureSchedules } from '../../src/schedules';
import { monthlyReportWorkflowId } from '../../workflows/ids';
import { startApi, type ApiHarness } from '../support/api';
import { recordHistory } from '../support/histories';
import { deleteSchedules, expectOneSchedule, scheduleSuffix, triggerRun } from '../support/schedules';

/** This file's own Schedules, beside those other test files make on the same server. */
const SUFFIX = scheduleSuffix('mr');
const SCHEDULE_ID = `datapact-monthly-report${SUFFIX}`;
let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('monthly_report_schedule');
}, 120_000);

afterAll(async () => {
  await deleteSchedules(api.temporal, SUFFIX);
  await api?.stop();
});

describe('the monthly report Schedule', () => {
  it('exists once after start-up and after a restart, at month end in Shanghai, overlap skip', async () => {
    await ensureSchedules(api.temporal, api.taskQueue, undefined, { idSuffix: SUFFIX });
    // A restart: the same Schedule again, not a second one.
    await ensureSchedules(api.temporal, api.taskQueue, undefined, { idSuffix: SUFFIX });

    const description = await expectOneSchedule(api.temporal, SCHEDULE_ID, 'scheduledMonthlyReport', api.taskQueue);
    // 00:30 on day 1 of every month.
    expect(description.spec.calendars).toEqual([
      expect.objectContaining({
        minute: [{ start: 30, end: 30, step: 1 }],
        hour: [{ start: 0, end: 0, step: 1 }],
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
      }),
    ]);
  });

  it('a triggered run keeps the report of the month just ended; a second one keeps nothing new', async () => {
    const first = await triggerRun(api.temporal, SCHEDULE_ID, 1);
    const month = reportedMonthOf(first.takenAt);
    expect(await first.run.result()).toMatchObject({ month, stored: true });
    await recordHistory(first.run, 'monthly-report-schedule-started');
    await recordHistory(api.temporal.workflow.getHandle(monthlyReportWorkflowId(month)), 'monthly-report-scheduled');
    const kept = await MonthlyReportModel.findById(month).lean<{ generatedBy: string; body: string }>();
    expect(kept).toMatchObject({ generatedBy: 'system:scheduler' });
    expect(JSON.parse(kept!.body)).toMatchObject({ month, version: 'monthly-report@1' });

    const second = await triggerRun(api.temporal, SCHEDULE_ID, 2);
    expect(await second.run.result()).toBeNull();
    expect(await MonthlyReportModel.countDocuments({ _id: month })).toBe(1);
  });
});
