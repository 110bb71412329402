import { SignJWT } from 'jose';
import { createTokenVerifier, mintIdentityToken, mintToken } from '../../src/auth/jwt';

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

describe('createTokenVerifier with an identity resolver (portal users)', () => {
  const seen: { sub: string; name?: string }[] = [];
  const resolving = createTokenVerifier(settings, async (identity) => {
    seen.push(identity);
    return { sub: identity.sub, roles: ['partner'], partnerId: 'p1' };
  });

  it("hands a token that names no roles to the resolver, and takes the resolver's claims", async () => {
    const token = await mintIdentityToken({ sub: 'contact@p1', name: '王经理' }, settings);
    expect(await resolving(token)).toEqual({ sub: 'contact@p1', roles: ['partner'], partnerId: 'p1' });
    expect(seen).toEqual([{ sub: 'contact@p1', name: '王经理' }]);
  });

  it('still refuses bad roles, and never asks the resolver about a token that names roles', async () => {
    seen.length = 0;
    const bad = await new SignJWT({ sub: 'x', roles: ['superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('datapact')
      .setAudience('datapact-api')
      .setExpirationTime('1h')
      .sign(key);
    await expect(resolving(bad)).rejects.toThrow();
    expect(await resolving(await mintToken({ ...claims, roles: ['requester'] }, settings))).toMatchObject({
      roles: ['requester'],
    });
    expect(seen).toEqual([]);
  });

  it('refuses an identity token signed with another secret before any resolving', async () => {
    seen.length = 0;
    const forged = await mintIdentityToken({ sub: 'contact@p1' }, { ...settings, secret: 't'.repeat(40) });
    await expect(resolving(forged)).rejects.toThrow();
    expect(seen).toEqual([]);
  });
});
