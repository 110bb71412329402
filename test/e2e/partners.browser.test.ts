/**
 * Partner vetting in the console, in real headless Chromium against the real stack: a requester
 * nominates through the form, the partner's own user answers the questionnaire in the portal, and a
 * security reviewer opens the partner from My work, reads its tier and reasons, and approves it.
 * Once at 1440 px in Chinese and once at 390 px in English. Screenshots go to test-artifacts/console/.
 */
import type { Browser, Page, Response } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { as, eventually, startApi, users, type ApiHarness } from '../support/api';
import { aCreditCode, aNomination, aPartnerUser, answersOf } from '../support/factories';
import { BlacklistModel } from '../../src/models/blacklist.model';
import { PartnerModel, partnerEntity } from '../../src/entities/partner';
import { CURRENT_QUESTIONNAIRE_VERSION, QUESTIONNAIRES } from '../../src/data/questionnaires';
import { formatDate } from '../../src/console/time';
import {
  catalogue,
  englishIn,
  fillChecked,
  goTo,
  inEveryTab,
  openPage,
  openTab,
  settled,
  shot,
  signInAs,
  signInWithToken,
  switchToEnglish,
  untranslated,
  type ConsoleLocale,
} from './console-harness';

let api: ApiHarness;
let browser: Browser;

beforeAll(async () => {
  api = await startApi('partners_browser', { devTokens: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const questionnaire = QUESTIONNAIRES.find((q) => q.version === CURRENT_QUESTIONNAIRE_VERSION)!;

/** Runs `act` and returns the response of the API call it makes (the one whose URL passes `which`, if given). */
async function responseOf(
  page: Page,
  method: string,
  path: RegExp,
  act: () => Promise<unknown>,
  which: (url: URL) => boolean = () => true,
): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return r.request().method() === method && path.test(url.pathname) && which(url);
    }),
    act(),
  ]);
  return response;
}

async function pickOption(page: Page, label: string) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
    hasText: label,
  });
  await option.first().click();
}

/** Waits until the partner's workflow has written this stage to the store. */
async function reachedStage(id: string, stage: string) {
  const reviewer = await api.client(users.reviewer);
  const shown = await eventually(
    () => reviewer.get(`/api/partners/${id}`),
    (r) => r.data.stage === stage,
  );
  expect(shown.data.stage).toBe(stage);
}

const CASES = [
  { width: 1440, locale: 'zh-CN', locations: [], tier: 'low', clearance: 'important' },
  { width: 390, locale: 'en-US', locations: ['SG'], tier: 'medium', clearance: 'general' },
] as const satisfies readonly {
  width: number;
  locale: ConsoleLocale;
  locations: readonly string[];
  tier: string;
  clearance: string;
}[];

