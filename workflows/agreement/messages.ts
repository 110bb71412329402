/**
 * What the API (and the tests) send to an agreement's workflow `agreement-<id>`, and what it answers.
 * Updates are people's steps, each checked by a validator with the sender's claims (policies/
 * agreement-decisions.ts) and answered with the agreement once its consequences are in the store.
 * Signals are outside facts. The query answers a summary. Wire names are in history: never rename them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Claims } from '../../policies/abilities';
import type { Commitment } from '../../policies/agreement-decisions';
import type { Parameters } from '../../policies/parameters';
import type { UsageReport } from '../../policies/usage-reports';
import type {
  AgreementStatus,
  ApprovalStage,
  DataGrade,
  DeletionMethod,
  PartnerWithdrawalCause,
  RegulatorOutcome,
  StageOutcome,
} from '../../policies/vocabulary';
import type { AgreementRequestBody, AgreementState } from './state';

export type { AgreementState };

/**
 * Sent by a partner's workflow to every open agreement of that partner when the partner may no
 * longer receive data: its vetting lapsed, a re-vetting rejected it, or it was blacklisted. `key` is
 * the same on a retried send, so receiving it twice is one fact.
 */
export interface PartnerLapsed {
  key: string;
  partnerId: string;
  cause: PartnerWithdrawalCause;
  /** A person's own words (the DSO's blacklisting, a reviewer's rejection); the cause is the system's reason. */
  reason?: string;
  at: string;
}

/**
 * Sent by an incident's workflow `incident-<id>`: contain (suspend at once, access removed), or, when the
 * incident is closed, resume (if the incident suspended it) or revoke. `key` makes a repeat one fact.
 */
export interface IncidentFact {
  key: string;
  incidentId: string;
  step: 'contain' | 'resume' | 'revoke';
  reason: string;
  at: string;
}

/**
 * Sent by an inspection or a rectification: a finding on the agreement (a critical one suspends it), or
 * an order to revoke it (a critical finding not rectified in time). `key` makes a repeat one fact.
 */
export interface OversightFact {
  key: string;
  step: 'finding' | 'revoke';
  findingId: string;
  ruleId: string;
  severity: string;
  suspends: boolean;
  reason: string;
  at: string;
}

/** A business unit's new draft: what the workflow writes as the agreement's first version. */
export interface Draft {
  agreementId: string;
  /** The same for a repeated create (from its Idempotency-Key): then it is the same draft. */
  requestId: string;
  title: string;
  request: AgreementRequestBody;
  records: AgreementState['records'];
  requester: Claims;
  partnerName: string;
  /** The rule parameters in force when the draft was made; each submission reads them again. */
  params: Parameters;
}

/** A new draft, or the state and parameters a previous run handed on through continue-as-new. */
export type AgreementLifecycleInput =
  | { draft: Draft; carried?: undefined; params?: undefined }
  | { carried: AgreementState; params: Parameters; draft?: undefined };

export interface CreateInput {
  requestId: string;
  actor: Claims;
}
export interface EditInput {
  title?: string;
  request: AgreementRequestBody;
  records: AgreementState['records'];
  actor: Claims;
}
export interface ActorInput {
  actor: Claims;
}
export interface ReasonInput {
  reason: string;
  actor: Claims;
}
export interface StageDecisionInput {
  stage: ApprovalStage;
  outcome: StageOutcome;
  reason?: string;
  actor: Claims;
  /** The approver's data-security commitment on file (R5), as the API found it. */
  commitment: Commitment | null;
}
export interface RegulatorDecisionInput {
  outcome: RegulatorOutcome;
  reference: string;
  reason?: string;
  actor: Claims;
}
export interface FilingConfirmationInput {
  regulatorReference?: string;
  confirmedAt: string;
  actor: Claims;
}
export interface UsageReportInput {
  report: Omit<UsageReport, 'period'> & { periodStart: string };
  remarks?: string;
  actor: Claims;
}
export interface AmendmentInput {
  request: AgreementRequestBody;
  actor: Claims;
}
export interface AttestationInput {
  what: string;
  deletedAt: string;
  deletedBy: string;
  method: DeletionMethod;
  includesBackups: boolean;
  actor: Claims;
}

/** What the `status` query answers: where the agreement stands, not its whole record. */
export interface AgreementSummary {
  id: string;
  version: number;
  status: AgreementStatus;
  effectiveGrade: DataGrade;
  stage?: ApprovalStage | 'regulator';
  granted: boolean;
  awaiting?: string;
  dueAt?: string;
  attestation?: string;
}

// Wire names are in history: never rename them.
export const partnerLapsedSignal = defineSignal<[PartnerLapsed]>('partnerLapsed');
export const incidentSignal = defineSignal<[IncidentFact]>('incident');
export const oversightSignal = defineSignal<[OversightFact]>('oversight');
/** Sent with the workflow's start (update-with-start): answers with the draft's first version. */
export const createUpdate = defineUpdate<AgreementState, [CreateInput]>('create');
export const editUpdate = defineUpdate<AgreementState, [EditInput]>('edit');
export const submitUpdate = defineUpdate<AgreementState, [ActorInput]>('submit');
export const withdrawUpdate = defineUpdate<AgreementState, [ReasonInput]>('withdraw');
export const decideStageUpdate = defineUpdate<AgreementState, [StageDecisionInput]>('decideStage');
export const recordRegulatorDecisionUpdate = defineUpdate<AgreementState, [RegulatorDecisionInput]>(
  'recordRegulatorDecision',
);
export const confirmFilingUpdate = defineUpdate<AgreementState, [FilingConfirmationInput]>('confirmFiling');
export const submitUsageReportUpdate = defineUpdate<AgreementState, [UsageReportInput]>('submitUsageReport');
export const resumeUpdate = defineUpdate<AgreementState, [ReasonInput]>('resume');
export const recertifyUpdate = defineUpdate<AgreementState, [ActorInput]>('recertify');
export const amendUpdate = defineUpdate<AgreementState, [AmendmentInput]>('amend');
export const endEarlyUpdate = defineUpdate<AgreementState, [ReasonInput]>('endEarly');
export const emergencyRevokeUpdate = defineUpdate<AgreementState, [ReasonInput]>('emergencyRevoke');
export const submitAttestationUpdate = defineUpdate<AgreementState, [AttestationInput]>('submitAttestation');
export const waiveAttestationUpdate = defineUpdate<AgreementState, [ReasonInput]>('waiveAttestation');
export const statusQuery = defineQuery<AgreementSummary>('status');
