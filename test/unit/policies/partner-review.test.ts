import type { Claims } from '../../../policies/abilities';
import {
  addMonths,
  blacklistRefusalFor,
  informationRequestRefusalFor,
  nextAfterApproval,
  partnerReplyRefusalFor,
  renominationRefusalFor,
  reviewRefusalFor,
  validityOf,
  type VettingState,
} from '../../../policies/partner-review';

const reviewer: Claims = { sub: 'bob', roles: ['security_reviewer'], unit: 'sec' };
const dso: Claims = { sub: 'dora', roles: ['dso'], unit: 'sec' };
const awaiting: VettingState = {
  id: 'p1',
  status: 'vetting',
  stage: 'review',
  nominatedBy: 'alice',
  approvals: [],
};
const atDso: VettingState = {
  ...awaiting,
  stage: 'dso_review',
  approvals: [{ stage: 'review', by: 'dora', at: '2026-11-20T00:00:00.000Z' }],
};

describe('reviewRefusalFor', () => {
  it('lets a security reviewer who did not nominate the partner approve or reject in review', () => {
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', actor: reviewer })).toBeNull();
    expect(reviewRefusalFor(awaiting, { outcome: 'reject', reason: 'x', actor: reviewer })).toBeNull();
    expect(reviewRefusalFor({ ...awaiting, status: 'revetting' }, { outcome: 'approve', actor: reviewer })).toBeNull();
  });

  it('refuses the nominator, with the reason of the separation-of-duties rule', () => {
    const dualHat: Claims = { sub: 'alice', roles: ['requester', 'security_reviewer'], unit: 'sec' };
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', actor: dualHat })).toEqual({
      code: 'auth.forbidden',
      message: 'nobody reviews a partner they nominated',
      params: { action: 'approve', rule: 'nobody reviews a partner they nominated' },
    });
  });

  it.each([
    ['nominated', undefined],
    ['vetting', 'checks'],
    ['vetting', 'questionnaire'],
    ['vetting', 'more_information'],
    ['approved', undefined],
    ['rejected', undefined],
    ['blacklisted', undefined],
  ] as const)('refuses a decision while the partner is %s (%s)', (status, stage) => {
    const state: VettingState = { ...awaiting, status, ...(stage ? { stage } : { stage: undefined }) };
    expect(reviewRefusalFor(state, { outcome: 'approve', actor: reviewer })?.code).toBe('partner.not_in_review');
  });

  it('refuses a requester and an admin, naming the reason', () => {
    const requester: Claims = { sub: 'carol', roles: ['requester'], unit: 'unit-a' };
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', actor: requester })).toEqual({
      code: 'auth.forbidden',
      message: 'the roles of carol may not approve this partner',
      params: { action: 'approve' },
    });
    const admin: Claims = { sub: 'root', roles: ['admin', 'dso'], unit: 'it' };
    expect(reviewRefusalFor(awaiting, { outcome: 'reject', reason: 'x', actor: admin })).toEqual({
      code: 'auth.forbidden',
      message: 'an administrator approves nothing',
      params: { action: 'reject', rule: 'an administrator approves nothing' },
    });
  });

  it('at the DSO stage, refuses a reviewer who is not the DSO', () => {
    expect(reviewRefusalFor(atDso, { outcome: 'approve', actor: reviewer })?.code).toBe('partner.needs_dso');
  });

  it('at the DSO stage, refuses the DSO who gave the first approval: one person cannot give both', () => {
    expect(reviewRefusalFor(atDso, { outcome: 'approve', actor: dso })?.code).toBe('partner.same_approver');
    const otherDso: Claims = { sub: 'dan', roles: ['dso'], unit: 'sec' };
    expect(reviewRefusalFor(atDso, { outcome: 'approve', actor: otherDso })).toBeNull();
  });
});

describe('informationRequestRefusalFor', () => {
  it('lets a reviewer ask in review and refuses once the partner is being asked already', () => {
    expect(informationRequestRefusalFor(awaiting, reviewer)).toBeNull();
    expect(informationRequestRefusalFor({ ...awaiting, stage: 'more_information' }, reviewer)?.code).toBe(
      'partner.not_in_review',
    );
  });
});

