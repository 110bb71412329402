/**
 * What the API (and the tests) send to an incident's workflow `incident-<id>`, and what it answers.
 * Updates are people's steps, each checked by a validator with the sender's claims
 * (policies/incident-response.ts) and answered with the incident once its consequences are in the store.
 * The agreements the incident contains answer by a signal. Wire names are in history: never rename them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Claims } from '../../policies/abilities';
import type { ContentItem, IncidentDeadlineKind } from '../../policies/incident-deadlines';
import type { Parameters } from '../../policies/parameters';
import type {
  AgreementStatus,
  IncidentGrade,
  IncidentOutcome,
  IncidentSource,
  IncidentStatus,
} from '../../policies/vocabulary';
import type { IncidentEstimates, IncidentReportBody, IncidentState } from './state';

export type { IncidentState };

/** An agreement the incident touches, as the API found it among the partner's live agreements. */
export interface AffectedAgreementInput {
  agreementId: string;
  title: string;
  requestingUnit: string;
  status: AgreementStatus;
}

/** A report: what the workflow writes as the incident's first version. */
export interface IncidentReport {
  incidentId: string;
  /** The same for a repeated report (from its Idempotency-Key): then it is the same incident. */
  requestId: string;
  source: IncidentSource;
  body: Omit<IncidentReportBody, 'agreementIds' | 'data' | 'partnerId'>;
  partner: { id: string; legalName: string; creditCode: string };
  data: IncidentState['data'];
  agreements: AffectedAgreementInput[];
  reporter: Claims;
  /** The rule parameters in force at the report (thresholds, hours, the operator's profile). */
  params: Parameters;
}

/** A new report, or the state and parameters a previous run handed on through continue-as-new. */
export type IncidentLifecycleInput =
  | { report: IncidentReport; carried?: undefined; params?: undefined }
  | { carried: IncidentState; params: Parameters; report?: undefined };

export interface ReportInput {
  requestId: string;
  actor: Claims;
}
export interface RegradeInput {
  estimates: IncidentEstimates;
  /** Important or core data found to be involved (or not, after all). */
  importantOrCoreData?: boolean;
  reason: string;
  actor: Claims;
}
export interface ReportMadeInput {
  kind: IncidentDeadlineKind;
  madeAt: string;
  /** To whom (the office, the person), as the reporter puts it. */
  to: string;
  /** The report's reference (a filing number, a case number, the notice's channel and batch). */
  reference: string;
  /** What it said, where a rule sets its content (the notice to individuals, R45; the summary, R19). */
  content?: Partial<Record<ContentItem, string>>;
  actor: Claims;
}
export interface ExplanationInput {
  kind: IncidentDeadlineKind;
  reason: string;
  actor: Claims;
}
export interface InvestigationInput {
  findings?: string;
  rootCause?: string;
  responsibility?: string;
  measures?: string;
  /** Emergency handling is over: the summary reports count from now. */
  handlingEnded?: boolean;
  actor: Claims;
}
export interface ClosureInput {
  outcome: IncidentOutcome;
  reason: string;
  actor: Claims;
}

/**
 * An agreement's answer to an incident's fact (workflows/agreement): where it stands once it has acted on
 * it — suspended with its access removed, resumed, revoked — and when it recorded that. `key` is the fact's.
 */
export interface AgreementAnswer {
  key: string;
  incidentId: string;
  agreementId: string;
  step: 'contain' | 'resume' | 'revoke';
  status: AgreementStatus;
  accessGranted: boolean;
  /** Whether the agreement still holds the sharing for another incident (a resume that does not resume). */
  stillHeld: boolean;
  at: string;
}

/** What the `status` query answers: where the incident stands, not its whole record. */
export interface IncidentSummary {
  id: string;
  version: number;
  status: IncidentStatus;
  grade: IncidentGrade;
  drill: boolean;
  agreements: number;
  contained: number;
  pendingAnswers: number;
  nextDueAt?: string;
}

// Wire names are in history: never rename them.
/** Sent with the workflow's start (update-with-start): answers with the incident's first version. */
export const reportUpdate = defineUpdate<IncidentState, [ReportInput]>('report');
export const regradeUpdate = defineUpdate<IncidentState, [RegradeInput]>('regrade');
export const recordReportUpdate = defineUpdate<IncidentState, [ReportMadeInput]>('recordReport');
export const explainMissedUpdate = defineUpdate<IncidentState, [ExplanationInput]>('explainMissed');
export const investigateUpdate = defineUpdate<IncidentState, [InvestigationInput]>('investigate');
export const closeUpdate = defineUpdate<IncidentState, [ClosureInput]>('close');
export const agreementAnsweredSignal = defineSignal<[AgreementAnswer]>('agreementAnswered');
export const statusQuery = defineQuery<IncidentSummary>('status');
