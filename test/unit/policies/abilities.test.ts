import { permittedFieldsOf } from '@casl/ability/extra';
import { subject } from '@casl/ability';
import {
  defineAbilityFor,
  INTERNAL_PARTNER_FIELDS,
  INTERNAL_ROLES,
  mixedIdentityOf,
  recipientsOf,
  type Claims,
} from '../../../policies/abilities';
import { reviewRefusalFor } from '../../../policies/partner-review';
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
    case 'PortalUser':
      return { _id: 'portal.user', partnerId };
    case 'Incident':
      // A partner's user reports (and reads) its own organisation's incidents.
      return { partnerId, drill: false };
    default:
      return {};
  }
}

/**
 * The expected policy, written out as data, one grid per role: a row per subject, a column per action,
 * and in each cell who the caller may do it to:
 *   B  both: records of its own unit / organisation / self and everyone else's
 *   O  its own only      X  others' only (e.g. approving: its own request is refused)      -  nobody's
 * "Own" is the caller's unit (DataAsset, Agreement, ProvisionReport, Finding), its organisation
 * (Partner, Agreement, ProvisionReport and Incident for a partner user), itself (a Notification addressed
 * to it, an Agreement it requested, a Finding it owns). Inspection, AuditEvent, BlacklistEntry and MonthlyReport have no
 * owner: their O and X are the same record. Reviewed against ARCHITECTURE.md "Users" and "Who may do what" and the
 * README's role table; where a cell is questionable, the report of the change that wrote it says so.
 */
const HEADER =
  'read create update retire nominate approve reject blacklist answer verify export import withdraw amend revoke waive close';

const EXPECTED: Record<Role, string> = {
  // Business units: their own inventory and requests, every partner (they nominate), their own findings.
  requester: `
    DataAsset        B    O      O      -      -        -       -      -         -      -      B      -      -        -     -      -      -
    Partner          B    -      -      -      B        -       -      -         -      -      -      -      -        -     -      -      -
    Agreement        O    O      O      -      -        -       -      -         -      -      -      -      O        O     O      -      -
    ProvisionReport  O    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // A requester who also retires and imports its unit's assets and approves its unit's requests (not its
  // own: the 'own' agreement here is one it requested; its unit's other requests are tested below).
  unit_head: `
    DataAsset        B    O      O      O      -        -       -      -         -      -      B      B      -        -     -      -      -
    Partner          B    -      -      -      B        -       -      -         -      -      -      -      -        -     -      -      -
    Agreement        O    O      O      -      -        -       -      -         -      -      -      -      O        O     O      -      -
    ProvisionReport  O    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // Vets partners and approves sharing; reads the company's records but not the audit trail.
  security_reviewer: `
    DataAsset        B    -      -      -      -        -       -      -         -      -      B      -      -        -     -      -      -
    Partner          B    -      -      -      -        B       B      -         -      -      -      -      -        -     -      -      -
    Agreement        B    -      -      -      -        X       X      -         -      -      -      -      -        -     -      -      -
    ProvisionReport  B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          B    B      -      -      -        -       -      -         -      B      -      -      -        -     -      -      -
    Incident         B    B      B      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       B    B      -      -      -        -       -      -         -      -      -      -      -        -     B      -      -
    BlacklistEntry   B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // A security reviewer who also blacklists, runs inspections and sets their rules (update: what-if and save), keeps the inventory and reads the audit trail.
  dso: `
    DataAsset        B    B      B      B      -        -       -      -         -      -      B      B      -        -     -      -      -
    Partner          B    -      -      -      -        B       B      B         -      -      -      -      -        -     -      -      -
    Agreement        B    -      -      -      -        X       X      -         -      -      -      -      -        -     B      X      -
    ProvisionReport  B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       B    B      B      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          B    B      -      -      -        -       -      -         -      B      -      -      -        -     -      -      -
    Incident         B    B      B      -      -        -       -      -         -      -      -      -      -        -     -      -      B
    AuditEvent       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       B    B      -      -      -        -       -      -         -      -      -      -      -        -     B      -      -
    BlacklistEntry   B    -      -      -      -        -       -      B         -      -      -      -      -        -     -      -      -
    MonthlyReport    B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // Approves sharing that involves personal information (every agreement here does, not its own).
  legal: `
    DataAsset        B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Partner          B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Agreement        B    -      -      -      -        X       X      -         -      -      -      -      -        -     -      -      -
    ProvisionReport  B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // Reads everything, changes nothing; marks read only what is addressed to it.
  auditor: `
    DataAsset        B    -      -      -      -        -       -      -         -      -      B      -      -        -     -      -      -
    Partner          B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Agreement        B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    ProvisionReport  B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     B    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // Keeps the inventory, reads the company's records (not the audit trail), approves nothing.
  admin: `
    DataAsset        B    B      B      B      -        -       -      -         -      -      B      B      -        -     -      -      -
    Partner          B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Agreement        B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    ProvisionReport  B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // Its own organisation only: answers its vetting, reads its agreements, reports on them (usage, deletion),
  // reports its own incidents and reads them (R20 Art 5).
  partner: `
    DataAsset        -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Partner          O    -      -      -      -        -       -      -         O      -      -      -      -        -     -      -      -
    Agreement        O    -      -      -      -        -       -      -         O      -      -      -      -        -     -      -      -
    ProvisionReport  O    O      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         O    O      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     O    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    -    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
  // The schedule and the workflows: reads all, runs inspections, moves partners (agreements through their
  // workflows' signals: `update Agreement` is only the requester's edit and submission).
  system: `
    DataAsset        B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Partner          B    -      B      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Agreement        B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    ProvisionReport  B    B      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Inspection       B    B      B      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Finding          B    B      B      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Incident         B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    AuditEvent       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    Notification     B    -      O      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    PortalUser       B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    BlacklistEntry   B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -
    MonthlyReport    B    -      -      -      -        -       -      -         -      -      -      -      -        -     -      -      -`,
};

