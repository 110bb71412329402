/**
 * Who may move a partner's vetting, and when (S2, S6, S8). Pure: the API calls these before it sends
 * a message to the partner's workflow, and the workflow's update validators call them again, so a
 * decision sent around the API is refused the same way.
 */
import { subject } from '@casl/ability';
import { defineAbilityFor, type Claims } from './abilities';
import type { ErrorCode } from './errors';
import type { Action, PartnerStatus, ReviewOutcome, ReviewStage, RiskTier, VettingStage } from './vocabulary';

/** Names the rules that decide a vetting, recorded with every transition in the audit trail. */
export const PARTNER_RULES_VERSION = 'partner-review@2';

export interface ReviewDecision {
  outcome: ReviewOutcome;
  reason?: string;
  /** The decider's verified claims: checked against the abilities inside the workflow too. */
  actor: Claims;
  /** The decider's `sub`, read by partners still run by the first version of the workflow. */
  reviewer?: string;
}

export interface Approval {
  stage: ReviewStage;
  by: string;
  at: string;
  reason?: string;
}

/** What the rules need to know of a partner's workflow state. */
export interface VettingState {
  partnerId: string;
  status: PartnerStatus;
  stage?: VettingStage;
  nominatedBy: string;
  /** Approvals given in the current round. */
  approvals: readonly Approval[];
}

export interface Refusal {
  code: ErrorCode;
  message: string;
}

const IN_ROUND: readonly PartnerStatus[] = ['vetting', 'revetting'];
const isReviewStage = (stage: VettingStage | undefined): stage is ReviewStage =>
  stage === 'review' || stage === 'dso_review';

/** The ability check every message runs, with CASL's reason when it says no. */
function forbidden(actor: Claims, action: Action, state: VettingState): Refusal | null {
  const ability = defineAbilityFor(actor);
  const target = subject('Partner', { _id: state.partnerId, nominatedBy: state.nominatedBy });
  if (ability.can(action, target)) return null;
  const why = ability.relevantRuleFor(action, target)?.reason;
  return { code: 'auth.forbidden', message: why ?? `the roles of ${actor.sub} may not ${action} this partner` };
}

function notInReview(state: VettingState): Refusal | null {
  if (IN_ROUND.includes(state.status) && isReviewStage(state.stage)) return null;
  const where = state.stage && IN_ROUND.includes(state.status) ? `${state.status} (${state.stage})` : state.status;
  return { code: 'partner.not_in_review', message: `the partner is ${where}, not awaiting a review decision` };
}

/** Why this reviewer may not approve or reject now, or null when they may. */
export function reviewRefusalFor(state: VettingState, decision: ReviewDecision): Refusal | null {
  const { actor } = decision;
  // The nominator is refused by the abilities' separation-of-duties rule, with its reason.
  const refusal = notInReview(state) ?? forbidden(actor, decision.outcome, state);
  if (refusal) return refusal;
  if (state.stage === 'dso_review') {
    if (!actor.roles.includes('dso')) {
      return { code: 'partner.needs_dso', message: 'a high-risk partner needs the data-security officer’s decision' };
    }
    if (state.approvals.some((a) => a.by === actor.sub)) {
      return { code: 'partner.same_approver', message: 'one person cannot give both approvals of a vetting' };
    }
  }
  return null;
}

/** Why this reviewer may not send the partner a question now. */
export function informationRequestRefusalFor(state: VettingState, actor: Claims): Refusal | null {
  return reviewRefusalFor(state, { outcome: 'approve', actor });
}

/** Why this partner user may not answer now: the questionnaire, or a reviewer's question. */
export function partnerReplyRefusalFor(
  state: VettingState,
  actor: Claims,
  awaited: 'questionnaire' | 'more_information',
): Refusal | null {
  if (!IN_ROUND.includes(state.status) || state.stage !== awaited) {
    return {
      code: awaited === 'questionnaire' ? 'partner.not_awaiting_answers' : 'partner.not_awaiting_information',
      message:
        awaited === 'questionnaire'
          ? `the partner is ${state.status}, no questionnaire is awaited`
          : `the partner is ${state.status}, no question of a reviewer is open`,
    };
  }
  return forbidden(actor, 'answer', state);
}

/** The statuses a partner is nominated again from: its vetting ended without a standing approval. */
export const RENOMINABLE_STATUSES: readonly PartnerStatus[] = ['rejected', 'expired', 'lapsed'];

/** Why this person may not nominate the partner again now. */
export function renominationRefusalFor(state: VettingState, actor: Claims): Refusal | null {
  if (state.status === 'blacklisted') {
    return { code: 'partner.blacklisted', message: 'a blacklisted partner is never vetted again' };
  }
  if (!RENOMINABLE_STATUSES.includes(state.status)) {
    return {
      code: 'partner.not_renominable',
      message: `the partner is ${state.status}; only a rejected, expired or lapsed partner is nominated again`,
    };
  }
  return forbidden(actor, 'nominate', state);
}

/** Why this person may not blacklist the partner. */
export function blacklistRefusalFor(state: VettingState, actor: Claims): Refusal | null {
  if (state.status === 'blacklisted') {
    return { code: 'partner.blacklisted', message: 'the partner is blacklisted already' };
  }
  return forbidden(actor, 'blacklist', state);
}

/** Where an approval leads: a high tier needs the DSO as well, once the reviewer has approved. */
export function nextAfterApproval(stage: ReviewStage, tier: RiskTier): 'dso_review' | 'approved' {
  return stage === 'review' && tier === 'high' ? 'dso_review' : 'approved';
}

export interface Validity {
  validFrom: string;
  validUntil: string;
  /** When re-vetting starts: the lead time before the end. */
  revettingFrom: string;
}

/** Adds whole calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * The period an approval holds. A first approval runs from the day it is given; a re-vetting approved
 * on time runs on from the end of the previous period, so there is neither a gap nor an overlap.
 */
export function validityOf(input: {
  approvedAt: Date;
  previousValidUntil?: Date;
  months: number;
  leadDays: number;
}): Validity {
  const from =
    input.previousValidUntil && input.previousValidUntil.getTime() > input.approvedAt.getTime()
      ? input.previousValidUntil
      : input.approvedAt;
  const until = addMonths(from, input.months);
  const revetting = new Date(until.getTime() - input.leadDays * 24 * 3600 * 1000);
  return { validFrom: from.toISOString(), validUntil: until.toISOString(), revettingFrom: revetting.toISOString() };
}
