import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Claims } from '../../policies/abilities';
import { ROLES } from '../../policies/vocabulary';

/** The claims DataPact reads from a bearer token (OIDC-style). */
export const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  roles: z.array(z.enum(ROLES)).min(1),
  unit: z.string().min(1).max(100).optional(),
  partnerId: z.string().min(1).max(100).optional(),
});

export interface AuthSettings {
  /** HS256 shared secret (at least 32 characters), or … */
  secret?: string;
  /** … the JWKS URL of the organisation's OpenID provider (RS256 / ES256 / EdDSA). */
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

export type TokenVerifier = (token: string) => Promise<Claims>;

export class InvalidTokenError extends Error {}

const ASYMMETRIC = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  const { key, algorithms } = settings.jwksUrl
    ? { key: createRemoteJWKSet(new URL(settings.jwksUrl)) as JWTVerifyGetKey, algorithms: ASYMMETRIC }
    : { key: secretKey(settings.secret), algorithms: ['HS256'] };
  return async (token) => {
    try {
      // `algorithms` pins what is accepted: `alg: none` and any unexpected algorithm are refused.
      const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new InvalidTokenError('the token does not carry DataPact claims (sub, roles)');
      return claims.data;
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      throw new InvalidTokenError((err as Error).message);
    }
  };
}

function secretKey(secret: string | undefined): Uint8Array {
  if (!secret) throw new Error('set AUTH_JWT_SECRET or AUTH_JWKS_URL: the API verifies every bearer token');
  if (secret.length < 32) throw new Error('AUTH_JWT_SECRET must have at least 32 characters');
  return new TextEncoder().encode(secret);
}

/** Signs a token with the shared secret: the dev stack's demo users and the tests use it. */
export async function mintToken(
  claims: Claims,
  settings: Pick<AuthSettings, 'secret' | 'issuer' | 'audience'>,
  expiresIn = '8h',
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secretKey(settings.secret));
}
