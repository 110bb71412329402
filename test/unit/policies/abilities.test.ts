import { permittedFieldsOf } from '@casl/ability/extra';
import { subject } from '@casl/ability';
import { defineAbilityFor, INTERNAL_PARTNER_FIELDS, type Claims } from '../../../policies/abilities';
import { ACTIONS, ROLES, SUBJECTS, type Action, type Role, type SubjectName } from '../../../policies/vocabulary';

const claimsOf = (role: Role): Claims => ({
  sub: `${role}.user`,
  roles: [role],
  ...(role === 'partner' ? { partnerId: 'p1' } : { unit: 'unit-a' }),
});

type Ownership = 'own' | 'other';

/** A record of each subject type, belonging to the caller's unit/organisation/self, or to someone else's. */
function recordOf(name: SubjectName, ownership: Ownership, claims: Claims): Record<string, unknown> {
  const own = ownership === 'own';
  const unit = own ? 'unit-a' : 'unit-b';
  const partnerId = own ? 'p1' : 'p2';
  const person = 'someone.else';
  switch (name) {
    case 'DataAsset':
      return { ownerUnit: unit };
    case 'Partner':
      return { _id: partnerId, nominatedBy: person };
    case 'Agreement':
      return {
        requestingUnit: unit,
        requestedBy: own ? claims.sub : person,
        partnerId,
        status: 'draft',
        personalInfo: true,
      };
    case 'ProvisionReport':
      return { partnerId, requestingUnit: unit };
    case 'Finding':
      return { ownerUnit: unit, owner: own ? claims.sub : person };
    case 'Notification':
      return { recipient: own ? claims.sub : person };
    default:
      return {};
  }
}

/**
 * Every permission that is granted, as `action Subject ownership`. Every combination not listed here
 * is denied. 'own' = the caller's unit / organisation / self; 'other' = someone else's.
 * For Agreement, 'own' is also requested by the caller, so approving it is refused (separation of duties).
 */
const ALLOWED: Record<Role, string[]> = {
  requester: [
    'read DataAsset own',
    'read DataAsset other',
    'create DataAsset own',
    'update DataAsset own',
    'export DataAsset own',
    'export DataAsset other',
    'read Partner own',
    'read Partner other',
    'nominate Partner own',
    'nominate Partner other',
    'read Agreement own',
    'create Agreement own',
    'update Agreement own',
    'withdraw Agreement own',
    'amend Agreement own',
    'revoke Agreement own',
    'read ProvisionReport own',
    'read Finding own',
    'update Finding own',
    'read Notification own',
  ],
  unit_head: [
    'read DataAsset own',
    'read DataAsset other',
    'create DataAsset own',
    'update DataAsset own',
    'retire DataAsset own',
    'export DataAsset own',
    'export DataAsset other',
    'import DataAsset own',
    'import DataAsset other',
    'read Partner own',
    'read Partner other',
    'nominate Partner own',
    'nominate Partner other',
    'read Agreement own',
    'create Agreement own',
    'update Agreement own',
    'withdraw Agreement own',
    'amend Agreement own',
    'revoke Agreement own',
    'read ProvisionReport own',
    'read Finding own',
    'update Finding own',
    'read Notification own',
  ],
  security_reviewer: [
    ...['DataAsset', 'Partner', 'Agreement', 'ProvisionReport', 'Inspection', 'Finding', 'Incident'].flatMap((s) => [
      `read ${s} own`,
      `read ${s} other`,
    ]),
    'export DataAsset own',
    'export DataAsset other',
    'approve Partner own',
    'approve Partner other',
    'reject Partner own',
    'reject Partner other',
    'approve Agreement other',
    'reject Agreement other',
    'create Finding own',
    'create Finding other',
    'verify Finding own',
    'verify Finding other',
    'create Incident own',
    'create Incident other',
    'update Incident own',
    'update Incident other',
    'read Notification own',
  ],
  dso: [
    ...[
      'DataAsset',
      'Partner',
      'Agreement',
      'ProvisionReport',
      'Inspection',
      'Finding',
      'Incident',
      'AuditEvent',
    ].flatMap((s) => [`read ${s} own`, `read ${s} other`]),
    'export DataAsset own',
    'export DataAsset other',
    ...['create', 'update', 'retire', 'import'].flatMap((a) => [`${a} DataAsset own`, `${a} DataAsset other`]),
    'approve Partner own',
    'approve Partner other',
    'reject Partner own',
    'reject Partner other',
    'blacklist Partner own',
    'blacklist Partner other',
    'approve Agreement other',
    'reject Agreement other',
    'create Finding own',
    'create Finding other',
    'verify Finding own',
    'verify Finding other',
    'create Incident own',
    'create Incident other',
    'update Incident own',
    'update Incident other',
    'create Inspection own',
    'create Inspection other',
    'revoke Agreement own',
    'revoke Agreement other',
    'waive Agreement other',
    'read Notification own',
  ],
  legal: [
    ...['Partner', 'Agreement', 'ProvisionReport', 'Incident', 'DataAsset'].flatMap((s) => [
      `read ${s} own`,
      `read ${s} other`,
    ]),
    'approve Agreement other',
    'reject Agreement other',
    'read Notification own',
  ],
  auditor: [
    ...SUBJECTS.filter((s) => s !== 'Notification').flatMap((s) => [`read ${s} own`, `read ${s} other`]),
    'read Notification own',
    'read Notification other',
    'export DataAsset own',
    'export DataAsset other',
  ],
  admin: [
    ...['DataAsset', 'Partner', 'Agreement', 'ProvisionReport', 'Inspection', 'Finding', 'Incident'].flatMap((s) => [
      `read ${s} own`,
      `read ${s} other`,
    ]),
    ...['create', 'update', 'retire', 'import', 'export'].flatMap((a) => [
      `${a} DataAsset own`,
      `${a} DataAsset other`,
    ]),
    'read Notification own',
  ],
  partner: [
    'read Partner own',
    'answer Partner own',
    'read Agreement own',
    'answer Agreement own',
    'create ProvisionReport own',
    'read ProvisionReport own',
    'read Notification own',
  ],
  system: [
    ...SUBJECTS.filter((s) => s !== 'Notification').flatMap((s) => [`read ${s} own`, `read ${s} other`]),
    'read Notification own',
    'read Notification other',
    ...['Inspection', 'Finding', 'ProvisionReport'].flatMap((s) => [`create ${s} own`, `create ${s} other`]),
    ...['Inspection', 'Finding', 'Partner'].flatMap((s) => [`update ${s} own`, `update ${s} other`]),
  ],
};