describe('partnerReplyRefusalFor', () => {
  const ownUser: Claims = { sub: 'u1', roles: ['partner'], partnerId: 'p1' };
  const otherOrg: Claims = { sub: 'u2', roles: ['partner'], partnerId: 'p2' };
  const questionnaire: VettingState = { ...awaiting, stage: 'questionnaire' };

  it("lets the partner's own user answer the questionnaire, and no one of another organisation", () => {
    expect(partnerReplyRefusalFor(questionnaire, ownUser, 'questionnaire')).toBeNull();
    expect(partnerReplyRefusalFor(questionnaire, otherOrg, 'questionnaire')?.code).toBe('auth.forbidden');
    expect(partnerReplyRefusalFor(questionnaire, reviewer, 'questionnaire')?.code).toBe('auth.forbidden');
  });

  it('refuses answers when none are awaited', () => {
    expect(partnerReplyRefusalFor(awaiting, ownUser, 'questionnaire')?.code).toBe('partner.not_awaiting_answers');
    expect(partnerReplyRefusalFor(awaiting, ownUser, 'more_information')?.code).toBe(
      'partner.not_awaiting_information',
    );
    expect(partnerReplyRefusalFor({ ...awaiting, stage: 'more_information' }, ownUser, 'more_information')).toBeNull();
  });
});

describe('blacklistRefusalFor', () => {
  it('lets the DSO blacklist at any stage, and nobody twice', () => {
    expect(blacklistRefusalFor(awaiting, dso)).toBeNull();
    expect(blacklistRefusalFor({ ...awaiting, status: 'approved', stage: undefined }, dso)).toBeNull();
    expect(blacklistRefusalFor({ ...awaiting, status: 'blacklisted' }, dso)?.code).toBe('partner.blacklisted');
  });

  it('refuses a security reviewer and an auditor', () => {
    expect(blacklistRefusalFor(awaiting, reviewer)?.code).toBe('auth.forbidden');
    expect(blacklistRefusalFor(awaiting, { sub: 'z', roles: ['auditor'] })?.code).toBe('auth.forbidden');
  });
});

describe('nextAfterApproval', () => {
  it('sends a high tier on to the DSO after the reviewer, and approves anything else', () => {
    expect(nextAfterApproval('review', 'high')).toBe('dso_review');
    expect(nextAfterApproval('review', 'medium')).toBe('approved');
    expect(nextAfterApproval('review', 'low')).toBe('approved');
    expect(nextAfterApproval('dso_review', 'high')).toBe('approved');
  });
});

describe('validityOf', () => {
  it('runs a first approval for the configured months from the day it is given, re-vetting the lead days before', () => {
    const v = validityOf({ approvedAt: new Date('2026-11-25T08:00:00Z'), months: 12, leadDays: 30 });
    expect(v).toEqual({
      validFrom: '2026-11-25T08:00:00.000Z',
      validUntil: '2027-11-25T08:00:00.000Z',
      revettingFrom: '2027-10-26T08:00:00.000Z',
    });
  });

  it('runs a re-vetting approved on time on from the end of the previous period: no gap, no overlap', () => {
    const v = validityOf({
      approvedAt: new Date('2027-11-01T00:00:00Z'),
      previousValidUntil: new Date('2027-11-25T08:00:00Z'),
      months: 12,
      leadDays: 30,
    });
    expect(v.validFrom).toBe('2027-11-25T08:00:00.000Z');
    expect(v.validUntil).toBe('2028-11-25T08:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonths(new Date('2027-01-31T00:00:00Z'), 1).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2028-02-29T00:00:00Z'), 12).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });
});

describe('renominationRefusalFor', () => {
  const requester: Claims = { sub: 'carol', roles: ['requester'], unit: 'unit-a' };

  it.each(['rejected', 'expired', 'lapsed'] as const)('lets a business unit nominate a %s partner again', (status) => {
    expect(renominationRefusalFor({ ...awaiting, status, stage: undefined }, requester)).toBeNull();
  });

  it.each(['nominated', 'vetting', 'approved', 'revetting'] as const)('refuses while the partner is %s', (status) => {
    expect(renominationRefusalFor({ ...awaiting, status }, requester)?.code).toBe('partner.not_renominable');
  });

  it('never vets a blacklisted partner again, and lets no security reviewer or auditor nominate', () => {
    const rejected: VettingState = { ...awaiting, status: 'rejected', stage: undefined };
    expect(renominationRefusalFor({ ...rejected, status: 'blacklisted' }, requester)?.code).toBe('partner.blacklisted');
    expect(renominationRefusalFor(rejected, reviewer)?.code).toBe('auth.forbidden');
    expect(renominationRefusalFor(rejected, { sub: 'z', roles: ['auditor'] })?.code).toBe('auth.forbidden');
  });
});