describe.each(CASES)('vetting a partner through the console at $width px in $locale', (c) => {
  const words = catalogue(c.locale);
  const name = `浏览器提名 ${c.width} ${Date.now() % 100000} 有限公司`;
  const creditCode = aCreditCode();
  let partnerId = '';

  it('lets a requester nominate a partner through the form, which starts its checks', async () => {
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: c.width });
    if (c.locale === 'en-US') await switchToEnglish(page);
    await signInAs(page, 'req.a');
    await goTo(page, 'partners');
    await page.getByTestId('partners').waitFor();
    await page.getByTestId('partner-nominate').click();
    await settled(page.locator('.ant-drawer-section:visible, .ant-drawer-content:visible').first());

    await fillChecked(page, 'nominate-legal-name', name);
    await fillChecked(page, 'nominate-credit-code', creditCode);
    await fillChecked(page, 'nominate-contact-name-0', '王经理');
    await fillChecked(page, 'nominate-contact-email-0', 'wang@example.com');
    for (const code of c.locations) {
      await page.getByTestId('nominate-locations').click();
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await page.getByTestId('nominate-locations').getByText(code, { exact: false }).first().waitFor();
    }
    await page.getByTestId('nominate-cert-add').click();
    await fillChecked(page, 'nominate-cert-number-0', 'ISMS-0001');
    await page.getByTestId('nominate-cert-add').click();
    await page.getByTestId('nominate-cert-kind-1').click();
    await pickOption(page, words['cert.mlps']);
    await fillChecked(page, 'nominate-cert-level-1', '3');
    await page.getByTestId('nominate-cert-expires-1').fill('2030-12-31');
    await page.getByTestId('nominate-cert-expires-1').press('Enter');
    await shot(page, `${c.width}-partner-nominate-${c.locale}`);

    const response = await responseOf(page, 'POST', /^\/api\/partners$/, () =>
      page.getByTestId('nominate-submit').click(),
    );
    expect(response.status()).toBe(201);
    partnerId = ((await response.json()) as { id: string }).id;
    // The page follows the checks until the questionnaire goes out.
    await page.getByTestId('partner-stage').getByText(words['partner.stage.questionnaire']).waitFor();
    await openTab(page, 'vetting');
    await page.getByTestId('partner-checks').waitFor();
    await shot(page, `${c.width}-partner-nominated-${c.locale}`);

    const stored = await PartnerModel.findById(partnerId).lean();
    expect(stored).toMatchObject({
      legalName: name,
      creditCode,
      nominatedBy: 'req.a',
      nominatingUnit: 'unit-a',
      dataLocations: ['CN', ...c.locations],
      contacts: [{ name: '王经理', email: 'wang@example.com' }],
    });
    const certifications = partnerEntity.stateOf(stored!).certifications;
    expect(certifications.map((x) => [x.kind, x.level ?? null, x.expiresAt ?? null])).toEqual([
      ['iso27001', null, null],
      ['mlps', 3, '2030-12-30T16:00:00.000Z'], // 31 Dec 2030 in China's time zone
    ]);
    // A requester does not review: the console offers no decision.
    expect(await page.getByTestId('partner-approve').count()).toBe(0);
    expect(await untranslated(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("lets the partner's own user answer the questionnaire in the portal, without the company's menus", async () => {
    expect(partnerId).not.toBe('');
    await reachedStage(partnerId, 'questionnaire');
    // The workflow notifies the partner just after it sends the questionnaire.
    const portalApi = await api.client(aPartnerUser(partnerId));
    // The questionnaire is one to-do: its item; the notification that asked for it is not a second one.
    const notified = await eventually(
      () => portalApi.get('/api/me/work'),
      (r) => r.data.items.some((i: { kind: string }) => i.kind === 'partner_questionnaire'),
    );
    expect(notified.data.items.map((i: { kind: string }) => i.kind)).toEqual(['partner_questionnaire']);
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: c.width });
    if (c.locale === 'en-US') await switchToEnglish(page);
    const token = (await as(aPartnerUser(partnerId))).headers.authorization.replace(/^Bearer /, '');
    const [own] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/api/partners/${partnerId}`),
      signInWithToken(page, token),
    ]);
    // Its own organisation, without the company's risk notes.
    const ownFields = Object.keys((await own.json()) as object);
    for (const internal of ['checks', 'riskScore', 'riskTier', 'riskReasons', 'clearance', 'approvals'])
      expect(ownFields).not.toContain(internal);
    const form = page.getByTestId('portal-questionnaire');
    await form.waitFor();
    for (const hidden of ['nav-inventory', 'nav-audit', 'nav-partners'])
      expect({ hidden, count: await page.getByTestId(hidden).count() }).toEqual({ hidden, count: 0 });
    expect(await page.getByTestId('nav-portal').count()).toBe(1);

    // The portal says, above all else, by when the questionnaire is due.
    expect(await page.getByTestId('portal-deadline').innerText()).toContain(
      words['portal.deadline'].split('{dueAt}')[0]!.trim(),
    );
    expect(await page.getByTestId('portal-status').innerText()).toBe(words['holder.partner.questionnaire']);

    // My work has the questionnaire once, in the console's language, leading to the portal.
    await goTo(page, 'work');
    const work = page.getByTestId('work-item');
    const todo = work.filter({ hasText: words['work.kind.partner_questionnaire'].replace('{legalName}', name) });
    await todo.waitFor();
    expect(await work.count()).toBe(1);
    await shot(page, `${c.width}-portal-my-work-${c.locale}`);
    expect(await untranslated(page)).toEqual([]);
    await todo.getByRole('link').click();
    await form.waitFor();

    const first = questionnaire.questions[0]!;
    const text = c.locale === 'en-US' ? first.text.en : first.text['zh-CN'];
    expect(await page.getByTestId(`question-${first.id}`).innerText()).toContain(text);
    for (const question of questionnaire.questions) {
      // The first option is the most capable answer.
      await page.getByTestId(`question-${question.id}`).locator('.ant-radio-wrapper').first().click();
    }
    expect(await page.getByTestId('questionnaire-remaining').count()).toBe(0);
    await shot(page, `${c.width}-portal-questionnaire-${c.locale}`);
    const response = await responseOf(page, 'POST', /\/answers$/, () =>
      page.getByTestId('questionnaire-submit').click(),
    );
    expect(response.status()).toBe(200);
    await page.getByTestId('portal-answered').waitFor();
    await shot(page, `${c.width}-portal-answered-${c.locale}`);

    const stored = partnerEntity.stateOf((await PartnerModel.findById(partnerId).lean())!);
    expect(stored.questionnaire!.answers).toEqual(
      Object.fromEntries(questionnaire.questions.map((q) => [q.id, q.options[0]!.id])),
    );
    expect(await untranslated(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('takes a security reviewer from My work to the partner, its tier and reasons, and approves it', async () => {
    expect(partnerId).not.toBe('');
    await reachedStage(partnerId, 'review');
    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: c.width });
    if (c.locale === 'en-US') await switchToEnglish(page);
    await signInAs(page, 'sec.reviewer');
    // The company's people land on the overview; My work is one click away.
    await goTo(page, 'work');
    const item = page.getByTestId('work-item').filter({ hasText: name });
    await item.waitFor();
    await shot(page, `${c.width}-my-work-review-${c.locale}`);
    const [timeline] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === `/api/partners/${partnerId}/timeline`),
      item.getByRole('link').click(),
    ]);
    expect(timeline.status()).toBe(200);

    await page.getByTestId('partner-tier').getByText(words[`partner.tier.${c.tier}`]).waitFor();
    const stored = await PartnerModel.findById(partnerId).lean();
    expect(await page.getByTestId('partner-score').innerText()).toBe(String(stored!.riskScore));
    expect(await page.getByTestId('partner-clearance').innerText()).toBe(words[`grade.${c.clearance}`]);
    const reasons = await page.getByTestId('partner-risk-reasons').locator('li').allInnerTexts();
    const tierSentence = words['reason.risk.tier_by_score']
      .replace('{score}', String(stored!.riskScore))
      .replace('{tier}', words['partner.tier.low']);
    expect(reasons).toContain(tierSentence);
    if (c.locations.length > 0) {
      expect(reasons).toContain(words['reason.risk.cross_border'].replace('{countries}', 'Singapore (SG)'));
    }
    await openTab(page, 'vetting');
    const answers = page.getByTestId('partner-answers');
    const answerRows = answers.locator('tbody tr.ant-table-row');
    await answerRows.first().waitFor();
    expect(await answerRows.count()).toBe(questionnaire.questions.length);
    const q1 = questionnaire.questions[0]!;
    const pick = (x: { 'zh-CN': string; en: string }) => (c.locale === 'en-US' ? x.en : x['zh-CN']);
    expect(await answerRows.first().innerText()).toMatch(
      new RegExp(`${escape(pick(q1.text))}\\s+${escape(pick(q1.options[0]!.text))}`),
    );
    await openTab(page, 'history');
    const actions = await page.getByTestId('timeline-entry').allInnerTexts();
    expect(actions.some((a) => a.startsWith(words['timeline.partner.questionnaire_answered']))).toBe(true);
    // The system's reasons are the reader's words, from their codes: on a zh-CN page, no English (ids and
    // rule versions are data).
    const whys = page.getByTestId('timeline-why');
    expect(await whys.allInnerTexts()).toContain(words['audit.reason.partner.checks_started']);
    if (c.locale === 'zh-CN') expect(await englishIn(whys)).toEqual([]);
    await inEveryTab(page, async () => expect(await untranslated(page)).toEqual([]));
    await openTab(page, 'details');
    await shot(page, `${c.width}-partner-review-${c.locale}`);

    await page.getByTestId('partner-approve').click();
    await settled(page.locator('.ant-modal').last());
    const response = await responseOf(page, 'POST', /\/decision$/, () => page.getByTestId('action-submit').click());
    expect(response.status()).toBe(200);
    await page.getByTestId('partner-status').getByText(words['partner.status.approved']).waitFor();
    const approved = await PartnerModel.findById(partnerId).lean();
    expect(approved).toMatchObject({ status: 'approved', decision: { outcome: 'approve', by: users.reviewer.sub } });
    expect(await page.getByTestId('partner-valid-until').innerText()).toBe(
      formatDate((approved!.validUntil as Date).toISOString()),
    );
    expect(await page.getByTestId('partner-approve').count()).toBe(0);
    await shot(page, `${c.width}-partner-approved-${c.locale}`);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('questions, refusals and blacklisting on the partner page', () => {
  it('asks the partner a question it answers in the portal, shows the refusal of a stale decision, and lets the DSO blacklist', async () => {
    const nominated = await (await api.client(users.requesterA)).post('/api/partners', aNomination());
    expect(nominated.status).toBe(201);
    const id = nominated.data.id as string;
    await reachedStage(id, 'questionnaire');
    const portalUser = aPartnerUser(id);
    const answered = await (await api.client(portalUser)).post(`/api/partners/${id}/answers`, { answers: answersOf() });
    expect(answered.status).toBe(200);
    await reachedStage(id, 'review');
    const zh = catalogue('zh-CN');
    const question = '请说明贵司数据存放机房的位置和等保测评时间。';

    const reviewer = await openPage(browser, api.baseUrl, { width: 390, expect4xx: [409] });
    await reviewer.page.goto(`${api.baseUrl}/#/partners/${id}`);
    await signInAs(reviewer.page, 'sec.reviewer');
    await reviewer.page.getByTestId('partner-ask').click();
    await settled(reviewer.page.locator('.ant-modal').last());
    await reviewer.page.getByTestId('action-text').fill(question);
    const asked = await responseOf(reviewer.page, 'POST', /\/information-requests$/, () =>
      reviewer.page.getByTestId('action-submit').click(),
    );
    expect(asked.status()).toBe(200);
    await reviewer.page.getByTestId('partner-stage').getByText(zh['partner.stage.more_information']).waitFor();
    await openTab(reviewer.page, 'vetting');
    expect(await reviewer.page.getByTestId('partner-information').innerText()).toContain(zh['info.awaiting']);
    await shot(reviewer.page, '390-partner-asked-zh-CN');

    const partner = await openPage(browser, api.baseUrl, { width: 390 });
    await signInWithToken(partner.page, (await as(portalUser)).headers.authorization.replace(/^Bearer /, ''));
    expect(await partner.page.getByTestId('portal-question').innerText()).toBe(question);
    await partner.page.getByTestId('information-answer').fill('位于北京亦庄，2026 年 3 月完成等保三级测评。');
    const replied = await responseOf(partner.page, 'POST', /\/information-responses$/, () =>
      partner.page.getByTestId('information-submit').click(),
    );
    expect(replied.status()).toBe(200);
    await partner.page.getByTestId('portal-answered').waitFor();
    await shot(partner.page, '390-portal-information-answered-zh-CN');
    expect(partner.problems).toEqual([]);
    await partner.close();

    // The reviewer sees the answer; meanwhile a second reviewer approves, so this page's decision comes too late.
    await reviewer.page.reload();
    await reviewer.page.getByTestId('partner-approve').waitFor();
    await openTab(reviewer.page, 'vetting');
    expect(await reviewer.page.getByTestId('partner-information').innerText()).toContain('等保三级测评');
    const other = await (
      await api.client(users.reviewer2)
    ).post(`/api/partners/${id}/decision`, { outcome: 'approve' });
    expect(other.status).toBe(200);
    await reviewer.page.getByTestId('partner-approve').click();
    await settled(reviewer.page.locator('.ant-modal').last());
    const late = await responseOf(reviewer.page, 'POST', /\/decision$/, () =>
      reviewer.page.getByTestId('action-submit').click(),
    );
    expect(late.status()).toBe(409);
    const refusal = reviewer.page.getByTestId('partner-action-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(zh['problem.partner.not_in_review']);
    expect(await refusal.innerText()).toContain(((await late.json()) as { detail: string }).detail);
    // The page then shows the partner as the API has it, with no decision left to offer.
    await reviewer.page.getByTestId('partner-status').getByText(zh['partner.status.approved']).waitFor();
    expect(await reviewer.page.getByTestId('partner-approve').count()).toBe(0);
    await shot(reviewer.page, '390-partner-refused-zh-CN');
    expect(reviewer.problems).toEqual([]);
    await reviewer.close();

    const dso = await openPage(browser, api.baseUrl, { width: 1440 });
    await dso.page.goto(`${api.baseUrl}/#/partners/${id}`);
    await signInAs(dso.page, 'dso');
    await dso.page.getByTestId('partner-blacklist').click();
    await settled(dso.page.locator('.ant-modal').last());
    await dso.page.getByTestId('action-text').fill('提供虚假的等保测评报告');
    const listed = await responseOf(dso.page, 'POST', /\/blacklisting$/, () =>
      dso.page.getByTestId('action-submit').click(),
    );
    expect(listed.status()).toBe(200);
    await dso.page.getByTestId('partner-status').getByText(zh['partner.status.blacklisted']).waitFor();
    expect(await dso.page.getByTestId('partner-blacklist').count()).toBe(0);
    await shot(dso.page, '1440-partner-blacklisted-zh-CN');
    expect(await BlacklistModel.countDocuments({ creditCode: nominated.data.creditCode })).toBe(1);
    expect(await PartnerModel.findById(id).lean()).toMatchObject({
      status: 'blacklisted',
      blacklisting: { by: users.dso.sub, reason: '提供虚假的等保测评报告' },
    });
    expect(dso.problems).toEqual([]);
    await dso.close();
  });
});

describe('nominating again', () => {
  it('lets a requester nominate a rejected partner again from its page, with a reason; a new round starts', async () => {
    const nominated = await (await api.client(users.requesterA)).post('/api/partners', aNomination());
    const id = nominated.data.id as string;
    await reachedStage(id, 'questionnaire');
    await (await api.client(aPartnerUser(id))).post(`/api/partners/${id}/answers`, { answers: answersOf() });
    await reachedStage(id, 'review');
    const rejected = await (
      await api.client(users.reviewer)
    ).post(`/api/partners/${id}/decision`, { outcome: 'reject', reason: '缺少等保三级证书' });
    expect(rejected.data.status).toBe('rejected');
    const en = catalogue('en-US');

    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    await page.goto(`${api.baseUrl}/#/partners/${id}`);
    await signInAs(page, 'req.a');
    await switchToEnglish(page);
    await page.getByTestId('partner-renominate').click();
    await settled(page.locator('.ant-modal').last());
    expect(await page.getByTestId('action-text').getAttribute('aria-label')).toBe(en['partner.renominateReason']);
    await page.getByTestId('action-text').fill('MLPS level 3 certificate obtained');
    const sent = await responseOf(page, 'POST', /\/renomination$/, () => page.getByTestId('action-submit').click());

    expect(sent.status()).toBe(200);
    await reachedStage(id, 'questionnaire');
    expect(await PartnerModel.findById(id).lean()).toMatchObject({ status: 'vetting', round: 2 });
    await page.reload();
    await page.getByTestId('partner-status').getByText(en['partner.status.vetting']).waitFor();
    expect(await page.getByTestId('partner-renominate').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the nomination form', () => {
  it("shows the API's field problems, then its refusal of a credit code nominated already, writing nothing", async () => {
    const requester = await api.client(users.requesterA);
    const existing = await requester.post('/api/partners', aNomination());
    expect(existing.status).toBe(201);
    const before = await PartnerModel.countDocuments();

    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440, expect4xx: [400, 409] });
    await signInAs(page, 'req.a');
    await goTo(page, 'partners');
    await page.getByTestId('partner-nominate').click();
    await settled(page.locator('.ant-drawer-section:visible, .ant-drawer-content:visible').first());
    await fillChecked(page, 'nominate-legal-name', '有误的合作方');
    await fillChecked(page, 'nominate-credit-code', '91110000ABC');
    const invalid = await responseOf(page, 'POST', /^\/api\/partners$/, () =>
      page.getByTestId('nominate-submit').click(),
    );
    expect(invalid.status()).toBe(400);
    const alert = page.getByTestId('nominate-error');
    await alert.waitFor();
    const zh = catalogue('zh-CN');
    // Each problem of the API is listed in the form's words, and shown on its field.
    // In the page's language: the console words each refusal from its code, not from the API's English reason.
    expect(await alert.locator('li[data-field="creditCode"]').innerText()).toBe(
      `${zh['partner.creditCode']}: ${zh['validation.pattern.creditCode']}`,
    );
    expect(await alert.locator('li[data-field="contacts.0.name"]').innerText()).toBe(
      `${zh['partner.contacts']} #1 · ${zh['contact.name']}: ${zh['validation.required']}`,
    );
    await page.locator('.ant-form-item-explain-error', { hasText: zh['validation.pattern.creditCode'] }).waitFor();
    await shot(page, '1440-partner-nominate-invalid-zh-CN');

    await fillChecked(page, 'nominate-credit-code', existing.data.creditCode);
    await fillChecked(page, 'nominate-contact-name-0', '李经理');
    const conflict = await responseOf(page, 'POST', /^\/api\/partners$/, () =>
      page.getByTestId('nominate-submit').click(),
    );
    expect(conflict.status()).toBe(409);
    await page.getByTestId('nominate-existing').waitFor();
    expect(await alert.innerText()).toContain(catalogue('zh-CN')['problem.partner.already_nominated']);
    expect(await alert.innerText()).toContain(existing.data.creditCode);
    await shot(page, '1440-partner-nominate-conflict-zh-CN');
    await page.getByTestId('nominate-existing').click();
    await page.getByTestId('partner').getByText(existing.data.legalName).first().waitFor();

    expect(await PartnerModel.countDocuments()).toBe(before);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the partner list', () => {
  it('filters by nominating unit and loads the next page on request', async () => {
    const unit = `unit-list-${Date.now() % 100000}`;
    const nominator = await api.client({ sub: 'req.list', roles: ['requester'], unit });
    const created = await Promise.all(Array.from({ length: 21 }, () => nominator.post('/api/partners', aNomination())));
    expect(created.map((r) => r.status)).toEqual(Array(21).fill(201));

    const { page, problems, close } = await openPage(browser, api.baseUrl, { width: 1440 });
    await signInAs(page, 'sec.reviewer');
    await goTo(page, 'partners');
    await page.getByTestId('partners').waitFor();
    // A reviewer nominates nobody: the console does not offer it.
    expect(await page.getByTestId('partner-nominate').count()).toBe(0);
    const filtered = await responseOf(
      page,
      'GET',
      /^\/api\/partners$/,
      async () => {
        await page.getByTestId('partners-filter-unit').locator('input').fill(unit);
        await page.getByTestId('partners-filter-unit').locator('input').press('Enter');
      },
      (url) => url.searchParams.get('nominatingUnit') === unit,
    );
    expect(filtered.status()).toBe(200);
    const rows = page.getByTestId('partners-table').locator('tbody tr.ant-table-row');
    await page
      .getByTestId('partners-shown')
      .getByText(catalogue('zh-CN')['partners.shown'].replace('{count}', '20'))
      .waitFor();
    expect(await rows.count()).toBe(20);

    const more = await responseOf(
      page,
      'GET',
      /^\/api\/partners$/,
      () => page.getByTestId('partners-more').click(),
      (url) => url.searchParams.has('cursor'),
    );
    expect(new URL(more.url()).searchParams.get('nominatingUnit')).toBe(unit);
    await page
      .getByTestId('partners-shown')
      .getByText(catalogue('zh-CN')['partners.shown'].replace('{count}', '21'))
      .waitFor();
    expect(await rows.count()).toBe(21);
    expect(await page.getByTestId('partners-more').count()).toBe(0);
    const names = await rows.locator('[data-testid="partner-link"]').allInnerTexts();
    expect(names.sort()).toEqual(created.map((r) => r.data.legalName as string).sort());
    await shot(page, '1440-partner-list-zh-CN');
    expect(problems).toEqual([]);
    await close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
