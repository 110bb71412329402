/**
 * What the API (and the time-skipping tests) send to a partner's workflow `partner-<id>`, and what it
 * answers. Updates are a person's decisions or answers, each checked by a validator with the sender's
 * claims; every update answers with the partner's state once its consequences are in the store. The
 * query answers a summary. Wire names are in history: never rename them.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Claims } from '../../policies/abilities';
import type { CertificationClaim } from '../../policies/partner-checks';
import type { ReviewDecision } from '../../policies/partner-review';
import type { Answers } from '../../policies/questionnaire';
import type { PartnerStatus, RiskTier, VettingStage } from '../../policies/vocabulary';
import type { NominatedFields, PartnerState, VettingPeriods } from './state';

export type { PartnerState, VettingPeriods };

/** A business unit's nomination: what the workflow writes as the partner's first version. */
export interface Nomination {
  partnerId: string;
  /** The same for a repeated request (from its Idempotency-Key): then it is the same nomination. */
  requestId: string;
  /** What the nominator said of the partner, carried into its state as it is. */
  fields: NominatedFields;
  nominator: Claims;
  questionnaireVersion: string;
  periods: VettingPeriods;
}

/** A new partner (`nomination`), or the state a previous run handed on through continue-as-new. */
export type PartnerLifecycleInput =
  | { nomination: Nomination; carried?: undefined; questionnaireVersion?: undefined }
  | { carried: PartnerState; questionnaireVersion: string; nomination?: undefined };

export interface NominationInput {
  requestId: string;
  actor: Claims;
}
export interface AnswersInput {
  answers: Answers;
  actor: Claims;
}
export interface InformationRequestInput {
  question: string;
  actor: Claims;
}
export interface InformationResponseInput {
  answer: string;
  actor: Claims;
}
export interface RenominationInput {
  /** The partner's certifications and data locations as they are now; absent: as before. */
  certifications?: CertificationClaim[];
  dataLocations?: string[];
  reason: string;
  actor: Claims;
}
export interface BlacklistInput {
  reason: string;
  actor: Claims;
}

/** What the `status` query answers: where the partner stands, not its whole record. */
export interface PartnerSummary {
  id: string;
  version: number;
  status: PartnerStatus;
  stage?: VettingStage;
  round: number;
  riskTier?: RiskTier;
  dueAt?: string;
  validUntil?: string;
  escalations: number;
}

// Wire names are in history: never rename them.
/** Sent with the workflow's start (update-with-start): answers with the partner's first version. */
export const nominateUpdate = defineUpdate<PartnerState, [NominationInput]>('nominate');
/** A reviewer's (or the DSO's) approval or rejection. */
export const decideUpdate = defineUpdate<PartnerState, [ReviewDecision]>('decide');
/** The partner's answers to the questionnaire, from the partner portal. */
export const submitAnswersUpdate = defineUpdate<PartnerState, [AnswersInput]>('submitAnswers');
/** A reviewer's question back to the partner. */
export const requestInformationUpdate = defineUpdate<PartnerState, [InformationRequestInput]>('requestInformation');
/** The partner's answer to the open question. */
export const provideInformationUpdate = defineUpdate<PartnerState, [InformationResponseInput]>('provideInformation');
/** A business unit nominates a rejected, expired or lapsed partner again: a new vetting round. */
export const renominateUpdate = defineUpdate<PartnerState, [RenominationInput]>('renominate');
/** The DSO lists the partner as untrustworthy: any time, for good. */
export const blacklistUpdate = defineUpdate<PartnerState, [BlacklistInput]>('blacklist');
export const statusQuery = defineQuery<PartnerSummary>('status');
