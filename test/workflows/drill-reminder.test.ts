/**
 * The emergency-drill cadence (应急演练, R4, R26; issue 15 §6) on the time-skipping test server: the
 * `drillReminder` workflow run as its daily Schedule runs it, with the real activities against this file's
 * own store, at instants reached by skipping the server's clock. A drill held is an incident row marked as a
 * drill, as the incident's workflow writes it. The test checks the notices the DSO receives.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { drillScheduleOf } from '../../policies/incident-deadlines';
import { parametersFrom } from '../../policies/parameters';
import { shanghaiDateOf } from '../../policies/calendar';
import { IncidentRowModel } from '../../src/entities/incident';
import { bucketOf } from '../../src/store/buckets';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { NotificationModel } from '../../src/models/notification.model';
import { drillReminder } from '../../workflows/incident/drill-reminder';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { startTimeSkipping, withTestWorker, skipClockTo } from '../support/time-skipping';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

/** A drill every month, the DSO reminded a week ahead: the cadence is configuration. */
const PARAMS = parametersFrom({ drillCadenceMonths: 1, drillReminderDays: 7 });

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
/** A client that leaves the test server's clock alone (`env.client`'s `result()` unlocks time skipping). */
let plainClient: Client;

beforeAll(async () => {
  await connectTestStore('drill_reminder_ts');
  await Promise.all([IncidentRowModel, NotificationModel, AuditEventModel].map((m) => m.createIndexes()));
  ({ env, workflowBundle, plainClient } = await startTimeSkipping());
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await disconnectTestStore();
});

function withWorker<T>(test: (taskQueue: string) => Promise<T>): Promise<T> {
  return withTestWorker({ env, workflowBundle }, 'drill', createActivities({ parameters: PARAMS }), test);
}

const serverNow = async () => new Date(await env.currentTimeMs());

/** Skips the test server's clock forward to `instant`. */
const skipTo = (instant: number) => skipClockTo(env, instant);

/** A drill reported at `at`: its incident row, as the incident's workflow writes it. */
async function aDrillHeld(at: Date): Promise<void> {
  const id = randomUUID();
  await IncidentRowModel.create({
    _id: id,
    bucket: bucketOf(id),
    version: 4,
    title: '年度数据安全应急演练',
    kind: 'leak',
    source: 'internal',
    status: 'closed',
    grade: 'IV',
    drill: true,
    detectedAt: at,
    reportedAt: at,
    agreements: 0,
    missed: 0,
    updatedAt: at,
  } as never);
}

/** One daily run, as the Schedule starts it: now is the server's clock. */
const aDailyRun = (taskQueue: string) =>
  plainClient.workflow.execute(drillReminder, { workflowId: `drill-reminder-${randomUUID()}`, taskQueue });

const noticesOf = (template: 'incident.drill_due' | 'incident.drill_overdue') =>
  NotificationModel.find({ recipient: 'role:dso', template }).lean<{ params: Record<string, string> }[]>();

describe('drillReminder', () => {
  it('tells the DSO once when the next drill comes within its reminder days, once a week while it is overdue, and nothing once one is held', async () => {
    await withWorker(async (taskQueue) => {
      const lastDrillAt = await serverNow();
      await aDrillHeld(lastDrillAt);
      const { dueAt, remindAt } = drillScheduleOf({
        lastDrillAt,
        since: lastDrillAt,
        now: lastDrillAt,
        params: PARAMS,
      });
      const dueDate = shanghaiDateOf(dueAt);
      // A month after the last drill, reminded a week ahead.
      expect(dueAt.getTime() - lastDrillAt.getTime()).toBeGreaterThan(28 * DAY);
      expect(dueAt.getTime() - lastDrillAt.getTime()).toBeLessThan(33 * DAY);
      expect(dueAt.getTime() - remindAt.getTime()).toBeGreaterThan(7 * DAY);
      expect(dueAt.getTime() - remindAt.getTime()).toBeLessThan(8 * DAY);

      // The day before the reminder window opens: nothing to say.
      await skipTo(remindAt.getTime() - DAY);
      expect(await aDailyRun(taskQueue)).toEqual({ dueAt: dueAt.toISOString(), remind: false, overdue: false });
      expect(await noticesOf('incident.drill_due')).toHaveLength(0);

      // Within the window, the runs of three days send one notice, with the date it is due by.
      await skipTo(remindAt.getTime() + MINUTE);
      for (let day = 0; day < 3; day++) {
        expect(await aDailyRun(taskQueue)).toEqual({ dueAt: dueAt.toISOString(), remind: true, overdue: false });
        await skipTo((await env.currentTimeMs()) + DAY);
      }
      const due = await noticesOf('incident.drill_due');
      expect(due).toHaveLength(1);
      expect(due[0]!.params).toEqual({ dueDate, lastDrillAt: lastDrillAt.toISOString() });
      expect(await noticesOf('incident.drill_overdue')).toHaveLength(0);

      // Overdue: the daily runs of 15 days (weeks 0, 1 and 2 past the due instant) send one notice a week.
      await skipTo(dueAt.getTime() + MINUTE);
      for (let day = 0; day < 15; day++) {
        expect(await aDailyRun(taskQueue)).toMatchObject({ remind: true, overdue: true });
        await skipTo((await env.currentTimeMs()) + DAY);
      }
      const overdue = await noticesOf('incident.drill_overdue');
      expect(overdue).toHaveLength(3);
      expect(overdue.every((n) => n.params.dueDate === dueDate)).toBe(true);

      // A drill held: the next is due a month after it, and the next runs send nothing.
      const heldAt = await serverNow();
      await aDrillHeld(heldAt);
      const next = drillScheduleOf({ lastDrillAt: heldAt, since: lastDrillAt, now: heldAt, params: PARAMS });
      expect(await aDailyRun(taskQueue)).toEqual({ dueAt: next.dueAt.toISOString(), remind: false, overdue: false });
      await skipTo(heldAt.getTime() + 3 * DAY);
      expect(await aDailyRun(taskQueue)).toEqual({ dueAt: next.dueAt.toISOString(), remind: false, overdue: false });
      expect(await noticesOf('incident.drill_due')).toHaveLength(1);
      expect(await noticesOf('incident.drill_overdue')).toHaveLength(3);
    });
  });
});
