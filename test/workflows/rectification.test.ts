/**
 * The rectification workflow on the time-skipping test server, with the real activities against this
 * file's own store: findings raised as the inspection's scan inserts them, the workflow started as the run
 * starts it, deadlines reached by skipping the server's clock. Each test checks the store (findings,
 * notifications, audit) and what the agreements' stand-ins were told.
 */
import { randomUUID } from 'node:crypto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import type { Finding } from '../../policies/inspection-rules';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';
import { rectificationPlanOf } from '../../policies/rectification';
import type { Severity } from '../../policies/vocabulary';
import { findingEntity } from '../../src/entities/finding';
import { insertFindings, raisedFindingOf } from '../../src/inspection/findings';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { NotificationModel } from '../../src/models/notification.model';
import { agreementWorkflowId, rectificationWorkflowId } from '../../workflows/ids';
import { rectification } from '../../workflows/rectification/rectification';
import { decideEvidenceUpdate, statusQuery, submitEvidenceUpdate } from '../../workflows/rectification/messages';
import { eventually, users } from '../support/api';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { recordHistory } from '../support/histories';
import { startTimeSkipping, withTestWorker, skipClockTo } from '../support/time-skipping';
import { agreementProbe, oversightToldQuery } from './fixtures/agreement-probe';

const MINUTE = 60 * 1000;

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
/** A client that leaves the test server's clock alone (`env.client`'s `result()` unlocks time skipping). */
let plainClient: Client;
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  await connectTestStore('rectification_ts');
  await Promise.all([findingEntity.model, NotificationModel, AuditEventModel].map((m) => m.createIndexes()));
  ({ env, workflowBundle, plainClient } = await startTimeSkipping());
}, 120_000);

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  await env?.teardown();
  await disconnectTestStore();
});

function withWorker<T>(test: (taskQueue: string) => Promise<T>): Promise<T> {
  return withTestWorker({ env, workflowBundle }, 'rectification', createActivities(), test);
}

/** Skips the test server's clock forward to `instant`, firing every timer on the way. */
const skipTo = (instant: number) => skipClockTo(env, instant);

/** Findings of `severity` a run raised now for a new unit, each on its own agreement (its stand-in started). */
async function raise(taskQueue: string, severity: Severity, count: number) {
  const period = `ts-${randomUUID().slice(0, 8)}`;
  const ownerUnit = `unit-${randomUUID().slice(0, 8)}`;
  const raisedAt = new Date(await env.currentTimeMs());
  const plan = rectificationPlanOf({
    severity,
    ownerUnit,
    raisedAt,
    params: DEFAULT_PARAMETERS,
    calendar: CHINA_HOLIDAYS,
  });
  const findings = Array.from({ length: count }, () => {
    const agreementId = randomUUID();
    const finding: Finding = {
      key: `agreement_past_end:agreement:${agreementId}`,
      ruleId: 'agreement_past_end',
      rules: ['R4'],
      severity,
      subject: { type: 'agreement', id: agreementId, partnerId: randomUUID() },
      ownerUnit,
      params: { endDate: '2026-11-01', status: 'active' },
      evidence: [],
      cause: `endsAt:${agreementId}`,
      deadline: plan.dueAt,
    } as unknown as Finding;
    return raisedFindingOf({
      finding,
      period,
      asOf: raisedAt.toISOString(),
      ruleSetVersion: 'test@1',
      agreementTitle: '测试协议 / test agreement',
      partnerName: '测试伙伴 / test partner',
    });
  });
  await insertFindings(findings);
  const probes = await Promise.all(
    findings.map((f) =>
      plainClient.workflow.start(agreementProbe, { workflowId: agreementWorkflowId(f.agreementId), taskQueue }),
    ),
  );
  started.push(...probes);
  const handle = await env.client.workflow.start(rectification, {
    workflowId: rectificationWorkflowId(period, ownerUnit),
    taskQueue,
    args: [{ period, ownerUnit }],
  });
  started.push(handle);
  unitOfTest = ownerUnit;
  return { period, ownerUnit, plan, findings, probes, handle };
}

const storedFinding = async (id: string) => findingEntity.stateOf((await findingEntity.model.findById(id).lean())!);
/** Notifications of this template to this recipient about one unit's rectification. */
let unitOfTest = '';
const notificationsTo = (recipient: string, template: string) =>
  NotificationModel.countDocuments({ recipient, template, 'params.ownerUnit': unitOfTest });

