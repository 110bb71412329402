import { randomUUID } from 'node:crypto';
import { createPartnerStoreActivities } from '../../activities/partner-store';
import { createNotifyActivities } from '../../activities/notify';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { NotificationModel } from '../../src/models/notification.model';
import { PartnerModel } from '../../src/models/partner.model';
import type { PartnerState } from '../../workflows/partner-lifecycle.messages';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aNomination } from '../support/factories';

beforeAll(async () => {
  await connectTestStore('partner_store_activities');
  await Promise.all([
    PartnerModel.createIndexes(),
    BlacklistModel.createIndexes(),
    NotificationModel.createIndexes(),
    AuditEventModel.createIndexes(),
  ]);
});
afterAll(disconnectTestStore);

const { recordPartnerState, recordPartner, listOnInternalBlacklist } = createPartnerStoreActivities({
  partners: PartnerModel,
  blacklist: BlacklistModel,
});
const { notify } = createNotifyActivities({ notifications: NotificationModel });

async function aStoredPartner() {
  const _id = randomUUID();
  await PartnerModel.create({ _id, ...aNomination(), nominatedBy: 'req.a' });
  return _id;
}

describe('recordPartnerState (first version)', () => {
  it('run twice with the same version has one effect', async () => {
    const partnerId = await aStoredPartner();
    const untouched = await aStoredPartner();
    const record = { partnerId, version: 1, status: 'vetting' as const, checkReasons: [] };

    await recordPartnerState(record);
    const afterFirst = await PartnerModel.findById(partnerId).lean();
    await recordPartnerState(record);
    const afterSecond = await PartnerModel.findById(partnerId).lean();

    expect(afterFirst).toMatchObject({ status: 'vetting', version: 1 });
    expect(afterSecond).toEqual(afterFirst);
    expect(await PartnerModel.findById(untouched).lean()).toMatchObject({ status: 'nominated', version: 0 });
  });

  it('a late retry of an older version does not overwrite a newer state', async () => {
    const partnerId = await aStoredPartner();
    await recordPartnerState({ partnerId, version: 1, status: 'vetting', checkReasons: [] });
    await recordPartnerState({
      partnerId,
      version: 2,
      status: 'approved',
      checkReasons: [],
      decision: { outcome: 'approve', reviewer: 'sec.reviewer' },
    });

    await recordPartnerState({ partnerId, version: 1, status: 'vetting', checkReasons: [] });

    expect(await PartnerModel.findById(partnerId).lean()).toMatchObject({
      status: 'approved',
      version: 2,
      decision: { outcome: 'approve', reviewer: 'sec.reviewer' },
    });
  });
});

function stateOf(partnerId: string, overrides: Partial<PartnerState> = {}): PartnerState {
  return {
    partnerId,
    creditCode: 'x',
    nominatedBy: 'req.a',
    certifications: [],
    dataLocations: ['CN'],
    status: 'vetting',
    stage: 'review',
    round: 1,
    version: 1,
    checks: [],
    approvals: [],
    informationRequests: [],
    escalations: 0,
    dueAt: '2026-12-09T00:00:00.000Z',
    ...overrides,
  };
}
const audit = { actor: { sub: 'system:partner-lifecycle', roles: ['system' as const] }, action: 'x', ruleVersion: 'r' };

describe('recordPartner', () => {
  it('run twice with the same version has one effect: one audit event, one projection', async () => {
    const partnerId = await aStoredPartner();
    const untouched = await aStoredPartner();
    const input = { state: stateOf(partnerId), audit: { ...audit, action: 'partner.risk_assessed' } };

    await recordPartner(input);
    const afterFirst = await PartnerModel.findById(partnerId).lean();
    await recordPartner(input);

    expect(afterFirst).toMatchObject({ status: 'vetting', stage: 'review', version: 1 });
    expect(await PartnerModel.findById(partnerId).lean()).toEqual(afterFirst);
    expect(await AuditEventModel.countDocuments({ 'subject.id': partnerId })).toBe(1);
    expect(await PartnerModel.findById(untouched).lean()).toMatchObject({ status: 'nominated', version: 0 });
  });

  it('a late retry of an older version does not overwrite a newer state; fields gone from the state are unset', async () => {
    const partnerId = await aStoredPartner();
    await recordPartner({ state: stateOf(partnerId), audit });
    const approved = stateOf(partnerId, { version: 2, status: 'approved', validUntil: '2027-11-25T00:00:00.000Z' });
    delete approved.stage;
    delete approved.dueAt;
    await recordPartner({ state: approved, audit });

    await recordPartner({ state: stateOf(partnerId), audit });

    const stored = await PartnerModel.findById(partnerId).lean();
    expect(stored).toMatchObject({ status: 'approved', version: 2, validUntil: new Date('2027-11-25T00:00:00.000Z') });
    expect(stored).not.toHaveProperty('stage');
    expect(stored).not.toHaveProperty('dueAt');
  });
});

describe('listOnInternalBlacklist and notify', () => {
  it('listing twice keeps one entry with the first reason', async () => {
    const creditCode = `BL${randomUUID()}`;
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
