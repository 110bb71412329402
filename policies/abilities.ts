/**
 * Who may do what (S7, S8): CASL abilities built from the caller's claims. The same abilities guard
 * the API (and scope its list queries) and the workflows' update validators. Pure and bundle-safe.
 */
import {
  AbilityBuilder,
  createMongoAbility,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
} from '@casl/ability';
import { EDITABLE_AGREEMENT_STATUSES, ROLES, SUBJECTS, type Action, type Role, type SubjectName } from './vocabulary';

export interface Claims {
  sub: string;
  name?: string;
  roles: readonly Role[];
  /** The business unit (业务部门) of an internal user. */
  unit?: string;
  /** The partner organisation of an external user. */
  partnerId?: string;
  /** A partner organisation's user who manages the organisation's portal users. */
  partnerAdmin?: boolean;
}

/** Who is calling: their verified claims and the ability built from them (what every use case takes). */
export interface Caller {
  claims: Claims;
  ability: AppAbility;
}

export type AppAbility = MongoAbility<
  [Action | 'manage', SubjectName | 'all' | ForcedSubject<SubjectName>],
  MongoQuery
>;
type Builder = AbilityBuilder<AppAbility>;

/** Conditions on a subject's fields. Subjects are named by string, so CASL cannot type their fields: one cast, here. */
const where = (conditions: Record<string, unknown>): never => conditions as never;

/** Fields of a partner only the company's own readers see: never shown to the partner's own users. */
export const INTERNAL_PARTNER_FIELDS = [
  'riskReasons',
  'riskScore',
  'riskTier',
  'riskRulesVersion',
  'clearance',
  'checks',
  'approvals',
  'escalations',
  'nominatedBy',
  'nominatingUnit',
] as const;

/** Fields of an agreement only the company's own readers see: how it was decided, and by whom. */
export const INTERNAL_AGREEMENT_FIELDS = [
  'requestedBy',
  'route',
  'review',
  'decisions',
  'records',
  'provision',
  'amendment',
] as const;

/**
 * Fields of an incident only the company's own readers see: its statutory reports, its grading's workings
 * and the investigation (findings, root cause, responsibility).
 */
export const INTERNAL_INCIDENT_FIELDS = ['deadlines', 'withdrawnDeadlines', 'gradings', 'investigation'] as const;

/** Who of the company decided, blacklisted or asked: nested fields of a partner, never shown to the partner. */
export const PARTNER_REVIEWER_FIELDS = ['decision.by', 'blacklisting.by', 'informationRequests.askedBy'] as const;

/** The roles of the company's own people: a partner organisation's user never holds one. */
export const INTERNAL_ROLES = ROLES.filter((r) => r !== 'partner');

/** A user of a partner organisation: the `partner` role or a `partnerId` claim makes one. */
export const isPartnerIdentity = (claims: Claims): boolean =>
  claims.roles.includes('partner') || claims.partnerId !== undefined;

/**
 * Why these claims are refused as an identity, or null. A partner organisation's user with an internal
 * role as well would be both outside and inside the company: the API refuses such a token (403
 * `auth.mixed_identity`), and should one reach a policy anyway, the partner scope wins (see
 * `defineAbilityFor`).
 */
export function mixedIdentityOf(claims: Claims): string | null {
  if (!isPartnerIdentity(claims)) return null;
  const internal = claims.roles.filter((r) => r !== 'partner');
  if (internal.length === 0) return null;
  return `a partner organisation's user cannot also hold internal roles (${internal.join(', ')})`;
}

/**
 * The addresses a caller's notifications come to: their own `sub`, each of their roles (`role:dso`),
 * their business unit (`unit:<unit>`: a rectification's reminders) and their partner organisation
 * (`partner:<id>`). A partner organisation's user gets its `sub` and its organisation only, never a
 * role's or a unit's address.
 */
export function recipientsOf(claims: Claims): string[] {
  if (isPartnerIdentity(claims)) {
    return [claims.sub, ...(claims.partnerId ? [`partner:${claims.partnerId}`] : [])];
  }
  return [claims.sub, ...claims.roles.map((r) => `role:${r}`), ...(claims.unit ? [`unit:${claims.unit}`] : [])];
}

const NO_MATCH = '\u0000no-claim';

