/**
 * The partner lifecycle on the time-skipping test server, with the real activities against this file's
 * own store. Human steps are updates, sent with `startUpdate` and then awaited; deadlines are reached by
 * skipping the server's clock (`skipTo`); each test checks the workflow's `status` query and the store's
 * projection, and its workflows are terminated after it.
 */
import { hold, passHold } from '../support/held-activities';
import { EXPECTED_FAILURE } from '../support/expected-failure';
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityOptions, type DataPactActivities } from '../../activities';
import { inMemoryExternalList } from '../../activities/external-lists';
import type { Claims } from '../../policies/abilities';
import { CURRENT_QUESTIONNAIRE_VERSION } from '../../src/data/questionnaires';
import { AgreementModel } from '../../src/entities/agreement';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { NotificationModel } from '../../src/models/notification.model';
import { PartnerModel, partnerEntity } from '../../src/entities/partner';
import { partnerIdOf } from '../../src/services/partners';
import { QuestionnaireModel, seedQuestionnaires } from '../../src/models/questionnaire.model';
import { agreementWorkflowId, partnerWorkflowId } from '../../workflows/ids';
import { partnerLifecycle } from '../../workflows/partner/lifecycle';
import {
  blacklistUpdate,
  decideUpdate,
  provideInformationUpdate,
  requestInformationUpdate,
  statusQuery,
  submitAnswersUpdate,
  type Nomination,
  type PartnerState,
  type PartnerSummary,
} from '../../workflows/partner/messages';
import { users } from '../support/api';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aNomination, aPartnerUser, answersOf } from '../support/factories';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, withTestWorker, skipClockTo } from '../support/time-skipping';
import { agreementProbe, toldQuery } from './fixtures/agreement-probe';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
/**
 * A client that leaves the test server's clock alone: `env.client`'s `result()` unlocks time skipping,
 * and with no timer left to reach the test server's clock then leaps years ahead.
 */
let plainClient: Client;
/** Every workflow a test started: terminated after it, so no timer of it fires in a later test's skip. */
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  await connectTestStore('partner_lifecycle_ts');
  const models = [PartnerModel, BlacklistModel, NotificationModel, AuditEventModel, AgreementModel, QuestionnaireModel];
  await Promise.all(models.map((m) => m.createIndexes()));
  await seedQuestionnaires();
  ({ env, workflowBundle, plainClient } = await startTimeSkipping());
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  await env?.teardown();
  await disconnectTestStore();
});

/** The periods of a vetting with the defaults of policies/parameters.ts. */
const DEFAULT_PERIODS = { validityMonths: 12, revettingLeadDays: 30, questionnaireDays: 14, reviewDays: 14 };

/** A nomination as the API sends it with the workflow's start; nothing is in the store until the workflow writes it. */
function nominated(nominator: Claims = users.requesterA): Nomination {
  const nomination = aNomination();
  return {
    partnerId: partnerIdOf(nomination.creditCode),
    requestId: randomUUID(),
    fields: {
      legalName: nomination.legalName,
      creditCode: nomination.creditCode,
      contacts: nomination.contacts,
      certifications: nomination.certifications as Nomination['fields']['certifications'],
      dataLocations: nomination.dataLocations,
    },
    nominator,
    questionnaireVersion: CURRENT_QUESTIONNAIRE_VERSION,
    periods: DEFAULT_PERIODS,
  };
}

/** Runs `test` with a worker of its own on a new task queue, with the real activities. */
function withWorker<T>(test: (taskQueue: string) => Promise<T>, options: ActivityOptions = {}): Promise<T> {
  return withTestWorker({ env, workflowBundle }, 'partner', holdable(createActivities(options)), test);
}

