import { z } from 'zod';
import { partnerId } from './partner.schema';

/** An invitation's one-time token: 32 bytes of HMAC-SHA256 in base64url. */
export const invitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not an invitation token');

export const inviteBody = z
  .object({
    contactName: z.string().trim().min(1).max(100),
    email: z.email().max(200),
    /** The partner organisation's administrator: lists its portal users and revokes them. */
    admin: z.boolean().default(false),
  })
  .strict();
export type InviteBody = z.infer<typeof inviteBody>;

export const acceptanceBody = z.object({ token: invitationToken }).strict();

/** A portal user's id is the identity provider's `sub`. */
export const portalUserParams = z
  .object({ id: partnerId, sub: z.string().regex(/^[A-Za-z0-9_.@|:+-]{1,200}$/, 'not a user id') })
  .strict();

const localisedText = z.object({ subject: z.string(), body: z.string() });

export const invitationView = z.object({
  id: z.string(),
  partnerId: z.string(),
  contactName: z.string(),
  email: z.string(),
  admin: z.boolean(),
  status: z.enum(['pending', 'accepted']),
  expiresAt: z.string(),
  invitedBy: z.string(),
  /** The one-time token, for the creator to hand on (the store keeps only its hash). */
  token: invitationToken,
  /** The console's acceptance page with the token. */
  acceptUrl: z.string(),
  /** The invitation as the contact reads it, in both languages. */
  message: z.object({ 'zh-CN': localisedText, en: localisedText }),
});
export type InvitationView = z.infer<typeof invitationView>;

export const portalUserView = z.object({
  sub: z.string(),
  partnerId: z.string(),
  name: z.string(),
  email: z.string(),
  admin: z.boolean(),
  status: z.enum(['active', 'revoked']),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type PortalUserView = z.infer<typeof portalUserView>;

export const portalUserList = z.object({ items: z.array(portalUserView) });
