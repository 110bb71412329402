/**
 * A new partner's contact in the console, in real headless Chromium against the real stack (issue 16):
 * a security reviewer invites the contact through the API, the contact opens the invitation link, signs
 * in through the embedded stack's stand-in for the identity provider (a login of their choosing, no
 * token by hand), accepts, lands in the partner portal and answers the questionnaire. A second attempt
 * with the used link is refused in the reader's language. At 390 px in Chinese and 1440 px in English.
 */
import type { Browser } from 'playwright-core';
import { CURRENT_QUESTIONNAIRE_VERSION, QUESTIONNAIRES } from '../../src/data/questionnaires';
import { launchChromium } from '../support/browser';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';
import { catalogue, openPage, shot, switchToEnglish, untranslated, type ConsoleLocale } from './console-harness';

let api: ApiHarness;
let browser: Browser;

beforeAll(async () => {
  api = await startApi('portal_invitation_browser', { devTokens: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const questionnaire = QUESTIONNAIRES.find((q) => q.version === CURRENT_QUESTIONNAIRE_VERSION)!;

const CASES = [
  { width: 390, locale: 'zh-CN' },
  { width: 1440, locale: 'en-US' },
] as const satisfies readonly { width: number; locale: ConsoleLocale }[];

describe.each(CASES)('an invited contact at $width px ($locale)', ({ width, locale }) => {
  it('accepts the invitation with a dev sign-in and answers the questionnaire in the portal', async () => {
    const reviewer = await api.client(users.reviewer);
    const partnerId = (await (await api.client(users.requesterA)).post('/api/partners', aNomination())).data.id;
    await eventually(
      () => reviewer.get(`/api/partners/${partnerId}`),
      (r) => r.data.stage === 'questionnaire',
    );
    const invited = await reviewer.post(`/api/partners/${partnerId}/portal-invitations`, {
      contactName: '王经理',
      email: `wang.${width}@example.com`,
    });
    expect(invited.status).toBe(201);
    const link = new URL(invited.data.acceptUrl);
    const t = catalogue(locale);

    const { page, problems, close } = await openPage(browser, `${api.baseUrl}/${link.hash}`, { width });
    await page.getByTestId('invitation-login').waitFor();
    if (locale === 'en-US') await switchToEnglish(page);
    expect(await page.locator('body').innerText()).toContain(t['invitation.title']);
    await shot(page, `${width}-invitation-${locale}`);
    await page.getByTestId('invitation-login').fill(`wang.${width}@${partnerId.slice(0, 8)}`);
    await page.getByTestId('invitation-name').fill('王经理');
    await page.getByTestId('invitation-accept').click();

    await page.getByTestId('portal-questionnaire').waitFor();
    expect(await page.getByTestId('user-name').innerText()).toBe('王经理');
    for (const question of questionnaire.questions) {
      await page.getByTestId(`question-${question.id}`).locator('.ant-radio-wrapper').first().click();
    }
    await page.getByTestId('questionnaire-submit').click();
    await page.getByTestId('portal-answered').waitFor();
    await shot(page, `${width}-invitation-answered-${locale}`);
    expect(await untranslated(page)).toEqual([]);

    expect(problems).toEqual([]);
    await close();

    // The link is spent: opened by someone else in another browser, it says so in the reader's language.
    const other = await openPage(browser, `${api.baseUrl}/${link.hash}`, { width, expect4xx: [409] });
    await other.page.getByTestId('invitation-login').waitFor();
    if (locale === 'en-US') await switchToEnglish(other.page);
    await other.page.getByTestId('invitation-login').fill(`someone.else.${width}`);
    await other.page.getByTestId('invitation-accept').click();
    const refusal = await other.page.getByTestId('invitation-error').innerText();
    expect(refusal).toContain(t['problem.invitation.used']);
    await shot(other.page, `${width}-invitation-used-${locale}`);
    expect(other.problems).toEqual([]);
    await other.close();
  });
});
