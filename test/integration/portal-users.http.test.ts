/**
 * Partner organisations' users (issue 16): a reviewer invites a new partner's contact, the contact signs
 * in through the dev stack's stand-in for the identity provider (a token with no role, as the provider
 * gives one), accepts, and answers the questionnaire as the partner's portal user; no hand-made partner
 * token anywhere. Then: reuse and expiry refused, the organisation's administrator lists and revokes,
 * a revoked user is refused at once, and the nominator hears the outcome.
 */
import axios, { type AxiosInstance } from 'axios';
import { PartnerModel } from '../../src/entities/partner';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { NotificationModel } from '../../src/models/notification.model';
import { PortalInvitationModel, PortalUserModel } from '../../src/models/portal-user.model';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aNomination, answersOf } from '../support/factories';

let api: ApiHarness;
let reviewer: AxiosInstance;

beforeAll(async () => {
  api = await startApi('portal_users', { devTokens: true });
  reviewer = await api.client(users.reviewer);
});
afterAll(async () => {
  await api?.stop();
});

/** Signs in as a partner's contact would at the provider: an axios client with that identity's token. */
async function signIn(sub: string, name?: string): Promise<AxiosInstance> {
  const res = await api.http.post('/api/dev/identity-tokens', { sub, ...(name ? { name } : {}) });
  expect(res.status).toBe(201);
  return axios.create({ ...api.http.defaults, headers: { authorization: `Bearer ${res.data.token}` } } as never);
}

async function nominated(): Promise<{ id: string; legalName: string }> {
  const res = await (await api.client(users.requesterA)).post('/api/partners', aNomination());
  expect(res.status).toBe(201);
  return res.data;
}

async function reached(id: string, want: { stage?: string; status?: string }) {
  const shown = await eventually(
    () => reviewer.get(`/api/partners/${id}`),
    (r) => (!want.stage || r.data.stage === want.stage) && (!want.status || r.data.status === want.status),
  );
  expect(shown.data).toMatchObject(want);
}

const invite = (partnerId: string, body: Record<string, unknown>, as = reviewer) =>
  as.post(`/api/partners/${partnerId}/portal-invitations`, body);

