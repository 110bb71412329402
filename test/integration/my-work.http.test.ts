import { randomUUID } from 'node:crypto';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { NotificationModel } from '../../src/models/notification.model';
import { PartnerModel } from '../../src/entities/partner';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination, aPartnerUser } from '../support/factories';

let api: ApiHarness;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  api = await startApi('my_work');
  await PartnerModel.create({
    _id: 'p-waiting',
    ...aNomination(),
    nominatedBy: users.reviewerWhoRequests.sub,
    status: 'vetting',
    stage: 'review',
    dueAt: new Date(Date.now() + 10 * DAY),
  });
  await PartnerModel.create({
    _id: 'p-at-dso',
    ...aNomination(),
    nominatedBy: users.requesterA.sub,
    status: 'vetting',
    stage: 'dso_review',
    approvals: [{ stage: 'review', by: users.reviewer.sub, at: new Date() }],
    dueAt: new Date(Date.now() + 5 * DAY),
  });
  await PartnerModel.create({
    _id: 'p-asked',
    ...aNomination(),
    nominatedBy: users.requesterA.sub,
    status: 'vetting',
    stage: 'questionnaire',
    dueAt: new Date(Date.now() + 14 * DAY),
  });
  await PartnerModel.create({ _id: 'p-done', ...aNomination(), nominatedBy: users.requesterA.sub, status: 'approved' });
  await NotificationModel.create([
    {
      _id: 'n-late',
      notificationKey: 'n-late',
      recipient: users.reviewer.sub,
      template: 'usage_report_due',
      dueAt: new Date(Date.now() - 2 * DAY),
    },
    {
      _id: 'n-later',
      notificationKey: 'n-later',
      recipient: users.reviewer.sub,
      template: 'questionnaire_due',
      dueAt: new Date(Date.now() + 30 * DAY),
    },
    { _id: 'n-other', notificationKey: 'n-other', recipient: users.dso.sub, template: 'x' },
    {
      _id: 'n-dso-role',
      notificationKey: 'n-dso-role',
      recipient: 'role:dso',
      template: 'partner.review_overdue',
      subject: { type: 'Partner', id: 'p-waiting' },
    },
    {
      _id: 'n-org',
      notificationKey: 'n-org',
      recipient: 'partner:p-asked',
      template: 'partner.questionnaire_requested',
    },
  ]);
});
afterAll(async () => {
  await api?.stop();
});

describe('GET /api/me/work', () => {
  it('gives a reviewer the partners awaiting their review and their own notifications, overdue first', async () => {
    const res = await (await api.client(users.reviewer)).get('/api/me/work');
    expect(res.status).toBe(200);
    expect(
      res.data.items.map((i: { kind: string; subject: { id: string }; overdue: boolean }) => [
        i.kind,
        i.subject.id,
        i.overdue,
      ]),
    ).toEqual([
      ['notification', 'n-late', true],
      ['partner_review', 'p-waiting', false],
      ['notification', 'n-later', false],
    ]);
    expect(res.data.items.map((i: { subject: { id: string } }) => i.subject.id)).not.toContain('p-at-dso');
    expect(res.data.items[1]).toMatchObject({
      link: '#/partners/p-waiting',
      params: { creditCode: expect.any(String) },
    });
  });

  it("leaves out a review the caller may not take (they nominated the partner), and others' notifications", async () => {
    const res = await (await api.client(users.reviewerWhoRequests)).get('/api/me/work');
    expect(res.data.items).toEqual([]);
  });

  it("gives the DSO the high-tier approval the reviewer passed on, and what is addressed to the DSO's role", async () => {
    const res = await (await api.client(users.dso)).get('/api/me/work');
    const ids = res.data.items.map((i: { kind: string; subject: { id: string } }) => `${i.kind}:${i.subject.id}`);
    expect(ids).toEqual(
      expect.arrayContaining(['partner_review:p-at-dso', 'partner_review:p-waiting', 'notification:n-other']),
    );
    expect(ids).toContain('notification:p-waiting');
    expect(ids).not.toContain('notification:n-late');
  });

  it("gives a partner user its own organisation's questionnaire and the notifications to it, nothing of others", async () => {
    const own = await (await api.client(aPartnerUser('p-asked'))).get('/api/me/work');
    expect(own.data.items.map((i: { kind: string; link: string }) => [i.kind, i.link])).toEqual([
      ['partner_questionnaire', '#/portal'],
      ['notification', '#/work'],
    ]);
    const other = await (await api.client(aPartnerUser('p-waiting'))).get('/api/me/work');
    expect(other.data.items).toEqual([]);
  });

  it("marks a notification read, once it is the caller's (or their organisation's); it then leaves My work", async () => {
    const partnerUser = await api.client(aPartnerUser('p-asked'));
    const before = await partnerUser.get('/api/me/work');
    const note = before.data.items.find((i: { kind: string }) => i.kind === 'notification');
    expect(note.notificationId).toBe('n-org');

    const res = await partnerUser.post('/api/me/notifications/n-org/read');
    expect(res.data).toEqual({ id: 'n-org', status: 'read' });
    expect((await partnerUser.post('/api/me/notifications/n-org/read')).status).toBe(200);

    const after = await partnerUser.get('/api/me/work');
    expect(after.data.items.map((i: { kind: string }) => i.kind)).toEqual(['partner_questionnaire']);
  });
});

