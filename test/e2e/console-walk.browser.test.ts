/**
 * Every role walks its pages of the console, in real headless Chromium against the real stack, in
 * zh-CN and in English, at 1440 px and at 390 px: the sections each role expects in its menu and no
 * other, the actions each role expects on each page and no other, and on every page no untranslated
 * key, no raw code, no English on a Chinese page (no Chinese on an English one) outside data, no text
 * wider than its cell or the screen, and no code or date broken over two lines. On a phone the header
 * is one row and a list is cards whose status and due date are in sight. One browser, one page a
 * width, reused by every role; screenshots go to test-artifacts/console/walk-*.png.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { as, eventually, startApi, users, type ApiHarness } from '../support/api';
import { aNomination, aPartnerUser } from '../support/factories';
import type { Claims } from '../../policies/abilities';
import {
  catalogue,
  englishIn,
  goTo,
  layoutFaults,
  openPage,
  rawCodes,
  shot,
  signInAs,
  signInWithToken,
  switchToEnglish,
  untranslated,
  type ConsolePage,
  type ConsoleLocale,
} from './console-harness';

const WIDTHS = [1440, 390] as const;
/** A phone's header is one row: the design allows 64 px. */
const PHONE_HEADER_MAX_PX = 64;
/** One role's walk: two languages, up to six pages each, on a busy machine (each wait inside is for readiness). */
const WALK_TIMEOUT_MS = 180_000;

const SECTIONS = [
  'portal',
  'overview',
  'work',
  'agreements',
  'partners',
  'incidents',
  'reports',
  'inspections',
  'findings',
  'rules',
  'inventory',
  'audit',
] as const;
type Section = (typeof SECTIONS)[number];

/** What each page's own actions are (their test ids). */
const ACTIONS: Partial<Record<Section, readonly string[]>> = {
  agreements: ['agreement-new'],
  partners: ['partner-nominate'],
  incidents: ['incident-report'],
  inventory: ['asset-new', 'asset-import'],
};

interface Walker {
  role: string;
  /** How the walker signs in: a demo user's button, or (a partner's user) a token. */
  signIn: (page: Page) => Promise<void>;
  /** The sections of its menu, in the menu's order. */
  sections: readonly Section[];
  /** The actions it expects; any other action of ACTIONS must be absent. */
  actions: readonly string[];
}

let api: ApiHarness;
let browser: Browser;
let partnerId: string;

const demo = (claims: Claims) => (page: Page) => signInAs(page, claims.sub);

const WALKERS: readonly Walker[] = [
  {
    role: 'requester',
    signIn: demo(users.requesterA),
    sections: ['overview', 'work', 'agreements', 'partners', 'findings', 'inventory'],
    actions: ['agreement-new', 'partner-nominate', 'asset-new'],
  },
  {
    role: 'security-reviewer',
    signIn: demo(users.reviewer),
    sections: ['overview', 'work', 'agreements', 'partners', 'incidents', 'inspections', 'findings', 'inventory'],
    actions: ['incident-report'],
  },
  {
    role: 'dso',
    signIn: demo(users.dso),
    sections: [
      'overview',
      'work',
      'agreements',
      'partners',
      'incidents',
      'reports',
      'inspections',
      'findings',
      'rules',
      'inventory',
      'audit',
    ],
    actions: ['incident-report', 'asset-new', 'asset-import'],
  },
  {
    role: 'legal',
    signIn: demo(users.legal),
    sections: ['overview', 'work', 'agreements', 'partners', 'incidents', 'reports', 'inventory'],
    actions: [],
  },
  {
    role: 'auditor',
    signIn: demo(users.auditor),
    sections: [
      'overview',
      'work',
      'agreements',
      'partners',
      'incidents',
      'reports',
      'inspections',
      'findings',
      'inventory',
      'audit',
    ],
    actions: [],
  },
  {
    role: 'admin',
    signIn: demo(users.admin),
    sections: [
      'overview',
      'work',
      'agreements',
      'partners',
      'incidents',
      'reports',
      'inspections',
      'findings',
      'inventory',
    ],
    actions: ['asset-new', 'asset-import'],
  },
  {
    role: 'partner-user',
    signIn: async (page) =>
      signInWithToken(page, (await as(aPartnerUser(partnerId))).headers.authorization.replace(/^Bearer /, '')),
    sections: ['portal', 'work'],
    actions: [],
  },
];

