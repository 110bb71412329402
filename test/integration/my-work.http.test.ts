import { NotificationModel } from '../../src/models/notification.model';
import { PartnerModel } from '../../src/models/partner.model';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';

let api: ApiHarness;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  api = await startApi('my_work');
  await PartnerModel.create({
    _id: 'p-waiting',
    ...aNomination(),
    nominatedBy: users.reviewerWhoRequests.sub,
    status: 'vetting',
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
    expect(res.data.items[1]).toMatchObject({
      link: '#/partners/p-waiting',
      params: { creditCode: expect.any(String) },
    });
  });

  it("leaves out a review the caller may not take (they nominated the partner), and others' notifications", async () => {
    const res = await (await api.client(users.reviewerWhoRequests)).get('/api/me/work');
    expect(res.data.items).toEqual([]);
  });
});
