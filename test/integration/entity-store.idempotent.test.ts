/**
 * The recorder every entity workflow writes through, and the partner's other write activities: each
 * run twice (a retry) has one effect, and a late retry of an older version never overwrites a newer one.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createBlacklistActivities } from '../../activities/blacklist';
import { createEntityStoreActivities, type RecordedTransition } from '../../activities/entity-store';
import { createNotifyActivities } from '../../activities/notify';
import { PartnerModel } from '../../src/entities/partner';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { NotificationModel } from '../../src/models/notification.model';
import { partnerIdOf } from '../../src/services/partners';
import type { PartnerState } from '../../workflows/partner/state';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aCreditCode } from '../support/factories';

beforeAll(async () => {
  await connectTestStore('entity_store_activities');
  await Promise.all([
    PartnerModel.createIndexes(),
    BlacklistModel.createIndexes(),
    NotificationModel.createIndexes(),
    AuditEventModel.createIndexes(),
  ]);
});
afterAll(disconnectTestStore);

const { recordEntity } = createEntityStoreActivities();
const { listOnInternalBlacklist } = createBlacklistActivities({ blacklist: BlacklistModel });
const { notify } = createNotifyActivities({ notifications: NotificationModel });

/** A partner's state at `version`, as its workflow would hold it. */
function aPartnerState(overrides: Partial<PartnerState> = {}): PartnerState {
  const creditCode = overrides.creditCode ?? aCreditCode();
  return {
    id: partnerIdOf(creditCode),
    version: 1,
    createdAt: '2026-11-25T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    requestId: randomUUID(),
    legalName: '测试合作方有限公司',
    creditCode,
    contacts: [{ name: '王经理' }],
    nominatedBy: 'req.a',
    certifications: [],
    dataLocations: ['CN'],
    status: 'vetting',
    stage: 'review',
    round: 1,
    periods: { validityMonths: 12, revettingLeadDays: 30, questionnaireDays: 14, reviewDays: 14 },
    checks: [],
    approvals: [],
    informationRequests: [],
    escalations: 0,
    dueAt: '2026-12-09T00:00:00.000Z',
    ...overrides,
  };
}

const transitionOf = (state: PartnerState, action: RecordedTransition['audit']['action'] = 'partner.risk_assessed') =>
  ({
    entity: 'Partner',
    state: state as RecordedTransition['state'],
    before: {},
    after: { status: state.status, ...(state.stage ? { stage: state.stage } : {}) },
    audit: { actor: { sub: 'system:partner-lifecycle', roles: ['system'] }, action, ruleVersion: 'r' },
  }) satisfies RecordedTransition;

describe('recordEntity', () => {
  it('writes the first version as the document, under the state’s own field names', async () => {
    const state = aPartnerState();

    await recordEntity(transitionOf(state, 'partner.nominated'));

    const stored = await PartnerModel.findById(state.id).lean();
    expect(stored).toMatchObject({
      _id: state.id,
      version: 1,
      legalName: state.legalName,
      creditCode: state.creditCode,
      requestId: state.requestId,
      status: 'vetting',
      stage: 'review',
      dueAt: new Date(state.dueAt!),
      periods: state.periods,
    });
  });

  it('run twice with the same version has one effect: one audit event, one document', async () => {
    const state = aPartnerState();
    const untouched = aPartnerState();
    await recordEntity(transitionOf(untouched));

    await recordEntity(transitionOf(state));
    const afterFirst = await PartnerModel.findById(state.id).lean();
    await recordEntity(transitionOf(state));

    expect(await PartnerModel.findById(state.id).lean()).toEqual(afterFirst);
    expect(await AuditEventModel.countDocuments({ 'subject.id': state.id })).toBe(1);
    expect(await PartnerModel.findById(untouched.id).lean()).toMatchObject({ version: 1, status: 'vetting' });
  });

  it('a late retry of an older version does not overwrite a newer state; fields gone from the state are unset', async () => {
    const first = aPartnerState();
    await recordEntity(transitionOf(first));
    const approved = aPartnerState({
      ...first,
      version: 2,
      status: 'approved',
      validUntil: '2027-11-25T00:00:00.000Z',
    });
    delete approved.stage;
    delete approved.dueAt;
    await recordEntity(transitionOf(approved, 'partner.approved'));

    await recordEntity(transitionOf(first));

    const stored = await PartnerModel.findById(first.id).lean();
    expect(stored).toMatchObject({ status: 'approved', version: 2, validUntil: new Date('2027-11-25T00:00:00.000Z') });
    expect(stored).not.toHaveProperty('stage');
    expect(stored).not.toHaveProperty('dueAt');
    expect(await AuditEventModel.countDocuments({ 'subject.id': first.id })).toBe(2);
  });

  it('refuses, without retrying, a version that collides with another document’s unique value', async () => {
    const taken = aPartnerState();
    await recordEntity(transitionOf(taken));
    const clash = { ...aPartnerState(), creditCode: taken.creditCode };

    const failure = await recordEntity(transitionOf(clash)).then(
      () => null,
      (err: unknown) => err,
    );

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'EntityConflict', nonRetryable: true });
    expect(await PartnerModel.findById(clash.id).lean()).toBeNull();
  });
});

describe('listOnInternalBlacklist and notify', () => {
  it('listing twice keeps one entry with the first reason', async () => {
    const creditCode = aCreditCode();
    await listOnInternalBlacklist({ creditCode, reason: 'first', listedBy: 'dso' });
    await listOnInternalBlacklist({ creditCode, reason: 'second', listedBy: 'dso' });
    expect(await BlacklistModel.find({ creditCode }).lean()).toEqual([
      expect.objectContaining({ creditCode, reason: 'first' }),
    ]);
  });

  it('a notification sent twice with the same key is one record', async () => {
    const key = `partner:${randomUUID()}:r1:questionnaire_sent`;
    const request = {
      key,
      recipient: 'partner:p1',
      template: 'partner.questionnaire_requested',
      params: { partnerId: 'p1' },
    };
    await notify(request);
    await notify(request);
    expect(await NotificationModel.countDocuments({ notificationKey: key })).toBe(1);
  });
});
