import { reviewRefusalFor, statusAfterReview } from '../../../policies/partner-review';

const awaiting = { status: 'vetting' as const, nominatedBy: 'alice' };

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

describe('statusAfterReview', () => {
  it('approves or rejects', () => {
    expect(statusAfterReview('approve')).toBe('approved');
    expect(statusAfterReview('reject')).toBe('rejected');
  });
});
