/**
 * With an OpenID provider configured, the console sends people there (authorization code + PKCE)
 * and uses the access token it gets back; the API verifies it against the provider's JWKS (RS256).
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startApi, type ApiHarness } from '../support/api';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';

let provider: TestProvider;
let api: ApiHarness;
let browser: Browser;

beforeAll(async () => {
  provider = await startTestProvider(
    { sub: 'wang.wei', name: '王伟', roles: ['security_reviewer'], unit: 'security' },
    'datapact-api',
  );
  // Offered the dev stack's demo tokens as `npm start` offers them: with the provider's keys they must not appear.
  api = await startApi('console_oidc', {
    devTokens: true,
    auth: {
      AUTH_JWT_SECRET: undefined,
      AUTH_JWKS_URL: provider.jwksUrl,
      AUTH_ISSUER: provider.issuer,
      AUTH_AUDIENCE: 'datapact-api',
      AUTH_OIDC_ISSUER: provider.issuer,
      AUTH_OIDC_CLIENT_ID: 'datapact-console',
      AUTH_OIDC_SCOPE: 'openid profile',
    },
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await provider?.stop();
});

describe("sign-in through the organisation's OpenID provider", () => {
  it('offers no demo users, redirects to the provider, and comes back signed in', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(api.baseUrl);
    await page.getByTestId('sign-in-oidc').waitFor();
    // Only the provider's sign-in: no demo-user picker, no pasted token.
    expect(await page.locator('[data-testid^="sign-in-as-"]').count()).toBe(0);
    expect(await page.getByTestId('token-input').count()).toBe(0);
    const signedIn = { headers: { authorization: `Bearer ${await provider.accessToken()}` } };
    expect((await api.http.get('/api/dev/tokens', signedIn)).status).toBe(404);

    await page.getByTestId('sign-in-oidc').click();
    await page.getByTestId('user-name').waitFor();

    expect(await page.getByTestId('user-name').innerText()).toBe('王伟');
    expect(await page.getByTestId('user-unit').innerText()).toBe('security');
    expect(new URL(page.url()).search).toBe('');
    expect(provider.log).toEqual(['authorize datapact-console', 'token wang.wei']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('leaves the API refusing a token signed with the dev secret', async () => {
    const devSigned = await api.client({ sub: 'x', roles: ['dso'] });
    expect((await devSigned.get('/api/me')).status).toBe(401);
  });
});