/** Why separation of duties refuses, as `.because(…)` says it: named once so that policies can map each to its code. */
export const SOD_REASONS = {
  ownRequest: 'nobody approves a request they submitted',
  ownNomination: 'nobody reviews a partner they nominated',
  ownEvidence: 'nobody verifies evidence they submitted',
  admin: 'an administrator approves nothing',
  auditor: 'an auditor reads and changes nothing',
  ownAccess: 'nobody revokes their own portal access',
} as const;

/** Everything of the company's own but the audit trail, other people's notifications and the monthly report. */
const INTERNAL_READERS = SUBJECTS.filter((s) => s !== 'AuditEvent' && s !== 'Notification' && s !== 'MonthlyReport');

/** One entry a role: what it may do, with the conditions that tie it to its unit, partner or self. */
const rolePermissions: Record<Role, (b: Builder, c: Claims) => void> = {
  requester: ({ can }, c) => {
    can('read', 'DataAsset');
    can(['create', 'update'], 'DataAsset', where({ ownerUnit: c.unit }));
    can('export', 'DataAsset');
    can('read', 'Partner');
    can('nominate', 'Partner');
    can('read', 'Agreement', where({ requestingUnit: c.unit }));
    can('create', 'Agreement', where({ requestingUnit: c.unit }));
    can(
      'update',
      'Agreement',
      where({ requestingUnit: c.unit, requestedBy: c.sub, status: { $in: [...EDITABLE_AGREEMENT_STATUSES] } }),
    );
    can(['withdraw', 'amend', 'revoke'], 'Agreement', where({ requestingUnit: c.unit, requestedBy: c.sub }));
    can('read', 'ProvisionReport', where({ requestingUnit: c.unit }));
    // The unit's findings: any of its people submits the evidence of a rectification (the unit owns it, S11).
    can('read', 'Finding', where({ ownerUnit: c.unit }));
    can('update', 'Finding', where({ ownerUnit: c.unit }));
  },
  unit_head: (b, c) => {
    rolePermissions.requester(b, c);
    b.can('retire', 'DataAsset', where({ ownerUnit: c.unit }));
    // A bulk import is allowed as such; each of its rows is checked as a `create` of that row.
    b.can('import', 'DataAsset');
    b.can('approve', 'Agreement', where({ requestingUnit: c.unit }));
    b.can('reject', 'Agreement', where({ requestingUnit: c.unit }));
    // The head of the unit may end any of its unit's agreements early.
    b.can('revoke', 'Agreement', where({ requestingUnit: c.unit }));
  },
  security_reviewer: ({ can }) => {
    can('read', INTERNAL_READERS);
    can('export', 'DataAsset');
    can(['approve', 'reject'], 'Partner');
    can(['approve', 'reject'], 'Agreement');
    can(['create', 'verify'], 'Finding');
    // Report an incident (or a drill), re-grade it, record its reports, investigate it.
    can(['create', 'update'], 'Incident');
    // Inviting a partner's contact to the portal, and ending a portal user's access.
    can(['create', 'revoke'], 'PortalUser');
  },
  dso: (b, c) => {
    rolePermissions.security_reviewer(b, c);
    b.can('blacklist', ['Partner', 'BlacklistEntry']);
    b.can('create', 'Inspection');
    // The inspection rule set: a what-if of a change, and saving it as a new version.
    b.can('update', 'Inspection');
    // Close an incident (resume or revoke-and-blacklist), and explain a report it missed.
    b.can('close', 'Incident');
    b.can('read', 'AuditEvent');
    b.can('read', 'MonthlyReport');
    b.can(['create', 'update', 'retire', 'import'], 'DataAsset');
    // Emergency revoke of any agreement, and the waiver of a missing deletion attestation.
    b.can(['revoke', 'waive'], 'Agreement');
  },
  legal: ({ can }) => {
    can('read', ['Partner', 'Agreement', 'ProvisionReport', 'Incident', 'DataAsset', 'MonthlyReport']);
    can(['approve', 'reject'], 'Agreement', where({ personalInfo: true }));
  },
  auditor: ({ can }) => {
    can('read', 'all');
    can('export', 'DataAsset');
  },
  admin: ({ can }) => {
    can('read', INTERNAL_READERS);
    can('read', 'MonthlyReport');
    can(['create', 'update', 'retire', 'import', 'export'], 'DataAsset');
  },
  partner: ({ can, cannot }, c) => {
    can('read', 'Partner', where({ _id: c.partnerId }));
    cannot('read', 'Partner', [...INTERNAL_PARTNER_FIELDS, ...PARTNER_REVIEWER_FIELDS]).because(
      'internal risk notes and who reviewed are not shown to partners',
    );
    can('answer', 'Partner', where({ _id: c.partnerId }));
    can('read', 'Agreement', where({ partnerId: c.partnerId }));
    cannot('read', 'Agreement', [...INTERNAL_AGREEMENT_FIELDS]).because(
      'how an agreement was decided, and by whom, is not shown to partners',
    );
    // Usage reports and deletion attestations of its own agreements.
    can('answer', 'Agreement', where({ partnerId: c.partnerId }));
    can('create', 'ProvisionReport', where({ partnerId: c.partnerId }));
    can('read', 'ProvisionReport', where({ partnerId: c.partnerId }));
    // The organisation's own administrator lists its portal users and revokes one.
    if (c.partnerAdmin === true) can(['read', 'revoke'], 'PortalUser', where({ partnerId: c.partnerId }));
    // The agreement obliges the partner to report incidents it detects (R20 Art 5), and to see how they stand.
    can('create', 'Incident', where({ partnerId: c.partnerId, drill: false }));
    can('read', 'Incident', where({ partnerId: c.partnerId }));
    cannot('read', 'Incident', [...INTERNAL_INCIDENT_FIELDS]).because(
      'the company’s reports to the authorities and its investigation are not shown to partners',
    );
  },
  system: ({ can }) => {
    can('read', 'all');
    can('create', ['Inspection', 'Finding', 'ProvisionReport']);
    // Not Agreement: `update` of an agreement is its requester's edit and submission of the request.
    can('update', ['Inspection', 'Finding', 'Partner']);
  },
};

