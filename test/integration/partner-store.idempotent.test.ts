import { randomUUID } from 'node:crypto';
import { createPartnerStoreActivities } from '../../activities/partner-store';
import { PartnerModel } from '../../src/models/partner.model';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aNomination } from '../support/factories';

beforeAll(async () => {
  await connectTestStore('partner_store_activities');
  await PartnerModel.createIndexes();
});
afterAll(disconnectTestStore);

const { recordPartnerState } = createPartnerStoreActivities({ partners: PartnerModel });

async function aStoredPartner() {
  const _id = randomUUID();
  await PartnerModel.create({ _id, ...aNomination(), nominatedBy: 'req.a' });
  return _id;
}

describe('recordPartnerState', () => {
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
