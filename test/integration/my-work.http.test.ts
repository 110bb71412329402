import { randomUUID } from 'node:crypto';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { NotificationModel } from '../../src/models/notification.model';
import { PartnerModel } from '../../src/entities/partner';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination, aPartnerUser } from '../support/factories';

let api: ApiHarness;
const DAY = 24 * 3600 * 1000;

/** A notification to `recipient` from `template`, its key its id. */
const aNotification = (id: string, recipient: string, template: string, more: object = {}) => ({
  _id: id,
  notificationKey: id,
  recipient,
  template,
  ...more,
});
const aboutPartner = (id: string) => ({ subject: { type: 'Partner', id } });

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
    aNotification('n-late', users.reviewer.sub, 'usage_report_due', { dueAt: new Date(Date.now() - 2 * DAY) }),
    aNotification('n-later', users.reviewer.sub, 'questionnaire_due', { dueAt: new Date(Date.now() + 30 * DAY) }),
    aNotification('n-other', users.dso.sub, 'x'),
    aNotification('n-dso-role', 'role:dso', 'partner.review_overdue', aboutPartner('p-waiting')),
    aNotification('n-org', 'partner:p-asked', 'portal.joined'),
    // The questionnaire's own request and its reminder: the partner's questionnaire item stands for them.
    aNotification('n-asked', 'partner:p-asked', 'partner.questionnaire_requested', aboutPartner('p-asked')),
    aNotification('n-asked-reminder', 'partner:p-asked', 'partner.questionnaire_reminder', aboutPartner('p-asked')),
    // Steps that are done: the partner was approved, the review no longer waits at p-asked.
    aNotification('n-done-reminder', 'partner:p-done', 'partner.questionnaire_reminder', aboutPartner('p-done')),
    aNotification('n-review-moved-on', 'role:dso', 'partner.review_overdue', aboutPartner('p-asked')),
    aNotification('n-dso-information', 'role:dso', 'partner.information_overdue', aboutPartner('p-done')),
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
    // The overdue review's escalation is the DSO's review item of p-waiting, not a second to-do; the
    // escalations of steps that are done (p-asked is at its questionnaire, p-done approved) are gone.
    expect(ids.filter((id: string) => id.endsWith(':p-waiting'))).toEqual(['partner_review:p-waiting']);
    expect(ids).not.toContain('notification:p-asked');
    expect(ids).not.toContain('notification:p-done');
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

  it('shows a step once (its item, not its notifications) and not at all once the step is done', async () => {
    const own = await (await api.client(aPartnerUser('p-asked'))).get('/api/me/work');
    const ids = own.data.items.map((i: { kind: string; subject: { id: string } }) => `${i.kind}:${i.subject.id}`);
    expect(ids.filter((id: string) => id.endsWith(':p-asked'))).toEqual(['partner_questionnaire:p-asked']);
    // The questionnaire was answered and the partner approved: its reminder is no longer a to-do.
    const approved = await (await api.client(aPartnerUser('p-done'))).get('/api/me/work');
    expect(approved.data.items).toEqual([]);

    // The same partner moves on to its review: the questionnaire's item and its notes leave My work.
    await PartnerModel.updateOne({ _id: 'p-asked' }, { $set: { stage: 'review' } });
    try {
      const answered = await (await api.client(aPartnerUser('p-asked'))).get('/api/me/work');
      expect(answered.data.items.map((i: { kind: string; subject: { id: string } }) => i.subject.id)).toEqual([
        'n-org',
      ]);
    } finally {
      await PartnerModel.updateOne({ _id: 'p-asked' }, { $set: { stage: 'questionnaire' } });
    }
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
    await NotificationModel.create(aNotification(id, recipient, 'x'));
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