const rows: [Role, Action, SubjectName, Ownership, boolean][] = ROLES.flatMap((role) =>
  ACTIONS.flatMap((action) =>
    SUBJECTS.flatMap((name) =>
      (['own', 'other'] as const).map(
        (ownership) =>
          [role, action, name, ownership, ALLOWED[role].includes(`${action} ${name} ${ownership}`)] as [
            Role,
            Action,
            SubjectName,
            Ownership,
            boolean,
          ],
      ),
    ),
  ),
);

describe('the policy matrix: every role × action × subject × ownership', () => {
  it('lists only grants that exist in the vocabulary', () => {
    const valid = new Set(rows.map(([, a, s, o]) => `${a} ${s} ${o}`));
    for (const role of ROLES)
      for (const grant of ALLOWED[role])
        expect({ role, grant, valid: valid.has(grant) }).toEqual({ role, grant, valid: true });
    expect(rows.length).toBeGreaterThan(150);
  });

  it.each(rows)('%s %s %s (%s) → allowed: %s', (role, action, name, ownership, expected) => {
    const claims = claimsOf(role);
    const ability = defineAbilityFor(claims);
    expect(ability.can(action, subject(name, recordOf(name, ownership, claims)))).toBe(expected);
  });
});

describe('separation of duties', () => {
  it('a unit head cannot approve a request they submitted, and says why', () => {
    const claims = claimsOf('unit_head');
    const ability = defineAbilityFor(claims);
    const request = subject('Agreement', { requestingUnit: 'unit-a', requestedBy: claims.sub });
    expect(ability.can('approve', request)).toBe(false);
    expect(ability.relevantRuleFor('approve', request)?.reason).toBe('nobody approves a request they submitted');
    expect(ability.can('approve', subject('Agreement', { requestingUnit: 'unit-a', requestedBy: 'colleague' }))).toBe(
      true,
    );
  });

  it('a security reviewer cannot review a partner they nominated', () => {
    const claims = claimsOf('security_reviewer');
    const ability = defineAbilityFor(claims);
    expect(ability.can('approve', subject('Partner', { _id: 'p9', nominatedBy: claims.sub }))).toBe(false);
    expect(ability.can('approve', subject('Partner', { _id: 'p9', nominatedBy: 'requester.user' }))).toBe(true);
  });

  it('an admin who is also a DSO still approves nothing', () => {
    const ability = defineAbilityFor({ sub: 'root', roles: ['admin', 'dso'], unit: 'it' });
    expect(ability.can('approve', subject('Partner', { _id: 'p1', nominatedBy: 'x' }))).toBe(false);
    expect(ability.can('blacklist', subject('Partner', { _id: 'p1', nominatedBy: 'x' }))).toBe(false);
    expect(ability.relevantRuleFor('approve', subject('Agreement', {}))?.reason).toBe(
      'an administrator approves nothing',
    );
  });

  it('an auditor given a second role still writes nothing', () => {
    const ability = defineAbilityFor({ sub: 'aud', roles: ['auditor', 'requester'], unit: 'unit-a' });
    expect(ability.can('create', subject('DataAsset', { ownerUnit: 'unit-a' }))).toBe(false);
    expect(ability.can('read', subject('AuditEvent', {}))).toBe(true);
  });
});

describe('field rules', () => {
  it('a partner never sees internal risk notes of its own organisation', () => {
    const ability = defineAbilityFor(claimsOf('partner'));
    const fields = permittedFieldsOf(ability, 'read', subject('Partner', { _id: 'p1' }), {
      fieldsFrom: (rule) => rule.fields ?? ['legalName', 'creditCode', 'status', ...INTERNAL_PARTNER_FIELDS],
    });
    expect(fields).toEqual(expect.arrayContaining(['legalName', 'status']));
    for (const internal of INTERNAL_PARTNER_FIELDS) expect(fields).not.toContain(internal);
  });

  it('a security reviewer sees the risk notes', () => {
    const ability = defineAbilityFor(claimsOf('security_reviewer'));
    expect(ability.can('read', subject('Partner', { _id: 'p1' }), 'riskNotes')).toBe(true);
  });

  it("a business unit never sees another unit's requests", () => {
    const ability = defineAbilityFor(claimsOf('requester'));
    expect(ability.can('read', subject('Agreement', { requestingUnit: 'unit-b', requestedBy: 'x' }))).toBe(false);
  });
});
