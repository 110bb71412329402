import { reviewRefusalFor, statusAfterReview } from '../../../policies/partner-review';

const awaiting = { partnerId: 'p1', status: 'vetting' as const, nominatedBy: 'alice' };

describe('reviewRefusalFor', () => {
  it('lets a reviewer who did not nominate the partner decide a vetting awaiting review', () => {
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', reviewer: 'bob' })).toBeNull();
  });

  it('refuses the nominator', () => {
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', reviewer: 'alice' })?.code).toBe(
      'partner.reviewer_is_nominator',
    );
  });

  it('refuses a second decision', () => {
    const decided = { ...awaiting, decidedBy: 'bob' };
    expect(reviewRefusalFor(decided, { outcome: 'reject', reviewer: 'carol', reason: 'late' })?.code).toBe(
      'partner.already_decided',
    );
  });

  it.each(['nominated', 'approved', 'rejected', 'expired'] as const)(
    'refuses a decision while the partner is %s',
    (status) => {
      expect(reviewRefusalFor({ ...awaiting, status }, { outcome: 'approve', reviewer: 'bob' })?.code).toBe(
        'partner.not_in_review',
      );
    },
  );
});

describe("reviewRefusalFor with the reviewer's claims", () => {
  it('lets a security reviewer approve', () => {
    const actor = { sub: 'bob', roles: ['security_reviewer'] as const, unit: 'sec' };
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', reviewer: 'bob', actor })).toBeNull();
  });

  it('refuses a requester, naming the reason', () => {
    const actor = { sub: 'carol', roles: ['requester'] as const, unit: 'unit-a' };
    expect(reviewRefusalFor(awaiting, { outcome: 'approve', reviewer: 'carol', actor })).toEqual({
      code: 'auth.forbidden',
      message: 'the roles of carol may not approve a partner',
    });
  });

  it('refuses an admin, because an administrator approves nothing', () => {
    const actor = { sub: 'root', roles: ['admin', 'dso'] as const, unit: 'it' };
    expect(reviewRefusalFor(awaiting, { outcome: 'reject', reviewer: 'root', reason: 'x', actor })).toEqual({
      code: 'auth.forbidden',
      message: 'an administrator approves nothing',
    });
  });
});

describe('statusAfterReview', () => {
  it('approves or rejects', () => {
    expect(statusAfterReview('approve')).toBe('approved');
    expect(statusAfterReview('reject')).toBe('rejected');
  });
});
