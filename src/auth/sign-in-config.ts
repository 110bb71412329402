import { z } from 'zod';
import { route, type Route } from '../api/route-table';

/** How the console signs people in: demo users (dev mode), a pasted token, or the organisation's OpenID provider. */
export const signInConfigView = z.union([
  z.object({ mode: z.enum(['dev', 'token']) }),
  z.object({
    mode: z.literal('oidc'),
    authorizationEndpoint: z.string(),
    tokenEndpoint: z.string(),
    clientId: z.string(),
    scope: z.string(),
  }),
]);
export type SignInConfig = z.infer<typeof signInConfigView>;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

/** GET /api/auth/config (no token needed). The provider's endpoints come from its discovery document, read once. */
export function signInConfigRoute(options: { devMode: boolean; oidc?: OidcSettings }): Route {
  let discovered: Promise<SignInConfig> | undefined;
  const discover = async (oidc: OidcSettings): Promise<SignInConfig> => {
    const res = await fetch(`${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!res.ok) throw new Error(`the OpenID provider's discovery document answered ${res.status}`);
    const doc = (await res.json()) as { authorization_endpoint?: string; token_endpoint?: string };
    if (!doc.authorization_endpoint || !doc.token_endpoint)
      throw new Error('the discovery document names no endpoints');
    return {
      mode: 'oidc',
      authorizationEndpoint: doc.authorization_endpoint,
      tokenEndpoint: doc.token_endpoint,
      clientId: oidc.clientId,
      scope: oidc.scope,
    };
  };
  return route({
    method: 'get',
    path: '/api/auth/config',
    summary: 'How the console signs people in: dev demo users, a pasted token, or the OpenID provider (code + PKCE)',
    auth: false,
    ok: { status: 200, schema: signInConfigView, description: 'The sign-in mode' },
    errors: {},
    handle: async () => {
      if (options.devMode) return { mode: 'dev' };
      if (!options.oidc) return { mode: 'token' };
      discovered ??= discover(options.oidc).catch((err: unknown) => {
        discovered = undefined; // try again on the next request
        throw err;
      });
      return await discovered;
    },
  });
}