/** The real activities, each waiting first while a test holds it (as on a slow store or a worker that died). */
function holdable(activities: DataPactActivities): DataPactActivities {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (...args: unknown[]) => {
        await passHold(name);
        return await (activity as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as DataPactActivities;
}

async function startVetting(taskQueue: string, nomination: Nomination) {
  const handle = await env.client.workflow.start(partnerLifecycle, {
    workflowId: partnerWorkflowId(nomination.partnerId),
    taskQueue,
    args: [{ nomination }],
  });
  started.push(handle);
  return handle;
}

type PartnerHandle = Awaited<ReturnType<typeof startVetting>>;
type StoredPartner = NonNullable<Awaited<ReturnType<typeof storedPartner>>>;

const storedPartner = (partnerId: string) =>
  PartnerModel.findById(partnerId).lean<Record<string, unknown> & { version?: number }>();

/**
 * Waits (in real time) until the workflow's summary passes `check` and the store holds that version:
 * what the API would then show, as the state (`state`) and as the stored document (`stored`).
 */
async function settled(
  handle: PartnerHandle,
  check: (summary: PartnerSummary) => boolean,
): Promise<{ state: PartnerState; stored: StoredPartner }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const summary = await handle.query(statusQuery);
    if (check(summary)) {
      const stored = await storedPartner(summary.id);
      if (stored?.version === summary.version) return { state: partnerEntity.stateOf(stored), stored };
    }
    if (Date.now() > deadline) {
      const { status, stage, version } = summary;
      throw new Error(`the partner did not settle as expected: ${JSON.stringify({ status, stage, version })}`);
    }
    await pause(50);
  }
}

/** Polls `read` until `check` passes; fails the test when it never does. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`never came true; last read: ${JSON.stringify(value)}`);
    await pause(50);
  }
}

/**
 * Sends a human step and waits for its handler's answer. The update is started and only then awaited:
 * a validator's refusal comes back as the rejected result.
 */
async function send<Arg>(
  handle: PartnerHandle,
  update: UpdateDefinition<PartnerState, [Arg]>,
  arg: Arg,
): Promise<PartnerState> {
  const accepted = await handle.startUpdate(update, { args: [arg], waitForStage: WorkflowUpdateStage.ACCEPTED });
  return await accepted.result();
}

/** The error code and message a validator refused the step with. */
async function refusalOf(step: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  const error = await step.then(
    () => new Error('the step was accepted'),
    (err: unknown) => err,
  );
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) throw error;
  return { code: error.cause.type ?? undefined, message: error.cause.message };
}

/** Skips the test server's clock forward to `instant`, firing every timer on the way. */
const skipTo = (instant: number) => skipClockTo(env, instant);

const ms = (iso: string | undefined) => new Date(iso!).getTime();

/** The instant twelve calendar months after `iso` (no 29 February in the periods these tests cover). */
const aYearAfter = (iso: string | Date) => {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.getTime();
};

/** Starts the vetting and answers the questionnaire as the partner's own user; returns at the review. */
async function vettedToReview(taskQueue: string, input: Nomination, pick: 'best' | 'worst' = 'best') {
  const handle = await startVetting(taskQueue, input);
  await settled(handle, (s) => s.stage === 'questionnaire');
  await send(handle, submitAnswersUpdate, { answers: answersOf(pick), actor: aPartnerUser(input.partnerId) });
  const { state } = await settled(handle, (s) => s.stage === 'review');
  return { handle, state };
}

const approval = (actor: Claims, reason?: string) => ({
  outcome: 'approve' as const,
  actor,
  ...(reason ? { reason } : {}),
});

/** An open agreement of the partner, with the probe standing in for its workflow `agreement-<id>`. */
async function anOpenAgreementOf(taskQueue: string, partnerId: string) {
  const agreementId = randomUUID();
  await AgreementModel.create({
    _id: agreementId,
    title: '会员画像数据联合建模',
    requestingUnit: 'unit-a',
    requestedBy: users.requesterA.sub,
    partnerId,
    effectiveGrade: 'general',
    purpose: 'joint modelling',
    legalBasis: 'contract',
    scenario: 'general',
    frequency: 'monthly',
    transferMethod: 'api',
    startDate: new Date('2026-01-01T00:00:00Z'),
    endDate: new Date('2030-12-31T00:00:00Z'),
    status: 'active',
  });
  const probe = await env.client.workflow.start(agreementProbe, {
    workflowId: agreementWorkflowId(agreementId),
    taskQueue,
  });
  started.push(probe);
  return { agreementId, told: () => probe.query(toldQuery) };
}

/** The notifications about this partner sent to `recipient` with `template`, oldest first. */
const notificationsTo = (partnerId: string, recipient: string, template: string) =>
  NotificationModel.find({ 'subject.id': partnerId, recipient, template }).sort({ createdAt: 1 }).lean();

