import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Claims } from '../policies/abilities';
import type { CertificationClaim, CheckResult } from '../policies/partner-checks';
import type { Approval, ReviewDecision } from '../policies/partner-review';
import type { Answers } from '../policies/questionnaire';
import type { RiskAssessment } from '../policies/risk-scoring';
import type { PartnerStatus, ReviewStage, VettingStage } from '../policies/vocabulary';

/** The periods a vetting runs by, from the configured parameters at nomination (policies/parameters.ts). */
export interface VettingPeriods {
  validityMonths: number;
  revettingLeadDays: number;
  questionnaireDays: number;
  reviewDays: number;
}

export interface PartnerLifecycleInput {
  partnerId: string;
  creditCode: string;
  nominatedBy: string;
  nominatingUnit?: string;
  /** For the texts people read (notifications); the store holds the authoritative name. */
  legalName?: string;
  certifications?: CertificationClaim[];
  dataLocations?: string[];
  questionnaireVersion?: string;
  periods?: VettingPeriods;
  /** The state a previous run handed on through continue-as-new. */
  carried?: PartnerState;
}

export interface InformationRequest {
  question: string;
  askedBy: string;
  askedAt: string;
  answer?: string;
  answeredBy?: string;
  answeredAt?: string;
}

export interface QuestionnaireRecord {
  version: string;
  sentAt: string;
  dueAt: string;
  answers?: Answers;
  answeredBy?: string;
  answeredAt?: string;
}

/** A partner's state as its workflow holds it; the store's partner document is its projection. */
export interface PartnerState {
  partnerId: string;
  creditCode: string;
  nominatedBy: string;
  nominatingUnit?: string;
  legalName?: string;
  certifications: CertificationClaim[];
  dataLocations: string[];
  status: PartnerStatus;
  stage?: VettingStage;
  /** 1 for the first vetting, then one more for each re-vetting. */
  round: number;
  /** Transition counter: the store's projection carries it, so a stale write never wins. */
  version: number;
  checks: CheckResult[];
  questionnaire?: QuestionnaireRecord;
  risk?: RiskAssessment;
  approvals: Approval[];
  informationRequests: InformationRequest[];
  decision?: { outcome: 'approve' | 'reject'; by: string; at: string; reason?: string };
  /** The review stage a question to the partner interrupted, to go back to with the answer. */
  returnTo?: ReviewStage;
  /** When the current stage's decision or answer is due. */
  dueAt?: string;
  escalations: number;
  validFrom?: string;
  validUntil?: string;
  revettingFrom?: string;
  blacklisting?: { by: string; at: string; reason: string };
}

/** The query answer; the same as the state. */
export type PartnerSummary = PartnerState;

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
  /** The partner's certifications and data locations as they are now. */
  certifications: CertificationClaim[];
  dataLocations: string[];
  reason: string;
  actor: Claims;
}
export interface BlacklistInput {
  reason: string;
  actor: Claims;
}

// Wire names are in history: never rename them.
/** A reviewer's (or the DSO's) approval or rejection. */
export const decideUpdate = defineUpdate<PartnerSummary, [ReviewDecision]>('decide');
/** The partner's answers to the questionnaire, from the partner portal. */
export const submitAnswersUpdate = defineUpdate<PartnerSummary, [AnswersInput]>('submitAnswers');
/** A reviewer's question back to the partner. */
export const requestInformationUpdate = defineUpdate<PartnerSummary, [InformationRequestInput]>('requestInformation');
/** The partner's answer to the open question. */
export const provideInformationUpdate = defineUpdate<PartnerSummary, [InformationResponseInput]>('provideInformation');
/** A business unit nominates a rejected, expired or lapsed partner again: a new vetting round. */
export const renominateUpdate = defineUpdate<PartnerSummary, [RenominationInput]>('renominate');
/** The DSO lists the partner as untrustworthy: any time, for good. */
export const blacklistUpdate = defineUpdate<PartnerSummary, [BlacklistInput]>('blacklist');
export const statusQuery = defineQuery<PartnerSummary>('status');
