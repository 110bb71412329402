/**
 * The ledger access connector through the grant and revoke activities, against the real store: each call
 * run twice is one row, and the ledger's figures say how many grants and effective revokes an agreement had.
 */
import { randomUUID } from 'node:crypto';
import { createAccessActivities } from '../../activities/access';
import { accessLedgerOf, accessLedgersOf, ledgerAccessConnector } from '../../activities/connectors/access-ledger';
import { grantKeyOf, revokeKeyOf } from '../../policies/record-keys';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { connectTestStore, disconnectTestStore } from '../support/env';

beforeAll(async () => {
  await connectTestStore('access_ledger');
  await AccessLedgerModel.createIndexes();
});
afterAll(disconnectTestStore);

const { grantAccess, revokeAccess } = createAccessActivities({
  access: ledgerAccessConnector({ ledger: AccessLedgerModel }),
});

const scope = { assets: [{ assetId: 'a1', fields: ['cell_id'] }], controls: ['masking'], validUntil: '2027-11-30' };
const grant = (agreementId: string, version: number, partnerId = 'p1') =>
  grantAccess({ key: grantKeyOf(agreementId, version), agreementId, version, partnerId, scope });
const revoke = (agreementId: string, version: number, reason = 'expired') =>
  revokeAccess({ key: revokeKeyOf(agreementId, version), agreementId, version, reason });

describe('grantAccess and revokeAccess on the ledger', () => {
  it('a grant run twice with the same key is one row', async () => {
    const agreementId = randomUUID();
    const untouched = randomUUID();
    await grant(untouched, 1);

    expect(await grant(agreementId, 2)).toEqual({ key: `grant:${agreementId}:v2`, repeated: false });
    expect(await grant(agreementId, 2)).toEqual({ key: `grant:${agreementId}:v2`, repeated: true });

    expect(await AccessLedgerModel.find({ agreementId }).lean()).toEqual([
      expect.objectContaining({ _id: `grant:${agreementId}:v2`, action: 'grant', version: 2, partnerId: 'p1', scope }),
    ]);
    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
      grants: 1,
      revokes: 0,
      effectiveRevokes: 0,
      granted: true,
    });
    expect(await accessLedgerOf(AccessLedgerModel, untouched)).toMatchObject({ grants: 1, granted: true });
  });

  it('a revoke run twice with the same key is one effective revoke, and the agreement is no longer granted', async () => {
    const agreementId = randomUUID();
    await grant(agreementId, 2, 'p-blue');

    expect(await revoke(agreementId, 5, 'partner_blacklisted')).toEqual({
      key: `revoke:${agreementId}:v5`,
      repeated: false,
    });
    expect(await revoke(agreementId, 5, 'partner_blacklisted')).toMatchObject({ repeated: true });

    const summary = await accessLedgerOf(AccessLedgerModel, agreementId);
    expect(summary).toMatchObject({ grants: 1, revokes: 1, effectiveRevokes: 1, granted: false });
    expect(summary.lastRevokeAt!.getTime()).toBeGreaterThanOrEqual(summary.lastGrantAt!.getTime());
    expect(await AccessLedgerModel.findById(`revoke:${agreementId}:v5`).lean()).toMatchObject({
      action: 'revoke',
      reason: 'partner_blacklisted',
      partnerId: 'p-blue',
      effective: true,
    });
  });

  it('a second revoke under another key (two triggers) is recorded but not effective: access was already gone', async () => {
    const agreementId = randomUUID();
    await grant(agreementId, 2);
    await revoke(agreementId, 5, 'emergency');

    await revoke(agreementId, 6, 'partner_blacklisted');

    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
      grants: 1,
      revokes: 2,
      effectiveRevokes: 1,
      granted: false,
    });
  });

  it('a suspension and a resumption: grant, revoke, grant again, revoke — each effective once', async () => {
    const agreementId = randomUUID();
    await grant(agreementId, 2);
    await revoke(agreementId, 3, 'usage_report_missing');
    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({ granted: false });
    await grant(agreementId, 4);
    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({ granted: true });
    await revoke(agreementId, 7, 'expired');

    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
      grants: 2,
      revokes: 2,
      effectiveRevokes: 2,
      granted: false,
    });
  });

  it('a revoke of an agreement never granted is not effective', async () => {
    const agreementId = randomUUID();
    await revoke(agreementId, 1, 'withdrawn');
    expect(await accessLedgerOf(AccessLedgerModel, agreementId)).toMatchObject({
      grants: 0,
      revokes: 1,
      effectiveRevokes: 0,
      granted: false,
    });
  });

  it('two attempts of one grant at the same time are one row', async () => {
    const agreementId = randomUUID();
    const receipts = await Promise.all([grant(agreementId, 2), grant(agreementId, 2)]);
    expect(receipts.map((r) => r.repeated).sort()).toEqual([false, true]);
    expect(await AccessLedgerModel.countDocuments({ agreementId })).toBe(1);
  });

  it('reads the figures of many agreements in one pass', async () => {
    const [a, b, never] = [randomUUID(), randomUUID(), randomUUID()];
    await grant(a, 1);
    await grant(b, 1);
    await revoke(b, 2);

    const summaries = await accessLedgersOf(AccessLedgerModel, [a, b, never]);

    expect(summaries.get(a)).toMatchObject({ grants: 1, revokes: 0, granted: true });
    expect(summaries.get(b)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });
    expect(summaries.get(never)).toEqual({
      agreementId: never,
      grants: 0,
      revokes: 0,
      effectiveRevokes: 0,
      granted: false,
    });
  });
});