describe('partnerLifecycle', () => {
  describe('first vetting', () => {
    it('approves a low-risk partner on one security reviewer’s approval, for twelve months', async () => {
      // Arrange
      const partner = nominated();
      const untouched = nominated();

      await withWorker(async (taskQueue) => {
        const { handle, state: inReview } = await vettedToReview(taskQueue, partner, 'best');
        const before = await env.currentTimeMs();

        // Act
        const answer = await send(handle, decideUpdate, approval(users.reviewer, '证书齐全'));

        // Assert
        const { state, stored } = await settled(handle, (s) => s.status === 'approved');
        expect(inReview).toMatchObject({ riskTier: 'low', clearance: 'important' });
        expect(answer).toMatchObject({ status: 'approved', version: state.version });
        expect(state.approvals).toEqual([expect.objectContaining({ stage: 'review', by: users.reviewer.sub })]);
        expect(ms(state.validFrom)).toBeGreaterThanOrEqual(before);
        expect(ms(state.validFrom) - before).toBeLessThan(HOUR);
        expect(ms(state.validUntil)).toBe(aYearAfter(state.validFrom!));
        expect(ms(state.revettingFrom)).toBe(ms(state.validUntil) - 30 * DAY);
        expect(stored).toMatchObject({
          status: 'approved',
          riskTier: 'low',
          clearance: 'important',
          round: 1,
          decision: { outcome: 'approve', by: users.reviewer.sub, reason: '证书齐全' },
          validFrom: new Date(state.validFrom!),
          validUntil: new Date(state.validUntil!),
          revettingFrom: new Date(state.revettingFrom!),
        });
        expect(stored.stage).toBeUndefined();
      });
      // Nothing of a nomination whose workflow has not started is in the store: the workflow writes it.
      expect(await storedPartner(untouched.partnerId)).toBeNull();
    });

    it('sends a high-risk partner to the DSO after the reviewer’s approval, and approves it on the DSO’s', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const { handle, state: inReview } = await vettedToReview(taskQueue, partner, 'worst');

        // Act
        await send(handle, decideUpdate, approval(users.reviewer));
        const atDso = await settled(handle, (s) => s.stage === 'dso_review');
        const notDso = await refusalOf(send(handle, decideUpdate, approval(users.reviewer2)));
        await send(handle, decideUpdate, approval(users.dso, '出境评估已备案'));

        // Assert
        const { state, stored } = await settled(handle, (s) => s.status === 'approved');
        expect(inReview.riskTier).toBe('high');
        expect(atDso.stored).toMatchObject({ status: 'vetting', stage: 'dso_review', riskTier: 'high' });
        expect(notDso.code).toBe('partner.needs_dso');
        expect(state.approvals.map((a) => [a.stage, a.by])).toEqual([
          ['review', users.reviewer.sub],
          ['dso_review', users.dso.sub],
        ]);
        expect(stored).toMatchObject({
          status: 'approved',
          riskTier: 'high',
          decision: { outcome: 'approve', by: users.dso.sub, reason: '出境评估已备案' },
        });
        expect(ms(state.validUntil)).toBe(aYearAfter(state.validFrom!));
        await recordHistory(handle, 'partner-lifecycle-high-tier-two-approvals');
      });
    });

    it('refuses a DSO the second approval of a high-risk partner they gave the first one of', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const { handle } = await vettedToReview(taskQueue, partner, 'worst');
        await send(handle, decideUpdate, approval(users.dso));
        const atDso = await settled(handle, (s) => s.stage === 'dso_review');

        // Act
        const refusal = await refusalOf(send(handle, decideUpdate, approval(users.dso)));

        // Assert
        expect(refusal.code).toBe('partner.same_approver');
        const { state, stored } = await settled(handle, () => true);
        expect(state.version).toBe(atDso.state.version);
        expect(state.approvals).toHaveLength(1);
        expect(stored).toMatchObject({ status: 'vetting', stage: 'dso_review' });
      });
    });

    it('rejects the partner with the reviewer’s reason', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const { handle } = await vettedToReview(taskQueue, partner);

        // Act
        await send(handle, decideUpdate, { outcome: 'reject', actor: users.reviewer, reason: '数据出境安排不清楚' });

        // Assert
        const { state, stored } = await settled(handle, (s) => s.status === 'rejected');
        expect(state.validUntil).toBeUndefined();
        expect(stored).toMatchObject({
          status: 'rejected',
          decision: { outcome: 'reject', by: users.reviewer.sub, reason: '数据出境安排不清楚' },
        });
        expect(stored.stage).toBeUndefined();
        expect(stored.validUntil).toBeUndefined();
      });
    });

    it('asks the partner a question, goes back to the review with the answer, then approves', async () => {
      // Arrange
      const partner = nominated();
      const partnerUser = aPartnerUser(partner.partnerId);

      await withWorker(async (taskQueue) => {
        const { handle } = await vettedToReview(taskQueue, partner);

        // Act
        await send(handle, requestInformationUpdate, { question: '日志保留多久？', actor: users.reviewer });
        const asked = await settled(handle, (s) => s.stage === 'more_information');
        const toPartner = await notificationsTo(
          partner.partnerId,
          `partner:${partner.partnerId}`,
          'partner.information_requested',
        );
        await send(handle, provideInformationUpdate, { answer: '保留 180 天', actor: partnerUser });
        const answered = await settled(handle, (s) => s.stage === 'review');
        await send(handle, decideUpdate, approval(users.reviewer));

        // Assert
        expect(asked.stored).toMatchObject({ status: 'vetting', stage: 'more_information' });
        expect(toPartner).toEqual([
          expect.objectContaining({
            params: { partnerId: partner.partnerId, legalName: partner.fields.legalName },
            dueAt: new Date(asked.state.dueAt!),
          }),
        ]);
        expect(answered.stored.informationRequests).toEqual([
          expect.objectContaining({
            question: '日志保留多久？',
            askedBy: users.reviewer.sub,
            answer: '保留 180 天',
            answeredBy: partnerUser.sub,
          }),
        ]);
        const { stored } = await settled(handle, (s) => s.status === 'approved');
        expect(stored).toMatchObject({ status: 'approved', decision: { outcome: 'approve', by: users.reviewer.sub } });
        await recordHistory(handle, 'partner-lifecycle-more-information');
      });
    });
  });

  describe('the same step sent twice while the first is acted on', () => {
    it('takes a reviewer’s approval of a high-risk partner sent twice once: the DSO’s stage opens, and the second is refused as decided', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const { handle } = await vettedToReview(taskQueue, partner, 'worst');

        // Act: the second sent while the story acts on the first (its blacklist read held).
        const acting = hold('checkInternalBlacklist');
        let outcomes: Promise<PartnerState>[];
        try {
          const first = await handle.startUpdate(decideUpdate, {
            args: [approval(users.reviewer)],
            waitForStage: WorkflowUpdateStage.ACCEPTED,
          });
          await acting.entered;
          const second = await handle.startUpdate(decideUpdate, {
            args: [approval(users.reviewer)],
            waitForStage: WorkflowUpdateStage.ACCEPTED,
          });
          outcomes = [first.result(), second.result()];
        } finally {
          acting.release();
        }
        const [first, second] = await Promise.allSettled(outcomes);

        // Assert: one approval recorded, the DSO's stage open, one audit event.
        expect(first).toMatchObject({ status: 'fulfilled', value: { stage: 'dso_review' } });
        expect(second!.status).toBe('rejected');
        const refusal = await refusalOf(Promise.reject((second as PromiseRejectedResult).reason));
        expect(refusal.code).toBe('partner.already_decided');
        const { state, stored } = await settled(handle, (s) => s.stage === 'dso_review');
        expect(state.approvals.map((a) => [a.stage, a.by])).toEqual([['review', users.reviewer.sub]]);
        expect(stored).toMatchObject({ status: 'vetting', stage: 'dso_review' });
        const actions = (
          await AuditEventModel.find({ 'subject.type': 'Partner', 'subject.id': partner.partnerId })
            .sort({ seq: 1 })
            .lean()
        ).map((e) => e.action);
        expect(actions.filter((a) => a === 'partner.approval_recorded')).toHaveLength(1);
        expect(actions).not.toContain('partner.approved');
      });
    });
  });

  describe('separation of duties, with the step sent straight to the workflow', () => {
    it.each([
      ['the reviewer who nominated the partner', users.reviewerWhoRequests, 'nobody reviews a partner they nominated'],
      ['a requester', users.requesterB, 'may not approve'],
      ['an administrator', users.admin, 'an administrator approves nothing'],
    ])('refuses the approval of %s', async (_, decider, why) => {
      // Arrange
      const partner = nominated(users.reviewerWhoRequests);

      await withWorker(async (taskQueue) => {
        const { handle, state: inReview } = await vettedToReview(taskQueue, partner);

        // Act
        const refusal = await refusalOf(send(handle, decideUpdate, approval(decider)));

        // Assert
        expect(refusal.code).toBe('auth.forbidden');
        expect(refusal.message).toContain(why);
        const { state, stored } = await settled(handle, () => true);
        expect(state).toMatchObject({ status: 'vetting', stage: 'review', version: inReview.version, approvals: [] });
        expect(stored).toMatchObject({ status: 'vetting', stage: 'review', version: inReview.version });
      });
    });

    it('refuses answers from a user of another partner organisation', async () => {
      // Arrange
      const partner = nominated();
      const other = aPartnerUser('org-other', 'someone@org-other');

      await withWorker(async (taskQueue) => {
        const handle = await startVetting(taskQueue, partner);
        const { state: sent } = await settled(handle, (s) => s.stage === 'questionnaire');

        // Act
        const refusal = await refusalOf(send(handle, submitAnswersUpdate, { answers: answersOf(), actor: other }));

        // Assert
        expect(refusal.code).toBe('auth.forbidden');
        const { state } = await settled(handle, () => true);
        expect(state).toMatchObject({ stage: 'questionnaire', version: sent.version });
        expect(state.questionnaire?.answers).toBeUndefined();
        expect(state.questionnaire?.answers).toBeUndefined();
      });
    });
  });

  describe('deadlines', () => {
    it('reminds the partner 7 and 2 days before the questionnaire is due, then lets the vetting expire', async () => {
      // Arrange
      const partner = nominated();
      const recipient = `partner:${partner.partnerId}`;
      const reminders = () => notificationsTo(partner.partnerId, recipient, 'partner.questionnaire_reminder');

      await withWorker(async (taskQueue) => {
        const handle = await startVetting(taskQueue, partner);
        const { state: sent } = await settled(handle, (s) => s.stage === 'questionnaire');
        const dueAt = ms(sent.questionnaire?.dueAt);

        // Act and Assert, day by day
        expect(dueAt - ms(sent.questionnaire?.sentAt)).toBe(14 * DAY);
        await skipTo(dueAt - 7 * DAY - HOUR);
        expect(await reminders()).toHaveLength(0);
        await skipTo(dueAt - 7 * DAY + HOUR);
        await eventually(reminders, (r) => r.length === 1);
        await skipTo(dueAt - 2 * DAY - HOUR);
        expect(await reminders()).toHaveLength(1);
        await skipTo(dueAt - 2 * DAY + HOUR);
        await eventually(reminders, (r) => r.length === 2);
        await skipTo(dueAt + HOUR);

        const { state, stored } = await settled(handle, (s) => s.status === 'expired');
        expect(state.questionnaire?.answers).toBeUndefined();
        expect(stored).toMatchObject({ status: 'expired' });
        expect(stored.stage).toBeUndefined();
        expect(await notificationsTo(partner.partnerId, recipient, 'partner.questionnaire_requested')).toHaveLength(1);
        expect(await reminders()).toHaveLength(2);
        await recordHistory(handle, 'partner-lifecycle-questionnaire-expires');
      });
    });

    it('when the review deadline passes with no decision, escalates to the DSO, who can still approve', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const { handle, state: inReview } = await vettedToReview(taskQueue, partner);
        const dueAt = ms(inReview.dueAt);
        await skipTo(dueAt - HOUR);
        const beforeDeadline = await handle.query(statusQuery);

        // Act
        await skipTo(dueAt + HOUR);
        const { state: escalated, stored } = await settled(handle, (s) => s.escalations === 1);
        await send(handle, decideUpdate, approval(users.dso));

        // Assert
        expect(dueAt - ms(inReview.questionnaire?.answeredAt)).toBeGreaterThanOrEqual(14 * DAY);
        expect(dueAt - ms(inReview.questionnaire?.answeredAt)).toBeLessThan(14 * DAY + 60_000);
        expect(beforeDeadline.escalations).toBe(0);
        expect(escalated).toMatchObject({ status: 'vetting', stage: 'review' });
        expect(ms(escalated.dueAt)).toBeGreaterThanOrEqual(dueAt + 14 * DAY);
        expect(stored.escalations).toBe(1);
        expect(await notificationsTo(partner.partnerId, 'role:dso', 'partner.review_overdue')).toEqual([
          expect.objectContaining({
            notificationKey: `partner:${partner.partnerId}:r1:escalation:1`,
            params: {
              partnerId: partner.partnerId,
              legalName: partner.fields.legalName,
              stage: 'review',
              escalations: '1',
            },
          }),
        ]);
        const approved = await settled(handle, (s) => s.status === 'approved');
        expect(approved.stored.decision).toMatchObject({ outcome: 'approve', by: users.dso.sub });
      });
    });
  });

  describe('validity and re-vetting', () => {
    it('when the validity ends with no re-vetting approved, lapses and tells the open agreements', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const agreement = await anOpenAgreementOf(taskQueue, partner.partnerId);
        const { handle } = await vettedToReview(taskQueue, partner);
        await send(handle, decideUpdate, approval(users.reviewer));
        const { state: approved } = await settled(handle, (s) => s.status === 'approved');

        // Act
        await skipTo(ms(approved.revettingFrom) + HOUR);
        const revetting = await settled(handle, (s) => s.status === 'revetting' && s.stage === 'questionnaire');
        await skipTo(ms(approved.validUntil) + HOUR);

        // Assert
        expect(revetting.stored).toMatchObject({ status: 'revetting', stage: 'questionnaire', round: 2 });
        const { state, stored } = await settled(handle, (s) => s.status === 'lapsed');
        expect(state.round).toBe(2);
        expect(stored).toMatchObject({ status: 'lapsed', round: 2, validUntil: new Date(approved.validUntil!) });
        const told = await eventually(agreement.told, (t) => t.length > 0);
        expect(told).toEqual([
          expect.objectContaining({
            key: `partner:${partner.partnerId}:r2:lapsed`,
            partnerId: partner.partnerId,
            cause: 'lapsed',
          }),
        ]);
        // The cause is the reason: the agreements get no words of the system's, in any language.
        expect(told[0]).not.toHaveProperty('reason');
        const lapsed = await AuditEventModel.findOne({
          'subject.id': partner.partnerId,
          action: 'partner.lapsed',
        }).lean();
        expect(lapsed?.why).toMatchObject({ code: 'partner.revetting_not_approved' });
        expect(lapsed?.reason).toBeUndefined();
        expect(await AgreementModel.findById(agreement.agreementId).lean()).toMatchObject({ status: 'active' });
        await recordHistory(handle, 'partner-lifecycle-lapses');
      });
    });

    it('when an outside list stops answering during the re-vetting, still lapses when the validity ends', async () => {
      // Arrange: the list answers the first vetting, then fails every call (Temporal retries without end).
      // A one-day lead keeps the retries between re-vetting and lapse few.
      const partner = { ...nominated(), periods: { ...DEFAULT_PERIODS, revettingLeadDays: 1 } };
      let calls = 0;
      const flaky = {
        name: 'flaky',
        listingsOf: async () => {
          calls += 1;
          if (calls > 1) throw new Error(`the outside list is unavailable ${EXPECTED_FAILURE}`);
          return [];
        },
      };

      await withWorker(
        async (taskQueue) => {
          const { handle } = await vettedToReview(taskQueue, partner);
          await send(handle, decideUpdate, approval(users.reviewer));
          const { state: approved } = await settled(handle, (s) => s.status === 'approved');

          // Act
          await skipTo(ms(approved.revettingFrom) + HOUR);
          const checking = await settled(handle, (s) => s.status === 'revetting' && s.stage === 'checks');
          await skipTo(ms(approved.validUntil) + HOUR);

          // Assert
          expect(checking.stored).toMatchObject({ status: 'revetting', stage: 'checks', round: 2 });
          const { stored } = await settled(handle, (s) => s.status === 'lapsed');
          expect(stored).toMatchObject({ status: 'lapsed', round: 2 });
          expect(calls).toBeGreaterThan(1);
        },
        { externalLists: [flaky] },
      );
    });

    it('when a re-vetting is approved on time, extends the validity by twelve months and continues as new', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const { handle } = await vettedToReview(taskQueue, partner);
        await send(handle, decideUpdate, approval(users.reviewer));
        const { state: first } = await settled(handle, (s) => s.status === 'approved');
        const firstRunId = (await handle.describe()).runId;
        await skipTo(ms(first.revettingFrom) + HOUR);
        await settled(handle, (s) => s.status === 'revetting' && s.stage === 'questionnaire');

        // Act
        await send(handle, submitAnswersUpdate, { answers: answersOf('best'), actor: aPartnerUser(partner.partnerId) });
        await settled(handle, (s) => s.status === 'revetting' && s.stage === 'review');
        await send(handle, decideUpdate, approval(users.reviewer2));

        // Assert
        const latest = await eventually(
          () => handle.describe(),
          (d) => d.runId !== firstRunId,
        );
        const firstRun = env.client.workflow.getHandle(handle.workflowId, firstRunId);
        expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
        expect(latest.status.name).toBe('RUNNING');
        const { state, stored } = await settled(handle, (s) => s.status === 'approved');
        expect(state).toMatchObject({ round: 2, validFrom: first.validUntil });
        expect(ms(state.validUntil)).toBe(aYearAfter(first.validUntil!));
        expect(ms(state.revettingFrom)).toBe(ms(state.validUntil) - 30 * DAY);
        expect(stored).toMatchObject({
          status: 'approved',
          round: 2,
          validUntil: new Date(state.validUntil!),
          decision: { outcome: 'approve', by: users.reviewer2.sub },
        });
        await recordHistory(firstRun, 'partner-lifecycle-revetting-on-time');
        await recordHistory(handle, 'partner-lifecycle-revetting-continued');
      });
    });
  });

  describe('blacklisting', () => {
    it('when the DSO blacklists an approved partner, ends its process and tells its open agreements', async () => {
      // Arrange
      const partner = nominated();

      await withWorker(async (taskQueue) => {
        const agreement = await anOpenAgreementOf(taskQueue, partner.partnerId);
        const { handle } = await vettedToReview(taskQueue, partner);
        await send(handle, decideUpdate, approval(users.reviewer));
        await settled(handle, (s) => s.status === 'approved');

        // Act
        await send(handle, blacklistUpdate, { reason: '泄露客户数据', actor: users.dso });
        const result = await plainClient.workflow.getHandle<typeof partnerLifecycle>(handle.workflowId).result();

        // Assert
        expect(result).toMatchObject({ status: 'blacklisted' });
        const stored = await storedPartner(partner.partnerId);
        expect(stored).toMatchObject({
          status: 'blacklisted',
          version: result.version,
          blacklisting: { by: users.dso.sub, reason: '泄露客户数据' },
        });
        expect(await BlacklistModel.findOne({ creditCode: partner.fields.creditCode }).lean()).toMatchObject({
          reason: '泄露客户数据',
          listedBy: users.dso.sub,
        });
        expect(await eventually(agreement.told, (t) => t.length > 0)).toEqual([
          expect.objectContaining({ partnerId: partner.partnerId, cause: 'blacklisted', reason: '泄露客户数据' }),
        ]);
        await expect(send(handle, decideUpdate, approval(users.reviewer))).rejects.toBeInstanceOf(
          WorkflowNotFoundError,
        );
        expect((await storedPartner(partner.partnerId))?.version).toBe(result.version);
        await recordHistory(handle, 'partner-lifecycle-blacklisted');
      });
    });

    it.each([
      ['on the internal blacklist', 'internal', '失信名单'],
      ['on an outside list', '信用中国', '失信被执行人'],
    ])('refuses a partner %s at once, without sending the questionnaire', async (_, list, reason) => {
      // Arrange
      const partner = nominated();
      const external = list === 'internal' ? [] : [{ creditCode: partner.fields.creditCode, list, reason }];
      if (list === 'internal') {
        await BlacklistModel.create({ creditCode: partner.fields.creditCode, reason, listedBy: users.dso.sub });
      }

      await withWorker(
        async (taskQueue) => {
          // Act
          const handle = await startVetting(taskQueue, partner);

          // Assert
          const { state, stored } = await settled(handle, (s) => s.status === 'rejected');
          const check = list === 'internal' ? 'internal_blacklist' : 'external_lists';
          expect(state.checks.find((c) => c.check === check)).toEqual({
            check,
            outcome: 'fail',
            reasons: [{ code: 'check.listed', params: { list, reason } }],
          });
          expect(state.questionnaire).toBeUndefined();
          expect(stored).toMatchObject({ status: 'rejected', round: 1 });
          expect(stored.questionnaire).toBeUndefined();
          const rejection = await AuditEventModel.findOne({
            'subject.id': partner.partnerId,
            action: 'partner.rejected',
          }).lean();
          expect(rejection?.why).toEqual({ code: 'partner.checks_refused', params: { reasons: 'check.listed' } });
          expect(await NotificationModel.countDocuments({ recipient: `partner:${partner.partnerId}` })).toBe(0);
        },
        { externalLists: [inMemoryExternalList(external)] },
      );
    });
  });
});