describe('POST /api/me/notifications/:id/read', () => {
  const aNote = async (recipient: string) => {
    const id = `n-${randomUUID().slice(0, 8)}`;
    await NotificationModel.create({ _id: id, notificationKey: id, recipient, template: 'x' });
    return id;
  };
  const statusOf = async (id: string) => (await NotificationModel.findById(id).lean())?.status;
  const eventsOf = (id: string) => AuditEventModel.find({ 'subject.type': 'Notification', 'subject.id': id }).lean();

  it('is refused (403) to whoever may read a notification without being its addressee: an auditor, the system', async () => {
    const id = await aNote('partner:p-asked');
    for (const claims of [users.auditor, users.system]) {
      const res = await (await api.client(claims)).post(`/api/me/notifications/${id}/read`);
      expect({ who: claims.sub, status: res.status, code: res.data.code }).toEqual({
        who: claims.sub,
        status: 403,
        code: 'auth.forbidden',
      });
      expect(res.data.detail).toBe('only its addressee marks a notification read');
    }
    expect(await statusOf(id)).toBe('pending');
    expect(await eventsOf(id)).toEqual([]);
  });

  it("answers a partner user 404 alike for an unknown id and for another organisation's notification", async () => {
    const id = await aNote('partner:p-asked');
    const outsider = await api.client(aPartnerUser('p-waiting'));
    const foreign = await outsider.post(`/api/me/notifications/${id}/read`);
    const unknown = await outsider.post('/api/me/notifications/no-such-note/read');
    expect([foreign.status, foreign.data.code]).toEqual([404, 'resource.not_found']);
    expect([unknown.status, unknown.data.code]).toEqual([404, 'resource.not_found']);
    expect(foreign.data.detail).toBe(`no notification ${id}`);
    expect(await statusOf(id)).toBe('pending');
  });

  it('lets the addressee mark it read: the user, a member of the addressed role; audited once, however often', async () => {
    const toUser = await aNote(users.reviewer.sub);
    const toRole = await aNote('role:dso');
    const reviewer = await api.client(users.reviewer);
    expect((await reviewer.post(`/api/me/notifications/${toRole}/read`)).status).toBe(404);
    for (let i = 0; i < 3; i++) {
      expect((await reviewer.post(`/api/me/notifications/${toUser}/read`)).status).toBe(200);
      expect((await (await api.client(users.dso)).post(`/api/me/notifications/${toRole}/read`)).status).toBe(200);
    }
    expect([await statusOf(toUser), await statusOf(toRole)]).toEqual(['read', 'read']);
    const events = [...(await eventsOf(toUser)), ...(await eventsOf(toRole))];
    expect(events.map((e) => [e.action, e.actor.sub, e.before, e.after])).toEqual([
      ['notification.read', users.reviewer.sub, { status: 'pending' }, { status: 'read' }],
      ['notification.read', users.dso.sub, { status: 'pending' }, { status: 'read' }],
    ]);
  });

  it('lets an auditor mark read what is addressed to it', async () => {
    const id = await aNote('role:auditor');
    expect((await (await api.client(users.auditor)).post(`/api/me/notifications/${id}/read`)).status).toBe(200);
    expect(await statusOf(id)).toBe('read');
  });
});
