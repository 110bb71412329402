/**
 * The embedded stack's stand-in for the identity provider: it signs a token that says who someone is
 * (`sub`, `name`) and no role, as the organisation's OpenID provider does for a partner's contact. The
 * contact then accepts an invitation with it (POST /api/portal-invitations/acceptance) and is a portal
 * user from then on, with no hand-made token. Dev mode only, like /api/dev/tokens.
 */
import { z } from 'zod';
import { route, type Route } from '../api/route-table';
import { mintIdentityToken } from '../auth/jwt';
import { PortalUserModel } from '../models/portal-user.model';
import type { PortalIdentity } from './demo-users';

const identityBody = z
  .object({
    sub: z.string().regex(/^[A-Za-z0-9_.@|:+-]{1,200}$/, 'a login: letters, digits, _ . @ | : + -'),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** POST /api/dev/identity-tokens: a role-less token for a login of the caller's choosing. */
export function devIdentityRoute(settings: { secret: string; issuer: string; audience: string }): Route {
  return route({
    method: 'post',
    path: '/api/dev/identity-tokens',
    summary:
      "Dev stack only: sign in as a partner's contact would at the identity provider (a token with sub and name, no role)",
    auth: false,
    body: identityBody,
    ok: { status: 201, schema: z.object({ token: z.string() }), description: 'The identity token' },
    errors: { 400: 'Not a login' },
    handle: async ({ body }) => ({ token: await mintIdentityToken(body, settings) }),
  });
}

/** The portal users who may sign in (active): the dev sign-in lists them beside the demo users. */
export async function activePortalIdentities(): Promise<PortalIdentity[]> {
  const active = await PortalUserModel.find({ status: 'active' }).lean<
    { _id: string; name: string; partnerId: string }[]
  >();
  return active.map((u) => ({ sub: u._id, name: u.name, partnerId: u.partnerId }));
}
