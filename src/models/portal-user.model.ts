import { Schema, model } from 'mongoose';

/**
 * Invitations of a partner's contacts to the portal. The one-time token is never stored: only its
 * SHA-256 (`tokenHash`), and the id of the key it was derived with (the creator's repeat derives the
 * same token again, see src/services/portal-users.ts). The `_id` is derived from the partner, the
 * contact's address and how many invitations that address had before, so that of two concurrent
 * creations the insert decides and both answer with one invitation.
 */
const portalInvitationSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    contactName: { type: String, required: true },
    /** Lower-cased: one address, one line of invitations. */
    email: { type: String, required: true },
    admin: { type: Boolean, required: true, default: false },
    tokenHash: { type: String, required: true },
    tokenKeyId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'accepted'], required: true },
    invitedBy: { type: String, required: true },
    acceptedBy: String,
    acceptedAt: Date,
  },
  { timestamps: true, versionKey: false },
);
portalInvitationSchema.index({ tokenHash: 1 }, { unique: true });
portalInvitationSchema.index({ partnerId: 1, email: 1 });

export const PortalInvitationModel = model('PortalInvitation', portalInvitationSchema, 'portal_invitations');

/**
 * A partner organisation's user of the portal: an identity (the provider's `sub`) bound to one partner.
 * Its `_id` is the `sub` (one identity, one organisation), and `invitationId` is unique (one invitation,
 * one user): both inserts decide races without a transaction.
 */
const portalUserSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, required: true },
    admin: { type: Boolean, required: true, default: false },
    invitationId: { type: String, required: true },
    status: { type: String, enum: ['active', 'revoked'], required: true },
    revokedBy: String,
    revokedAt: Date,
  },
  { timestamps: true, versionKey: false },
);
portalUserSchema.index({ invitationId: 1 }, { unique: true });
portalUserSchema.index({ partnerId: 1 });

export const PortalUserModel = model('PortalUser', portalUserSchema, 'portal_users');
