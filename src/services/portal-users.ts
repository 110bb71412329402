/**
 * Partner organisations' users of the portal (issue 16): the company invites a partner's contact, the
 * contact signs in at the identity provider (or the embedded stack's dev sign-in) and accepts, and from
 * then on that identity is a user of that partner (`roles: ['partner'], partnerId`) for as long as it is
 * not revoked. The organisation's administrator lists its users and revokes one.
 *
 * The invitation's one-time token is derived, never stored: HMAC-SHA256 of the invitation's id under a
 * key derived from the payload key (`tokenKeyId` names which), so that the creator's repeat answers with
 * the same token while the store holds only its SHA-256. No transactions: inserts under unique keys
 * decide every race (the invitation's derived `_id`; the user's `_id` = `sub`; one user per invitation).
 */
import { createHash, createHmac } from 'node:crypto';
import { ForbiddenError, subject } from '@casl/ability';
import type { Caller, Claims } from '../../policies/abilities';
import { INTERNAL_ROLES } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { invitationTexts } from '../../policies/texts/portal-invitation';
import { createNotifyActivities } from '../../activities/notify';
import { appendAuditEvent } from '../audit/audit-log';
import { PartnerModel } from '../entities/partner';
import { isDuplicateKey } from '../models/duplicate-key';
import { NotificationModel } from '../models/notification.model';
import { PortalInvitationModel, PortalUserModel } from '../models/portal-user.model';
import type { InvitationView, InviteBody, PortalUserView } from '../schemas/portal-user.schema';
import type { PayloadKeyring } from '../temporal/codec';

/** How long an invitation may be accepted. */
export const INVITATION_VALID_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;
/** Keeps the token's key apart from every other use of the payload key. */
const TOKEN_KEY_CONTEXT = 'datapact portal invitation token v1';
/** The console's acceptance page; the token follows. */
export const ACCEPT_PATH = '/#/portal/invitation/';

interface InvitationRecord {
  _id: string;
  partnerId: string;
  contactName: string;
  email: string;
  admin: boolean;
  tokenHash: string;
  tokenKeyId: string;
  expiresAt: Date;
  status: 'pending' | 'accepted';
  invitedBy: string;
  acceptedBy?: string;
}

interface PortalUserRecord {
  _id: string;
  partnerId: string;
  name: string;
  email: string;
  admin: boolean;
  invitationId: string;
  status: 'active' | 'revoked';
  createdAt: Date;
  revokedAt?: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The day an instant falls on in Asia/Shanghai (UTC+8, no daylight saving), as people there read it. */
const shanghaiDay = (at: Date) => new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);

const userViewOf = (u: PortalUserRecord): PortalUserView => ({
  sub: u._id,
  partnerId: u.partnerId,
  name: u.name,
  email: u.email,
  admin: u.admin,
  status: u.status,
  createdAt: new Date(u.createdAt).toISOString(),
  ...(u.revokedAt ? { revokedAt: new Date(u.revokedAt).toISOString() } : {}),
});

/** The claims a portal user's sign-in gets: its organisation's, never an internal role. */
export const portalClaimsOf = (u: Pick<PortalUserRecord, '_id' | 'partnerId' | 'admin'>, name: string): Claims => ({
  sub: u._id,
  name,
  roles: ['partner'],
  partnerId: u.partnerId,
  ...(u.admin ? { partnerAdmin: true } : {}),
});