type Cell = 'B' | 'O' | 'X' | '-';
const ALLOWS: Record<Cell, Record<Ownership, boolean>> = {
  B: { own: true, other: true },
  O: { own: true, other: false },
  X: { own: false, other: true },
  '-': { own: false, other: false },
};

/** The grid of one role as `subject → action → cell`; throws on a malformed grid. */
function gridOf(role: Role): Map<SubjectName, Map<Action, Cell>> {
  const lines = EXPECTED[role]
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const grid = new Map<SubjectName, Map<Action, Cell>>();
  for (const [name, ...cells] of lines) {
    if (!(SUBJECTS as readonly string[]).includes(name!)) throw new Error(`${role}: unknown subject ${name}`);
    if (cells.length !== ACTIONS.length) throw new Error(`${role} ${name}: ${cells.length} cells`);
    grid.set(name as SubjectName, new Map(ACTIONS.map((a, i) => [a, cells[i] as Cell])));
  }
  return grid;
}

type Row = [Role, Action, SubjectName, Ownership, boolean];
const rowsOf = (role: Role): Row[] => {
  const grid = gridOf(role);
  return ACTIONS.flatMap((action) =>
    SUBJECTS.flatMap((name) =>
      (['own', 'other'] as const).map((o): Row => [role, action, name, o, ALLOWS[grid.get(name)!.get(action)!][o]]),
    ),
  );
};
const rows: Row[] = ROLES.flatMap(rowsOf);

describe('the policy matrix: every role × action × subject × ownership against the expected table', () => {
  it('has one grid per role, a row per subject, a column per action, every cell B, O, X or -', () => {
    expect(HEADER.split(' ')).toEqual([...ACTIONS]);
    for (const role of ROLES) {
      const grid = gridOf(role);
      expect({ role, subjects: [...grid.keys()] }).toEqual({ role, subjects: [...SUBJECTS] });
      for (const cells of grid.values()) for (const cell of cells.values()) expect(Object.keys(ALLOWS)).toContain(cell);
    }
    expect(rows).toHaveLength(ROLES.length * ACTIONS.length * SUBJECTS.length * 2);
  });

  it.each(rows)('%s %s %s (%s) → allowed: %s', (role, action, name, ownership, expected) => {
    const claims = claimsOf(role);
    const ability = defineAbilityFor(claims);
    expect(ability.can(action, subject(name, recordOf(name, ownership, claims)))).toBe(expected);
  });
});

