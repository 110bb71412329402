import type { Request } from 'express';
import { partnerIdParams } from '../schemas/partner.schema';
import {
  acceptanceBody,
  invitationView,
  inviteBody,
  portalUserList,
  portalUserParams,
  portalUserView,
} from '../schemas/portal-user.schema';
import type { PortalUserService } from '../services/portal-users';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

/** Where the console the caller uses is served: the acceptance link points there. */
const originOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** Partner organisations' portal users: invitations, their acceptance, the organisation's users. */
export function portalUserRoutes(portal: PortalUserService): Route[] {
  return [
    route({
      method: 'post',
      path: '/api/partners/{id}/portal-invitations',
      summary:
        "Invite a partner's contact to the portal (a security reviewer or the DSO): a one-time link valid 14 days, " +
        'with the invitation in zh-CN and en; inviting the same address again while it is pending answers with it',
      params: partnerIdParams,
      body: inviteBody,
      ok: {
        status: 201,
        schema: invitationView,
        description: 'The invitation, with its token (the store keeps only its hash)',
      },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such partner', 409: 'The partner is blacklisted' },
      handle: ({ caller, params, body }, req) => portal.invite(caller, params.id, body, originOf(req)),
    }),
    route({
      method: 'post',
      path: '/api/portal-invitations/acceptance',
      summary:
        "Accept an invitation with the identity signed in at the provider (or the dev sign-in): it becomes a user of the partner's portal",
      auth: 'identity',
      body: acceptanceBody,
      ok: {
        status: 200,
        schema: portalUserView,
        description: 'The portal user (the same on a repeat by the same identity)',
      },
      errors: {
        ...COMMON_ERRORS,
        ...BODY_ERRORS,
        403: "The company's own users do not accept invitations (invitation.internal_identity)",
        404: 'No invitation has this token (invitation.not_found)',
        409: 'The invitation was used or has expired, or the identity belongs to another partner',
      },
      handle: ({ caller, body }) => portal.accept(caller, body.token),
    }),
    route({
      method: 'get',
      path: '/api/partners/{id}/portal-users',
      summary: "The partner's portal users: for its own administrator and the company's readers",
      params: partnerIdParams,
      ok: { status: 200, schema: portalUserList, description: 'Its users, active and revoked' },
      errors: { ...COMMON_ERRORS, 400: 'Not a partner id' },
      handle: ({ caller, params }) => portal.list(caller, params.id),
    }),
    route({
      method: 'post',
      path: '/api/partners/{id}/portal-users/{sub}/revocation',
      summary:
        "End a portal user's access at once (the organisation's administrator, a security reviewer or the DSO; nobody their own)",
      params: portalUserParams,
      ok: { status: 200, schema: portalUserView, description: 'Revoked (again: no change)' },
      errors: { ...COMMON_ERRORS, 400: 'Not a partner or user id', 404: 'No such portal user of this partner' },
      handle: ({ caller, params }) => portal.revoke(caller, params.id, params.sub),
    }),
  ];
}
