/**
 * Who may move a partner's vetting, and when (S2, S6, S8). Pure: the API calls these before it sends
 * a message to the partner's workflow, and the workflow's update validators call them again, so a
 * decision sent around the API is refused the same way.
 */
import { subject } from '@casl/ability';
import { defineAbilityFor, type Claims } from './abilities';
import type { Refusal } from './errors';
import type { Action, PartnerStatus, ReviewOutcome, ReviewStage, RiskTier, VettingStage } from './vocabulary';

/** Names the rules that decide a vetting, recorded with every transition in the audit trail. */
export const PARTNER_RULES_VERSION = 'partner-review@2';

export interface ReviewDecision {
  outcome: ReviewOutcome;
  reason?: string;
  /** The decider's verified claims: checked against the abilities inside the workflow too. */
  actor: Claims;
}

export interface Approval {
  stage: ReviewStage;
  by: string;
  at: string;
  reason?: string;
}

/** What the rules need to know of a partner's workflow state. */
export interface VettingState {
  id: string;
  status: PartnerStatus;
  stage?: VettingStage;
  nominatedBy: string;
  /** Approvals given in the current round. */
  approvals: readonly Approval[];
}

export type { Refusal };

const IN_ROUND: readonly PartnerStatus[] = ['vetting', 'revetting'];
const isReviewStage = (stage: VettingStage | undefined): stage is ReviewStage =>
  stage === 'review' || stage === 'dso_review';

/** The ability check every message runs, with CASL's reason when it says no. */
function forbidden(actor: Claims, action: Action, state: VettingState): Refusal | null {
  const ability = defineAbilityFor(actor);
  const target = subject('Partner', { _id: state.id, nominatedBy: state.nominatedBy });
  if (ability.can(action, target)) return null;
  const why = ability.relevantRuleFor(action, target)?.reason;
  return {
    code: 'auth.forbidden',
    message: why ?? `the roles of ${actor.sub} may not ${action} this partner`,
    params: { action, ...(why ? { rule: why } : {}) },
  };
}

function notInReview(state: VettingState): Refusal | null {
  if (IN_ROUND.includes(state.status) && isReviewStage(state.stage)) return null;
  const where = state.stage && IN_ROUND.includes(state.status) ? `${state.status} (${state.stage})` : state.status;
  return {
    code: 'partner.not_in_review',
    message: `the partner is ${where}, not awaiting a review decision`,
    params: { status: state.status, ...(state.stage ? { stage: state.stage } : {}) },
  };
}

/** Why this reviewer may not approve or reject now, or null when they may. */
export function reviewRefusalFor(state: VettingState, decision: ReviewDecision): Refusal | null {
  const { actor } = decision;
  // The nominator is refused by the abilities' separation-of-duties rule, with its reason.
  const refusal = notInReview(state) ?? forbidden(actor, decision.outcome, state);
  if (refusal) return refusal;
  if (state.stage === 'dso_review') {
    if (!actor.roles.includes('dso')) {
      return {
        code: 'partner.needs_dso',
        message: 'a high-risk partner needs the data-security officer’s decision',
        params: {},
      };
    }
    if (state.approvals.some((a) => a.by === actor.sub)) {
      return {
        code: 'partner.same_approver',
        message: 'one person cannot give both approvals of a vetting',
        params: {},
      };
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
      params: { status: state.status },
    };
  }
  return forbidden(actor, 'answer', state);
}

/** The statuses a partner is nominated again from: its vetting ended without a standing approval. */
export const RENOMINABLE_STATUSES: readonly PartnerStatus[] = ['rejected', 'expired', 'lapsed'];

/** Why this person may not nominate the partner again now. */
export function renominationRefusalFor(state: VettingState, actor: Claims): Refusal | null {
  if (state.status === 'blacklisted') {
    return { code: 'partner.blacklisted', message: 'a blacklisted partner is never vetted again', params: {} };
  }
  if (!RENOMINABLE_STATUSES.includes(state.status)) {
    return {
      code: 'partner.not_renominable',
      message: `the partner is ${state.status}; only a rejected, expired or lapsed partner is nominated again`,
      params: { status: state.status },
    };
  }
  return forbidden(actor, 'nominate', state);
}

/** Why this person may not blacklist the partner. */
export function blacklistRefusalFor(state: VettingState, actor: Claims): Refusal | null {
  if (state.status === 'blacklisted') {
    return { code: 'partner.blacklisted', message: 'the partner is blacklisted already', params: {} };
  }
  return forbidden(actor, 'blacklist', state);
}

/**
 * The round's final decision sent again by the person who made it (a retried request after the
 * answer was lost): harmless, it changes nothing. A repeat within the round is judged as any other
 * step (a reviewer's approval sent again at the DSO's stage is refused), and a request sent with its
 * Idempotency-Key is answered as the first.
 */
export function isRepeatedDecision(
  state: VettingState & { decision?: { outcome: ReviewOutcome; by: string } },
  decision: ReviewDecision,
): boolean {
  const decided = state.decision?.outcome === decision.outcome && state.decision.by === decision.actor.sub;
  return decided && !IN_ROUND.includes(state.status);
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
