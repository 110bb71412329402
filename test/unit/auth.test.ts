import { SignJWT } from 'jose';
import { createTokenVerifier, mintToken } from '../../src/auth/jwt';

const settings = { secret: 's'.repeat(40), issuer: 'datapact', audience: 'datapact-api' };
const verify = createTokenVerifier(settings);
const claims = { sub: 'li.na', roles: ['requester'] as const, unit: 'marketing' };
const key = new TextEncoder().encode(settings.secret);

describe('createTokenVerifier', () => {
  it('accepts a token signed with the secret for this issuer and audience', async () => {
    expect(await verify(await mintToken({ ...claims, roles: [...claims.roles] }, settings))).toEqual({
      ...claims,
      roles: ['requester'],
    });
  });

  it.each([
    ['another issuer', () => mintToken({ ...claims, roles: ['requester'] }, { ...settings, issuer: 'elsewhere' })],
    ['another audience', () => mintToken({ ...claims, roles: ['requester'] }, { ...settings, audience: 'other-api' })],
    ['another secret', () => mintToken({ ...claims, roles: ['requester'] }, { ...settings, secret: 't'.repeat(40) })],
    ['an expired token', () => mintToken({ ...claims, roles: ['requester'] }, settings, '-1m')],
    [
      'an unexpected algorithm (HS512)',
      () =>
        new SignJWT({ ...claims })
          .setProtectedHeader({ alg: 'HS512' })
          .setIssuer('datapact')
          .setAudience('datapact-api')
          .setExpirationTime('1h')
          .sign(key),
    ],
    [
      'alg none',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, iss: 'datapact', aud: 'datapact-api' })).toString('base64url')}.`,
    ],
    [
      'an unknown role',
      () =>
        new SignJWT({ sub: 'x', roles: ['superuser'] })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('datapact')
          .setAudience('datapact-api')
          .setExpirationTime('1h')
          .sign(key),
    ],
    [
      'no roles',
      () =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('datapact')
          .setAudience('datapact-api')
          .setExpirationTime('1h')
          .sign(key),
    ],
  ])('refuses %s', async (_what, token) => {
    await expect(verify(await token())).rejects.toThrow();
  });
});