/**
 * The caller's ability: every role's permissions, then the separation-of-duties rules over them all.
 * A partner organisation's user gets the partner's permissions only, whatever other roles its token
 * carries (the partner scope wins).
 */
export function defineAbilityFor(given: Claims): AppAbility {
  // A claim that is missing matches nothing (never a record whose field is missing too).
  const claims: Claims = { ...given, unit: given.unit ?? NO_MATCH, partnerId: given.partnerId ?? NO_MATCH };
  const roles: readonly Role[] = isPartnerIdentity(given) ? ['partner'] : given.roles;
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const role of roles) rolePermissions[role]?.(builder, claims);
  const { can, cannot } = builder;
  // Everyone reads the notifications addressed to them, their roles or their organisation.
  const addressedToCaller = where({ recipient: { $in: recipientsOf(given) } });
  can('read', 'Notification', addressedToCaller);

  // Separation of duties (S8): rules, not conventions. `cannot` comes last so it wins.
  cannot(['approve', 'reject', 'waive'], 'Agreement', where({ requestedBy: claims.sub })).because(
    SOD_REASONS.ownRequest,
  );
  cannot(['approve', 'reject'], 'Partner', where({ nominatedBy: claims.sub })).because(SOD_REASONS.ownNomination);
  cannot('verify', 'Finding', where({ evidenceBy: claims.sub })).because(SOD_REASONS.ownEvidence);
  cannot('revoke', 'PortalUser', where({ _id: claims.sub })).because(SOD_REASONS.ownAccess);
  if (roles.includes('admin')) {
    cannot(['approve', 'reject', 'blacklist', 'verify', 'waive', 'close'], 'all').because(SOD_REASONS.admin);
  }
  if (roles.includes('auditor')) {
    cannot(
      [
        'create',
        'update',
        'retire',
        'import',
        'nominate',
        'approve',
        'reject',
        'blacklist',
        'answer',
        'verify',
        'withdraw',
        'amend',
        'revoke',
        'waive',
        'close',
      ],
      'all',
    ).because(SOD_REASONS.auditor);
  }
  // Marking a notification read is its addressee's (the user, a member of the addressed role, a user of
  // the addressed organisation) and no one else's: reading it is not enough (an auditor reads them all).
  // Stated after the auditor's rule on purpose: an auditor marks what is addressed to them, which
  // changes nothing of the company's records.
  can('update', 'Notification', addressedToCaller);
  cannot('update', 'Notification', where({ recipient: { $nin: recipientsOf(given) } })).because(
    'only its addressee marks a notification read',
  );
  return builder.build();
}