describe('rectification', () => {
  it('reminds the unit before the deadline, escalates to the DSO at it, and revokes the agreements of overdue critical findings', async () => {
    await withWorker(async (taskQueue) => {
      const { ownerUnit, plan, findings, probes, handle } = await raise(taskQueue, 'critical', 2);
      const unit = `unit:${ownerUnit}`;
      expect(plan.remindAt).toHaveLength(1);
      expect(plan.revokeAt?.getTime()).toBe(plan.dueAt.getTime());

      await skipTo(plan.remindAt[0]!.getTime() - MINUTE);
      expect(await notificationsTo(unit, 'finding.reminder')).toBe(0);
      await skipTo(plan.remindAt[0]!.getTime() + MINUTE);
      await eventually(
        () => notificationsTo(unit, 'finding.reminder'),
        (n) => n === 1,
      );
      expect(await notificationsTo(unit, 'finding.reminder')).toBe(1);
      expect(await notificationsTo('role:dso', 'finding.escalated')).toBe(0);
      expect((await storedFinding(findings[0]!.id)).status).toBe('open');

      await skipTo(plan.dueAt.getTime() + MINUTE);
      const summary = await handle.result();
      expect(summary).toMatchObject({ findings: 2, unresolved: 0, byStatus: { closed: 2 } });
      for (const f of findings) {
        expect(await storedFinding(f.id)).toMatchObject({
          status: 'closed',
          escalated: true,
          live: false,
          closure: { reason: 'agreement_revoked', by: 'system:rectification' },
        });
      }
      expect(await notificationsTo('role:dso', 'finding.escalated')).toBe(1);
      expect(await notificationsTo('role:dso', 'finding.revoked')).toBe(1);
      expect(await notificationsTo(unit, 'finding.revoked')).toBe(1);
      for (const [i, probe] of probes.entries()) {
        expect(await probe.query(oversightToldQuery)).toEqual([
          expect.objectContaining({ step: 'revoke', findingId: findings[i]!.id, severity: 'critical' }),
        ]);
      }
      const actions = await eventually(
        async () =>
          (await AuditEventModel.find({ 'subject.id': findings[0]!.id }).sort({ seq: 1 }).lean()).map((e) => e.action),
        (a) => a.length >= 2,
      );
      expect(actions).toEqual(['finding.escalated', 'finding.revoked']);
      await recordHistory(handle, 'rectification-escalated-revoked');
    });
  });

  it('escalates an overdue high finding without revoking, then takes evidence and its verification, and ends', async () => {
    await withWorker(async (taskQueue) => {
      const { ownerUnit, plan, findings, probes, handle } = await raise(taskQueue, 'high', 1);
      const [finding] = findings;
      expect(plan.revokeAt).toBeNull();
      expect(plan.remindAt).toHaveLength(2);

      await skipTo(plan.dueAt.getTime() + MINUTE);
      await eventually(
        () => storedFinding(finding!.id),
        (f) => f.escalated,
      );
      expect(await notificationsTo(`unit:${ownerUnit}`, 'finding.reminder')).toBe(2);
      expect(await storedFinding(finding!.id)).toMatchObject({ status: 'escalated', escalated: true, version: 2 });
      expect(await probes[0]!.query(oversightToldQuery)).toEqual([]);

      const requester = { sub: 'req.x', roles: ['requester'] as const, unit: ownerUnit };
      const submitted = await plainClient.workflow.getHandle(handle.workflowId).executeUpdate(submitEvidenceUpdate, {
        args: [{ findingId: finding!.id, text: '已整改 / rectified', actor: requester }],
      });
      expect(submitted).toMatchObject({ status: 'rectifying', escalated: true, evidenceBy: 'req.x' });
      const verified = await plainClient.workflow.getHandle(handle.workflowId).executeUpdate(decideEvidenceUpdate, {
        args: [{ findingId: finding!.id, outcome: 'verify', actor: users.reviewer }],
      });
      expect(verified).toMatchObject({ status: 'verified', closure: { reason: 'verified' } });
      expect(await handle.result()).toMatchObject({ findings: 1, unresolved: 0, byStatus: { verified: 1 } });
      expect(await notificationsTo('role:security_reviewer', 'finding.evidence_submitted')).toBeGreaterThanOrEqual(1);
      await recordHistory(handle, 'rectification-escalated-then-verified');
    });
  });

  it('holds the revocation while evidence awaits verification, and revokes at once when it is sent back past the deadline', async () => {
    await withWorker(async (taskQueue) => {
      const { ownerUnit, plan, findings, probes, handle } = await raise(taskQueue, 'critical', 1);
      const [finding] = findings;
      const requester = { sub: 'req.y', roles: ['requester'] as const, unit: ownerUnit };
      const send = plainClient.workflow.getHandle(handle.workflowId);
      await send.executeUpdate(submitEvidenceUpdate, {
        args: [{ findingId: finding!.id, text: '已整改 / rectified', actor: requester }],
      });

      await skipTo(plan.dueAt.getTime() + MINUTE);
      await eventually(
        () => storedFinding(finding!.id),
        (f) => f.escalated,
      );
      // The DSO hears it is past due; the agreement is not revoked: the owner did its part.
      expect(await storedFinding(finding!.id)).toMatchObject({ status: 'rectifying', escalated: true });
      expect(await probes[0]!.query(oversightToldQuery)).toEqual([]);
      expect(await send.query(statusQuery)).toMatchObject({ unresolved: 1, byStatus: { rectifying: 1 } });

      await send.executeUpdate(decideEvidenceUpdate, {
        args: [
          { findingId: finding!.id, outcome: 'send_back', reason: '证据不足 / not enough', actor: users.reviewer },
        ],
      });
      expect(await handle.result()).toMatchObject({ unresolved: 0, byStatus: { closed: 1 } });
      expect(await storedFinding(finding!.id)).toMatchObject({
        status: 'closed',
        closure: { reason: 'agreement_revoked' },
      });
      expect(await probes[0]!.query(oversightToldQuery)).toEqual([expect.objectContaining({ step: 'revoke' })]);
      await recordHistory(handle, 'rectification-sent-back-past-deadline');
    });
  });
});