describe('a partner identity that also carries an internal role', () => {
  const mixed = (role: Role): Claims => ({
    sub: 'mixed.user',
    roles: ['partner', role],
    partnerId: 'p1',
    unit: 'unit-a',
  });

  it.each(INTERNAL_ROLES)('with %s, is refused as an identity, saying why', (role) => {
    expect(mixedIdentityOf(mixed(role))).toBe(
      `a partner organisation's user cannot also hold internal roles (${role})`,
    );
  });

  it.each(INTERNAL_ROLES)('with %s, may do exactly what a partner user may, and nothing more', (role) => {
    const claims = mixed(role);
    const ability = defineAbilityFor(claims);
    const asPartner = rowsOf('partner');
    const got = asPartner.map(([, action, name, ownership]) =>
      ability.can(action, subject(name, recordOf(name, ownership, claims))),
    );
    expect(got).toEqual(asPartner.map(([, , , , allowed]) => allowed));
    // What it reported, and the other organisations it was after:
    expect(ability.can('read', subject('Partner', { _id: 'p2', nominatedBy: 'x' }))).toBe(false);
    expect(ability.can('read', subject('Partner', { _id: 'p1' }), 'riskTier')).toBe(false);
  });

  it.each(INTERNAL_ROLES)('with %s, gets no notification addressed to a role', (role) => {
    expect(recipientsOf(mixed(role))).toEqual(['mixed.user', 'partner:p1']);
  });

  it('a partnerId on an internal token makes it a partner identity too', () => {
    const claims: Claims = { sub: 'x', roles: ['security_reviewer'], partnerId: 'p1', unit: 'security' };
    expect(mixedIdentityOf(claims)).toBe(
      "a partner organisation's user cannot also hold internal roles (security_reviewer)",
    );
    expect(defineAbilityFor(claims).can('read', subject('Partner', { _id: 'p2' }))).toBe(false);
  });

  it('a plain partner user and a plain internal user are not refused', () => {
    expect(mixedIdentityOf(claimsOf('partner'))).toBeNull();
    for (const role of INTERNAL_ROLES) expect(mixedIdentityOf({ sub: 'x', roles: [role, 'auditor'] })).toBeNull();
    expect(INTERNAL_ROLES).toEqual(ROLES.filter((r) => r !== 'partner'));
  });

  it("is refused inside the partner's workflow too (its update validators build the same ability)", () => {
    const state = {
      id: 'p2',
      status: 'vetting' as const,
      stage: 'review' as const,
      nominatedBy: 'x',
      approvals: [],
    };
    expect(
      reviewRefusalFor(state, {
        outcome: 'approve',
        actor: { sub: 'mixed.user', roles: ['partner', 'dso'], partnerId: 'p1' },
      }),
    ).toMatchObject({ code: 'auth.forbidden' });
  });
});

describe('notifications', () => {
  const note = (recipient: string) => subject('Notification', { recipient });

  it('its addressee marks it read: the user, a member of the addressed role, a user of the addressed organisation', () => {
    expect(defineAbilityFor(claimsOf('requester')).can('update', note('requester.user'))).toBe(true);
    expect(defineAbilityFor(claimsOf('dso')).can('update', note('role:dso'))).toBe(true);
    expect(defineAbilityFor(claimsOf('partner')).can('update', note('partner:p1'))).toBe(true);
  });

  it('no one else does, even who may read it (an auditor, the system), and the refusal says why', () => {
    for (const role of ['auditor', 'system'] as const) {
      const ability = defineAbilityFor(claimsOf(role));
      expect(ability.can('read', note('partner:p1'))).toBe(true);
      expect(ability.can('update', note('partner:p1'))).toBe(false);
      expect(ability.relevantRuleFor('update', note('partner:p1'))?.reason).toBe(
        'only its addressee marks a notification read',
      );
    }
    expect(defineAbilityFor(claimsOf('partner')).can('update', note('partner:p2'))).toBe(false);
    expect(defineAbilityFor(claimsOf('requester')).can('update', note('role:dso'))).toBe(false);
  });

  it('an auditor marks read what is addressed to it, and still changes nothing else', () => {
    const ability = defineAbilityFor(claimsOf('auditor'));
    expect(ability.can('update', note('role:auditor'))).toBe(true);
    expect(ability.can('update', subject('Finding', { ownerUnit: 'unit-a' }))).toBe(false);
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
    expect(ability.can('approve', subject('Agreement', { requestingUnit: 'unit-b', requestedBy: 'colleague' }))).toBe(
      false,
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

describe("a partner organisation's administrator (partnerAdmin)", () => {
  const admin: Claims = { sub: 'org.admin', roles: ['partner'], partnerId: 'p1', partnerAdmin: true };
  const ability = defineAbilityFor(admin);
  const user = (id: string, partnerId: string) => subject('PortalUser', { _id: id, partnerId });

  it("lists and revokes its own organisation's portal users only", () => {
    expect(ability.can('read', user('colleague', 'p1'))).toBe(true);
    expect(ability.can('revoke', user('colleague', 'p1'))).toBe(true);
    expect(ability.can('read', user('stranger', 'p2'))).toBe(false);
    expect(ability.can('revoke', user('stranger', 'p2'))).toBe(false);
    expect(ability.can('create', user('new', 'p1'))).toBe(false);
  });

  it('does not revoke itself, saying why', () => {
    expect(ability.can('revoke', user('org.admin', 'p1'))).toBe(false);
    expect(ability.relevantRuleFor('revoke', user('org.admin', 'p1'))?.reason).toBe(
      'nobody revokes their own portal access',
    );
  });

  it('is no administrator without the claim', () => {
    const plain = defineAbilityFor({ ...admin, partnerAdmin: undefined });
    expect(plain.can('read', user('colleague', 'p1'))).toBe(false);
  });
});
