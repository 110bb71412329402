/**
 * Who may decide a partner's vetting, and when. Pure: used by the API before it sends a decision and
 * by the workflow's update validator, so a decision sent around the API is refused the same way.
 */
import { subject } from '@casl/ability';
import { defineAbilityFor, type Claims } from './abilities';
import type { ErrorCode } from './errors';
import type { PartnerStatus, ReviewOutcome } from './vocabulary';

/** How long a reviewer has to decide once the automated checks have passed. */
export const REVIEW_DEADLINE_DAYS = 14;

/** Names the rules that decide a vetting, recorded with every decision in the audit trail. */
export const PARTNER_RULES_VERSION = 'partner-review@1';

export interface ReviewDecision {
  outcome: ReviewOutcome;
  /** The reviewer's `sub`. */
  reviewer: string;
  reason?: string;
  /** The reviewer's claims, checked against the abilities inside the workflow too. */
  actor?: Claims;
}

export interface ReviewState {
  partnerId: string;
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
  if (decision.actor) {
    const ability = defineAbilityFor(decision.actor);
    const target = subject('Partner', { _id: state.partnerId, nominatedBy: state.nominatedBy });
    if (!ability.can(decision.outcome, target)) {
      const why = ability.relevantRuleFor(decision.outcome, target)?.reason;
      return {
        code: 'auth.forbidden',
        message: why ?? `the roles of ${decision.actor.sub} may not ${decision.outcome} a partner`,
      };
    }
  }
  return null;
}

/** The status a decided vetting ends in. */
export function statusAfterReview(outcome: ReviewOutcome): PartnerStatus {
  return outcome === 'approve' ? 'approved' : 'rejected';
}