export function createPortalUserService(deps: { keyring: PayloadKeyring; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const notify = createNotifyActivities({ notifications: NotificationModel }).notify;

  function tokenOf(invitationId: string, keyId: string): string {
    const key = deps.keyring.keys.get(keyId);
    if (!key) throw new Error(`the key ${keyId} of an invitation is no longer configured`);
    const tokenKey = createHmac('sha256', key).update(TOKEN_KEY_CONTEXT).digest();
    return createHmac('sha256', tokenKey).update(invitationId).digest('base64url');
  }

  async function partnerOf(partnerId: string) {
    const partner = await PartnerModel.findById(partnerId, { legalName: 1, status: 1 }).lean<{
      legalName: string;
      status: string;
    }>();
    if (!partner) throw new DomainError('partner.not_found', `no partner ${partnerId}`, { partnerId });
    return partner;
  }

  /**
   * Invites a partner's contact (a security reviewer or the DSO). While the contact's invitation is
   * pending and not expired, inviting again answers with it (same token); after that, a new one.
   */
  async function invite(caller: Caller, partnerId: string, body: InviteBody, origin: string): Promise<InvitationView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('create', subject('PortalUser', { partnerId }));
    const partner = await partnerOf(partnerId);
    if (partner.status === 'blacklisted')
      throw new DomainError('partner.blacklisted', `partner ${partnerId} is blacklisted`, { partnerId });
    const email = body.email.toLowerCase();
    const at = now();
    const earlier = await PortalInvitationModel.find({ partnerId, email }).lean<InvitationRecord[]>();
    let invitation = earlier.find((i) => i.status === 'pending' && i.expiresAt.getTime() > at.getTime());
    if (!invitation) {
      const id = `inv-${sha256(`${partnerId}\n${email}\n${earlier.length}`).slice(0, 32)}`;
      const keyId = deps.keyring.currentKeyId;
      const record: InvitationRecord = {
        _id: id,
        partnerId,
        contactName: body.contactName,
        email,
        admin: body.admin,
        tokenHash: sha256(tokenOf(id, keyId)),
        tokenKeyId: keyId,
        expiresAt: new Date(at.getTime() + INVITATION_VALID_DAYS * DAY_MS),
        status: 'pending',
        invitedBy: caller.claims.sub,
      };
      try {
        await PortalInvitationModel.create(record);
        invitation = record;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // A concurrent invitation of the same contact inserted first: answer with it.
        invitation = (await PortalInvitationModel.findById(id).lean<InvitationRecord>())!;
      }
    }
    // Repeated with the invitation (keyed: once each), so that a create that died midway is completed.
    await appendAuditEvent({
      eventKey: `portal-invitation:${invitation._id}`,
      actor: caller.claims,
      action: 'portal_user.invited',
      subject: { type: 'Partner', id: partnerId },
      after: {
        invitationId: invitation._id,
        contactName: invitation.contactName,
        email: invitation.email,
        admin: invitation.admin,
        expiresAt: invitation.expiresAt.toISOString(),
      },
    });
    await notify({
      key: `portal-invitation:${invitation._id}:sent`,
      recipient: `partner:${partnerId}`,
      template: 'portal.invited',
      params: {
        partnerId,
        legalName: partner.legalName,
        contactName: invitation.contactName,
        expiresAt: shanghaiDay(invitation.expiresAt),
      },
      subject: { type: 'Partner', id: partnerId },
    });
    const token = tokenOf(invitation._id, invitation.tokenKeyId);
    const acceptUrl = `${origin}${ACCEPT_PATH}${token}`;
    return {
      id: invitation._id,
      partnerId,
      contactName: invitation.contactName,
      email: invitation.email,
      admin: invitation.admin,
      status: invitation.status,
      expiresAt: invitation.expiresAt.toISOString(),
      invitedBy: invitation.invitedBy,
      token,
      acceptUrl,
      message: invitationTexts({
        contactName: invitation.contactName,
        partnerName: partner.legalName,
        acceptUrl,
        expiresOn: shanghaiDay(invitation.expiresAt),
      }),
    };
  }

  /**
   * The signed-in identity accepts an invitation and becomes a user of its partner. Once only: a used,
   * or expired invitation is refused; the same identity accepting again gets the same user.
   */
  async function accept(caller: Caller, token: string): Promise<PortalUserView> {
    const { claims } = caller;
    if (claims.roles.some((r) => (INTERNAL_ROLES as readonly string[]).includes(r)))
      throw new DomainError('invitation.internal_identity', "the company's own users do not accept portal invitations");
    const invitation = await PortalInvitationModel.findOne({ tokenHash: sha256(token) }).lean<InvitationRecord>();
    if (!invitation) throw new DomainError('invitation.not_found', 'no invitation has this token');
    const id = invitation._id;
    const mine = await PortalUserModel.findById(claims.sub).lean<PortalUserRecord>();
    if (mine?.invitationId === id && mine.status === 'active') return await joined(invitation, mine);
    if (invitation.status === 'accepted' || invitation.acceptedBy)
      throw new DomainError('invitation.used', 'the invitation has been used', { invitationId: id });
    if (invitation.expiresAt.getTime() <= now().getTime())
      throw new DomainError('invitation.expired', 'the invitation has expired', {
        invitationId: id,
        expiresAt: invitation.expiresAt.toISOString(),
      });
    if (mine && mine.partnerId !== invitation.partnerId)
      throw new DomainError('portal_user.other_partner', 'this identity is a portal user of another partner');
    const user: PortalUserRecord = {
      _id: claims.sub,
      partnerId: invitation.partnerId,
      name: claims.name ?? invitation.contactName,
      email: invitation.email,
      admin: invitation.admin,
      invitationId: id,
      status: 'active',
      createdAt: now(),
    };
    if (mine) {
      // Invited again after a revocation: the same identity comes back on the new invitation.
      await PortalUserModel.updateOne(
        { _id: claims.sub },
        { $set: { ...user, createdAt: mine.createdAt }, $unset: { revokedAt: 1, revokedBy: 1 } },
      );
    } else {
      try {
        await PortalUserModel.create(user);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const current = await PortalUserModel.findById(claims.sub).lean<PortalUserRecord>();
        // Another identity took this invitation first, or this identity was made a user meanwhile.
        if (current?.invitationId !== id) throw new DomainError('invitation.used', 'the invitation has been used');
      }
    }
    return await joined(invitation, (await PortalUserModel.findById(claims.sub).lean<PortalUserRecord>())!);
  }

  /** Marks the invitation used and says so (audit, the inviter's notification): each once, repeatable. */
  async function joined(invitation: InvitationRecord, user: PortalUserRecord): Promise<PortalUserView> {
    await PortalInvitationModel.updateOne(
      { _id: invitation._id, status: 'pending' },
      { $set: { status: 'accepted', acceptedBy: user._id, acceptedAt: now() } },
    );
    const partner = await PartnerModel.findById(invitation.partnerId, { legalName: 1 }).lean<{ legalName: string }>();
    await appendAuditEvent({
      eventKey: `portal-invitation:${invitation._id}:accepted`,
      actor: portalClaimsOf(user, user.name),
      action: 'portal_user.joined',
      subject: { type: 'Partner', id: invitation.partnerId },
      after: { sub: user._id, invitationId: invitation._id, admin: user.admin },
    });
    await notify({
      key: `portal-invitation:${invitation._id}:joined`,
      recipient: invitation.invitedBy,
      template: 'portal.joined',
      params: {
        partnerId: invitation.partnerId,
        legalName: partner?.legalName ?? invitation.partnerId,
        contactName: user.name,
      },
      subject: { type: 'Partner', id: invitation.partnerId },
    });
    return userViewOf(user);
  }

  /** The partner's portal users, for its administrator and the company's readers. */
  async function list(caller: Caller, partnerId: string): Promise<{ items: PortalUserView[] }> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', subject('PortalUser', { partnerId }));
    const users = await PortalUserModel.find({ partnerId }).lean<PortalUserRecord[]>();
    users.sort((a, b) => (a._id < b._id ? -1 : 1));
    return { items: users.map(userViewOf) };
  }

  /** Ends a portal user's access at once (its next request is refused); revoking again changes nothing. */
  async function revoke(caller: Caller, partnerId: string, sub: string): Promise<PortalUserView> {
    const user = await PortalUserModel.findOne({ _id: sub, partnerId }).lean<PortalUserRecord>();
    if (!user || !caller.ability.can('read', subject('PortalUser', { ...user })))
      throw new DomainError('portal_user.not_found', `no portal user ${sub} of partner ${partnerId}`);
    ForbiddenError.from(caller.ability).throwUnlessCan('revoke', subject('PortalUser', { ...user }));
    if (user.status === 'active') {
      const revokedAt = now();
      await PortalUserModel.updateOne(
        { _id: sub, status: 'active' },
        { $set: { status: 'revoked', revokedBy: caller.claims.sub, revokedAt } },
      );
      await appendAuditEvent({
        eventKey: `portal-user:${sub}:${user.invitationId}:revoked`,
        actor: caller.claims,
        action: 'portal_user.revoked',
        subject: { type: 'Partner', id: partnerId },
        before: { sub, status: 'active' },
        after: { sub, status: 'revoked' },
      });
    }
    return userViewOf((await PortalUserModel.findById(sub).lean<PortalUserRecord>())!);
  }

  /** The claims of a token that names no roles: a portal user's, or none (it may only accept an invitation). */
  async function resolveIdentity(identity: { sub: string; name?: string }): Promise<Claims> {
    const user = await PortalUserModel.findById(identity.sub).lean<PortalUserRecord>();
    if (user?.status === 'active') return portalClaimsOf(user, identity.name ?? user.name);
    return { sub: identity.sub, ...(identity.name ? { name: identity.name } : {}), roles: [] };
  }

  return { invite, accept, list, revoke, resolveIdentity };
}

export type PortalUserService = ReturnType<typeof createPortalUserService>;