describe("a new partner's contact, from invitation to answered questionnaire", () => {
  it('is invited, signs in with no role, accepts, and answers the questionnaire as its portal user', async () => {
    const partner = await nominated();
    await reached(partner.id, { stage: 'questionnaire' });

    const invited = await invite(partner.id, { contactName: '王经理', email: 'Wang@Example.com', admin: true });
    expect(invited.status).toBe(201);
    expect(invited.data).toMatchObject({
      partnerId: partner.id,
      contactName: '王经理',
      email: 'wang@example.com',
      admin: true,
      status: 'pending',
      invitedBy: users.reviewer.sub,
    });
    const { token, acceptUrl, message } = invited.data;
    expect(acceptUrl).toBe(`${api.baseUrl}/#/portal/invitation/${token}`);
    expect(message['zh-CN'].body).toContain(acceptUrl);
    expect(message['zh-CN'].subject).toContain(partner.legalName);
    expect(message.en.body).toContain(acceptUrl);
    // The store keeps the token's hash, never the token.
    const stored = await PortalInvitationModel.findById(invited.data.id).lean();
    expect(JSON.stringify(stored)).not.toContain(token);

    // Inviting the same address again while it is pending answers with the same invitation and token.
    const again = await invite(partner.id, { contactName: '王经理', email: 'wang@example.com', admin: true });
    expect(again.status).toBe(201);
    expect(again.data).toMatchObject({ id: invited.data.id, token });
    expect(await PortalInvitationModel.countDocuments({ partnerId: partner.id })).toBe(1);

    // Signed in at the provider, the contact is nobody to DataPact yet: refused everywhere but acceptance.
    const contact = await signIn(`wang@${partner.id.slice(0, 8)}`, '王经理');
    const before = await contact.get(`/api/partners/${partner.id}`);
    expect(before.status).toBe(403);
    expect(before.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(before.data.code).toBe('auth.no_role');

    const accepted = await contact.post('/api/portal-invitations/acceptance', { token });
    expect(accepted.status).toBe(200);
    expect(accepted.data).toMatchObject({
      sub: `wang@${partner.id.slice(0, 8)}`,
      partnerId: partner.id,
      name: '王经理',
      admin: true,
      status: 'active',
    });
    // The same identity accepting again (a retry) gets the same user.
    expect((await contact.post('/api/portal-invitations/acceptance', { token })).data).toEqual(accepted.data);

    // The dev sign-in lists the new portal user, with an identity token that signs in as it.
    const listed = (await api.http.get('/api/dev/tokens')).data.users.find(
      (u: { sub: string }) => u.sub === `wang@${partner.id.slice(0, 8)}`,
    );
    expect(listed).toMatchObject({ name: '王经理', roles: ['partner'], partnerId: partner.id });
    const again2 = await api.http.get('/api/me', { headers: { authorization: `Bearer ${listed.token}` } });
    expect(again2.data).toMatchObject({
      sub: `wang@${partner.id.slice(0, 8)}`,
      roles: ['partner'],
      partnerId: partner.id,
    });

    // The same token (no new token) now signs in as the partner's portal user.
    const me = await contact.get('/api/me');
    expect(me.data).toMatchObject({ roles: ['partner'], partnerId: partner.id, partnerAdmin: true });
    const own = await contact.get(`/api/partners/${partner.id}`);
    expect(own.status).toBe(200);
    expect(own.data.riskTier).toBeUndefined();
    const answered = await contact.post(`/api/partners/${partner.id}/answers`, { answers: answersOf('best') });
    expect(answered.status).toBe(200);
    await reached(partner.id, { stage: 'review' });
    const partnerDoc = await PartnerModel.findById(partner.id).lean<{ questionnaire: { answeredBy: string } }>();
    expect(partnerDoc!.questionnaire.answeredBy).toBe(`wang@${partner.id.slice(0, 8)}`);

    // Audited once each, and the inviter is told.
    const actions = await AuditEventModel.find({ 'subject.id': partner.id, action: /^portal_user\./ }).lean();
    expect(actions.map((e) => e.action).sort()).toEqual(['portal_user.invited', 'portal_user.joined']);
    const notes = await NotificationModel.find({ notificationKey: new RegExp(`^portal-invitation:${invited.data.id}`) })
      .lean()
      .then((ns) => ns.map((n) => [n.recipient, n.template]).sort());
    expect(notes).toEqual([
      [`partner:${partner.id}`, 'portal.invited'],
      [users.reviewer.sub, 'portal.joined'],
    ]);

    // The reviewer approves: the nominator hears the outcome in My work.
    const decided = await reviewer.post(`/api/partners/${partner.id}/decision`, { outcome: 'approve' });
    expect(decided.status).toBe(200);
    const work = await eventually(
      async () =>
        (await (await api.client(users.requesterA)).get('/api/me/work')).data.items as {
          params: Record<string, string>;
        }[],
      (items) =>
        items.some((i) => i.params.template === 'partner.nomination_approved' && i.params.partnerId === partner.id),
    );
    expect(work.some((i) => i.params.template === 'partner.nomination_approved')).toBe(true);
  });
});

describe('an invitation is used once, within its time', () => {
  it('refuses a used token to another identity, an expired one, an unknown one, and an insider', async () => {
    const partner = await nominated();
    const first = await invite(partner.id, { contactName: '李工', email: 'li@example.com' });
    const { token } = first.data;
    const taker = await signIn(`li@${partner.id.slice(0, 8)}`);
    expect((await taker.post('/api/portal-invitations/acceptance', { token })).status).toBe(200);

    const other = await signIn(`other@${partner.id.slice(0, 8)}`);
    const reused = await other.post('/api/portal-invitations/acceptance', { token });
    expect(reused.status).toBe(409);
    expect(reused.data.code).toBe('invitation.used');
    expect((await other.get(`/api/partners/${partner.id}`)).status).toBe(403);

    const second = await invite(partner.id, { contactName: '赵工', email: 'zhao@example.com' });
    await PortalInvitationModel.updateOne(
      { _id: second.data.id },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const late = await other.post('/api/portal-invitations/acceptance', { token: second.data.token });
    expect(late.status).toBe(409);
    expect(late.data.code).toBe('invitation.expired');
    expect(await PortalUserModel.findById(`other@${partner.id.slice(0, 8)}`).lean()).toBeNull();
    // Expired, it no longer holds the address: inviting again makes a new invitation with a new token.
    const renewed = await invite(partner.id, { contactName: '赵工', email: 'zhao@example.com' });
    expect(renewed.data.id).not.toBe(second.data.id);
    expect(renewed.data.token).not.toBe(second.data.token);

    const unknown = await other.post('/api/portal-invitations/acceptance', { token: 'A'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect(unknown.data.code).toBe('invitation.not_found');
    expect((await other.post('/api/portal-invitations/acceptance', { token: 'short' })).status).toBe(400);

    const insider = await (
      await api.client(users.requesterA)
    ).post('/api/portal-invitations/acceptance', {
      token: renewed.data.token,
    });
    expect(insider.status).toBe(403);
    expect(insider.data.code).toBe('invitation.internal_identity');
  });

  it('lets only a security reviewer or the DSO invite, with zod-checked input', async () => {
    const partner = await nominated();
    const body = { contactName: '钱工', email: 'qian@example.com' };
    for (const who of [users.requesterA, users.auditor, users.admin, users.legal]) {
      const res = await invite(partner.id, body, await api.client(who));
      expect([who.sub, res.status, res.data.code]).toEqual([who.sub, 403, 'auth.forbidden']);
    }
    expect((await invite(partner.id, body, await api.client(users.dso))).status).toBe(201);
    const bad = await invite(partner.id, { contactName: '', email: 'not-an-address', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.data['invalid-params'].map((p: { name: string }) => p.name).sort()).toEqual(
      expect.arrayContaining(['contactName', 'email']),
    );
    expect((await invite('00000000-0000-4000-8000-000000000000', body)).status).toBe(404);
    expect((await api.http.post(`/api/partners/${partner.id}/portal-invitations`, body)).status).toBe(401);
  });
});

describe("a partner organisation's administrator", () => {
  it('lists its users and revokes one, who is refused at once; not another organisation, not itself', async () => {
    const partner = await nominated();
    const tag = partner.id.slice(0, 8);
    const join = async (sub: string, email: string, admin: boolean) => {
      const { token } = (await invite(partner.id, { contactName: sub, email, admin })).data;
      const client = await signIn(sub);
      expect((await client.post('/api/portal-invitations/acceptance', { token })).status).toBe(200);
      return client;
    };
    const admin = await join(`admin@${tag}`, 'admin@example.com', true);
    const colleague = await join(`colleague@${tag}`, 'colleague@example.com', false);

    const listed = await admin.get(`/api/partners/${partner.id}/portal-users`);
    expect(listed.status).toBe(200);
    expect(listed.data.items.map((u: { sub: string; admin: boolean }) => [u.sub, u.admin])).toEqual([
      [`admin@${tag}`, true],
      [`colleague@${tag}`, false],
    ]);
    expect((await colleague.get(`/api/partners/${partner.id}/portal-users`)).status).toBe(403);
    const elsewhere = await nominated();
    expect((await admin.get(`/api/partners/${elsewhere.id}/portal-users`)).status).toBe(403);

    const self = await admin.post(
      `/api/partners/${partner.id}/portal-users/${encodeURIComponent(`admin@${tag}`)}/revocation`,
    );
    expect(self.status).toBe(403);
    const revoked = await admin.post(
      `/api/partners/${partner.id}/portal-users/${encodeURIComponent(`colleague@${tag}`)}/revocation`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.data).toMatchObject({ sub: `colleague@${tag}`, status: 'revoked' });
    // It is no longer offered by the dev sign-in, and its next request is refused, with the token it still holds.
    const offered = (await api.http.get('/api/dev/tokens')).data.users.map((u: { sub: string }) => u.sub);
    expect(offered).toContain(`admin@${tag}`);
    expect(offered).not.toContain(`colleague@${tag}`);
    const after = await colleague.get(`/api/partners/${partner.id}`);
    expect(after.status).toBe(403);
    expect(after.data.code).toBe('auth.no_role');
    // Revoking again changes nothing and is audited once.
    expect(
      (
        await reviewer.post(
          `/api/partners/${partner.id}/portal-users/${encodeURIComponent(`colleague@${tag}`)}/revocation`,
        )
      ).status,
    ).toBe(200);
    expect(await AuditEventModel.countDocuments({ 'subject.id': partner.id, action: 'portal_user.revoked' })).toBe(1);
    expect((await admin.post(`/api/partners/${partner.id}/portal-users/nobody/revocation`)).data.code).toBe(
      'portal_user.not_found',
    );
  });
});