beforeAll(async () => {
  api = await startApi('console_walk', { devTokens: true });
  browser = await launchChromium();
  // A partner waiting for its own questionnaire: a holder, a due date, a deadline in its portal.
  const nominated = await (await api.client(users.requesterA)).post('/api/partners', aNomination());
  expect(nominated.status).toBe(201);
  partnerId = nominated.data.id as string;
  await eventually(
    async () => (await api.client(users.reviewer)).get(`/api/partners/${partnerId}`),
    (r) => r.data.stage === 'questionnaire',
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** The content of the page (the header holds the user's name, which is data). */
const content = (page: Page) => page.locator('.ant-layout-content');

/** Chinese characters in the console's own words on an English page: labels, headers, buttons, tags, titles. */
async function chineseIn(locator: Locator): Promise<string[]> {
  const chrome = locator.locator(
    '[data-testid=page-header], .ant-table-thead, .ant-btn, .ant-select-selector, .ant-empty-description, label, .ant-card-head-title, .ant-descriptions-item-label, [data-testid$=-shown]',
  );
  return (await chrome.allInnerTexts()).filter((text) => /[\u4e00-\u9fff]/.test(text));
}

/** Everything a reader must not meet on the page in front of them. */
async function faultsOf(page: Page, locale: ConsoleLocale): Promise<Record<string, string[]>> {
  return {
    untranslated: await untranslated(page),
    rawCodes: await rawCodes(page),
    otherLanguage:
      locale === 'zh-CN'
        ? (await englishIn(content(page))).filter((word) => !ACRONYMS.has(word))
        : await chineseIn(content(page)),
    layout: await layoutFaults(page),
  };
}

/** Names a Chinese page writes in Latin letters, as Chinese readers know them. */
/** A section's page by its test id, where that is not the section's name. */
const PAGE_TEST_IDS: Partial<Record<Section, string>> = { work: 'my-work', rules: 'inspection-rules' };

const ACRONYMS = new Set(['CSV', 'XLSX', 'PDF', 'Excel']);

const NO_FAULTS = { untranslated: [], rawCodes: [], otherLanguage: [], layout: [] };

/** The first element of a section's page, once its data has come. */
async function opened(page: Page, section: Section) {
  await page.getByTestId(PAGE_TEST_IDS[section] ?? section).waitFor();
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
}

async function walk(page: Page, walker: Walker, width: number, locale: ConsoleLocale) {
  const words = catalogue(locale);
  const menu: Section[] = [];
  for (const section of SECTIONS) if ((await page.getByTestId(`nav-${section}`).count()) > 0) menu.push(section);
  expect({ role: walker.role, menu }).toEqual({ role: walker.role, menu: walker.sections });

  for (const section of walker.sections) {
    await goTo(page, section);
    await opened(page, section);
    const name = `walk-${width}-${walker.role}-${section}-${locale}`;
    await shot(page, name);
    expect({ page: name, ...(await faultsOf(page, locale)) }).toEqual({ page: name, ...NO_FAULTS });
    const shown: string[] = [];
    for (const action of ACTIONS[section] ?? []) if (await page.getByTestId(action).isVisible()) shown.push(action);
    const expected = (ACTIONS[section] ?? []).filter((a) => walker.actions.includes(a));
    expect({ page: name, actions: shown }).toEqual({ page: name, actions: expected });

    if (width < 576 && section === 'partners') {
      // A phone's list is cards, the status saying who holds the ball and the due date in sight.
      const card = page.getByTestId('partners-card').first();
      for (const part of ['partner-row-status', 'partner-row-due']) {
        const box = await card.getByTestId(part).boundingBox();
        expect({ part, inSight: box !== null && box.x >= 0 && box.x + box.width <= width }).toEqual({
          part,
          inSight: true,
        });
      }
      expect(await card.getByTestId('partner-row-status').innerText()).toBe(words['holder.partner.questionnaire']);
    }
    if (section === 'portal') {
      await page.getByTestId('portal-deadline').waitFor();
      expect(await page.getByTestId('portal-status').innerText()).toBe(words['holder.partner.questionnaire']);
    }
  }
  if (width < 576) {
    const header = await page.locator('.ant-layout-header').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(PHONE_HEADER_MAX_PX);
  }
}

/** Each walker starts at the sign-in page in Chinese, whatever the walker before it left behind. */
async function signedOutInChinese(page: Page) {
  await page.evaluate(() => {
    const stores = globalThis as unknown as { localStorage: { clear(): void }; sessionStorage: { clear(): void } };
    stores.localStorage.clear();
    stores.sessionStorage.clear();
  });
  // The console's address without the section the walker before left it at.
  await page.goto(api.baseUrl);
  await page.locator('[data-testid^=sign-in-as-]').first().waitFor();
}

jest.setTimeout(WALK_TIMEOUT_MS);

describe.each(WIDTHS)('every role walks the console at %i px', (width) => {
  let tab: ConsolePage;
  beforeAll(async () => {
    tab = await openPage(browser, api.baseUrl, { width });
  });
  afterAll(async () => {
    await tab?.close();
  });

  it.each(WALKERS.map((w) => [w.role, w] as const))('as %s, in zh-CN and in English', async (_role, walker) => {
    const { page } = tab;
    await signedOutInChinese(page);
    // What the walker before left behind (a request its reload cut short) is not this walker's.
    tab.problems.length = 0;
    await walker.signIn(page);
    await walk(page, walker, width, 'zh-CN');
    await switchToEnglish(page);
    await walk(page, walker, width, 'en-US');
    expect(tab.problems).toEqual([]);
  });
});
