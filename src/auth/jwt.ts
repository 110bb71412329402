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
  partnerAdmin: z.boolean().optional(),
});

/** What the provider says of a person DataPact gives no role itself: who they are, nothing more. */
const identityClaimsSchema = z.object({ sub: claimsSchema.shape.sub, name: claimsSchema.shape.name });

/**
 * The roles of an identity whose token names none (a partner's contact signed in at the provider): a
 * portal user's partner claims, or `roles: []` (the API then refuses it on every route but accepting
 * an invitation).
 */
export type IdentityResolver = (identity: { sub: string; name?: string }) => Promise<Claims>;

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

export function createTokenVerifier(settings: AuthSettings, resolveIdentity?: IdentityResolver): TokenVerifier {
  const { key, algorithms } = settings.jwksUrl
    ? { key: createRemoteJWKSet(new URL(settings.jwksUrl)) as JWTVerifyGetKey, algorithms: ASYMMETRIC }
    : { key: secretKey(settings.secret), algorithms: ['HS256'] };
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      // `algorithms` pins what is accepted: `alg: none` and any unexpected algorithm are refused.
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
      }));
    } catch (err) {
      throw new InvalidTokenError((err as Error).message);
    }
    const claims = claimsSchema.safeParse(payload);
    if (claims.success) return claims.data;
    // No roles at all (not bad ones): a person the provider knows, whom DataPact may know as a portal user.
    const identity = identityClaimsSchema.safeParse(payload);
    if (resolveIdentity && !('roles' in payload) && identity.success) return await resolveIdentity(identity.data);
    throw new InvalidTokenError('the token does not carry DataPact claims (sub, roles)');
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

/**
 * Signs a token that says who someone is and nothing of their roles, as an OpenID provider does for a
 * partner's contact: the embedded stack's stand-in for the provider (src/dev/identity.ts) and the tests.
 */
export async function mintIdentityToken(
  identity: { sub: string; name?: string },
  settings: Pick<AuthSettings, 'secret' | 'issuer' | 'audience'>,
  expiresIn = '8h',
): Promise<string> {
  return new SignJWT({ ...(identity.name ? { name: identity.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secretKey(settings.secret));
}
