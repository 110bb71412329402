/**
 * Who may decide a partner's vetting, and when. Pure: used by the API before it sends a decision and
 * by the workflow's update validator, so a decision sent around the API is refused the same way.
 */
import type { ErrorCode } from './errors';
import type { PartnerStatus, ReviewOutcome } from './vocabulary';

/** How long a reviewer has to decide once the automated checks have passed. */
export const REVIEW_DEADLINE_DAYS = 14;

export interface ReviewDecision {
  outcome: ReviewOutcome;
  reviewer: string;
  reason?: string;
}

export interface ReviewState {
  status: PartnerStatus;
  nominatedBy: string;
  decidedBy?: string;
}

export interface Refusal {
  code: ErrorCode;
  message: string;
}

/** Why this decision may not be taken now, or null when it may. */
export function reviewRefusalFor(state: ReviewState, decision: ReviewDecision): Refusal | null {
  if (state.decidedBy !== undefined) {
    return { code: 'partner.already_decided', message: `the vetting was already decided by ${state.decidedBy}` };
  }
  if (state.status !== 'vetting') {
    return { code: 'partner.not_in_review', message: `the partner is ${state.status}, not awaiting review` };
  }
  if (decision.reviewer === state.nominatedBy) {
    return { code: 'partner.reviewer_is_nominator', message: 'nobody reviews a partner they nominated' };
  }
  return null;
}

/** The status a decided vetting ends in. */
export function statusAfterReview(outcome: ReviewOutcome): PartnerStatus {
  return outcome === 'approve' ? 'approved' : 'rejected';
}
