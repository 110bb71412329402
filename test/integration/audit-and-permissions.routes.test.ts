import { appendAuditEvent } from '../../src/audit/audit-log';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { PartnerModel } from '../../src/entities/partner';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('audit_routes');
  for (let i = 0; i < 7; i++) {
    await appendAuditEvent({
      actor: { sub: i % 2 ? 'alice' : 'bob', roles: ['requester'] },
      action: 'asset.created',
      subject: { type: 'DataAsset', id: `a${i}` },
    });
  }
  // The system's reason as a code with its parameters, beside a person's own words.
  await appendAuditEvent({
    actor: { sub: 'system:agreement-lifecycle', roles: ['system'] },
    action: 'agreement.suspended',
    subject: { type: 'Agreement', id: 'g1' },
    reason: '合作方口头告知暂停接收',
    why: { code: 'agreement.usage_report_missing', params: { period: '2026-11-01' } },
  });
  await PartnerModel.create({ _id: 'p-perm', ...aNomination(), nominatedBy: users.reviewerWhoRequests.sub });
});
afterAll(async () => {
  await api?.stop();
});

describe('GET /api/audit', () => {
  it('lets an auditor page through the events, newest first, with filters', async () => {
    const auditor = await api.client(users.auditor);
    const first = await auditor.get('/api/audit', { params: { limit: 3 } });
    expect(first.status).toBe(200);
    expect(first.data.items.map((e: { seq: number }) => e.seq)).toEqual([8, 7, 6]);
    const second = await auditor.get('/api/audit', { params: { limit: 3, cursor: first.data.nextCursor } });
    expect(second.data.items.map((e: { seq: number }) => e.seq)).toEqual([5, 4, 3]);
    const third = await auditor.get('/api/audit', { params: { limit: 3, cursor: second.data.nextCursor } });
    expect(third.data.items.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
    expect(third.data.nextCursor).toBeUndefined();

    const alices = await auditor.get('/api/audit', { params: { actor: 'alice' } });
    expect(alices.data.items).toHaveLength(3);
    expect(alices.data.items.every((e: { actor: { sub: string } }) => e.actor.sub === 'alice')).toBe(true);
  });

  it("gives each event the system's reason as a code with its parameters, and a person's words as written", async () => {
    const auditor = await api.client(users.auditor);
    const suspended = await auditor.get('/api/audit', { params: { action: 'agreement.suspended' } });
    expect(suspended.data.items).toEqual([
      expect.objectContaining({
        seq: 8,
        reason: '合作方口头告知暂停接收',
        why: { code: 'agreement.usage_report_missing', params: { period: '2026-11-01' } },
      }),
    ]);
    const created = await auditor.get('/api/audit', { params: { action: 'asset.created', limit: 1 } });
    expect(created.data.items[0]).not.toHaveProperty('why');
  });

  it('refuses a requester and a partner with 403, and a bad filter or cursor with 400', async () => {
    expect((await (await api.client(users.requesterA)).get('/api/audit')).status).toBe(403);
    expect((await (await api.client(users.partnerA)).get('/api/audit')).status).toBe(403);
    const auditor = await api.client(users.auditor);
    expect((await auditor.get('/api/audit', { params: { limit: 0 } })).status).toBe(400);
    expect((await auditor.get('/api/audit', { params: { cursor: 'not-a-cursor' } })).status).toBe(400);
    expect((await auditor.get('/api/audit', { params: { seq: 1 } })).status).toBe(400);
  });
});

describe('GET /api/audit/verify', () => {
  it('reports a valid chain, then the first broken sequence after an edit', async () => {
    const dso = await api.client(users.dso);
    expect((await dso.get('/api/audit/verify')).data).toMatchObject({ valid: true, events: 8 });
    await AuditEventModel.collection.updateOne({ seq: 3 }, { $set: { action: 'asset.deleted' } });
    expect((await dso.get('/api/audit/verify')).data).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });
});

describe('GET /api/me/permissions', () => {
  it('says a reviewer may approve a partner someone else nominated, and which rule decided', async () => {
    const res = await (
      await api.client(users.reviewer)
    ).get('/api/me/permissions', {
      params: { action: 'approve', subject: 'Partner', id: 'p-perm' },
    });
    expect(res.data).toEqual({
      action: 'approve',
      subject: 'Partner',
      id: 'p-perm',
      allowed: true,
      decidedBy: { effect: 'allow' },
    });
  });

  it('says the nominator may not, because of separation of duties', async () => {
    const res = await (
      await api.client(users.reviewerWhoRequests)
    ).get('/api/me/permissions', {
      params: { action: 'approve', subject: 'Partner', id: 'p-perm' },
    });
    expect(res.data).toMatchObject({
      allowed: false,
      decidedBy: { effect: 'deny', reason: 'nobody reviews a partner they nominated' },
    });
  });

  it('answers for a subject type, 404 for an unknown record and 400 for an unknown action', async () => {
    const requester = await api.client(users.requesterA);
    expect(
      (await requester.get('/api/me/permissions', { params: { action: 'nominate', subject: 'Partner' } })).data,
    ).toMatchObject({
      allowed: true,
    });
    expect(
      (await requester.get('/api/me/permissions', { params: { action: 'read', subject: 'AuditEvent' } })).data,
    ).toMatchObject({
      allowed: false,
      decidedBy: null,
    });
    expect(
      (await requester.get('/api/me/permissions', { params: { action: 'approve', subject: 'Partner', id: 'nope' } }))
        .status,
    ).toBe(404);
    expect(
      (await requester.get('/api/me/permissions', { params: { action: 'destroy', subject: 'Partner' } })).status,
    ).toBe(400);
  });
});
