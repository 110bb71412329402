/**
 * What the API, the inspection and the tests send to a rectification workflow
 * `rectification-<period>-<unit>` (the findings one run raised for one owner unit), and what it answers.
 * Updates are people's steps on one finding, each checked by a validator with the sender's claims
 * (policies/rectification-steps.ts), answered with the finding once its new version is in the store.
 * Signals are the inspection's facts. Wire names are in history: never rename them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Claims } from '../../policies/abilities';
import type { FindingStatus, Severity } from '../../policies/vocabulary';
import type { FindingState } from './state';

export type { FindingState };

/** What the workflow keeps of each of its findings: enough to time them and to check a step. */
export interface TrackedFinding {
  id: string;
  agreementId: string;
  ownerUnit: string;
  severity: Severity;
  status: FindingStatus;
  escalated: boolean;
  evidenceBy?: string;
  raisedAt: string;
  ruleId: string;
}

/** What the workflow keeps of a finding's state. */
export const trackedOf = (s: FindingState): TrackedFinding => ({
  id: s.id,
  agreementId: s.agreementId,
  ownerUnit: s.ownerUnit,
  severity: s.severity,
  status: s.status,
  escalated: s.escalated,
  ...(s.evidenceBy !== undefined ? { evidenceBy: s.evidenceBy } : {}),
  raisedAt: s.raisedAt,
  ruleId: s.ruleId,
});

/** Per group of findings (a severity and the instant they were raised): the reminders sent so far. */
export interface GroupRecord {
  severity: Severity;
  raisedAt: string;
  remindersSent: number;
}

export interface RectificationState {
  period: string;
  ownerUnit: string;
  findings: TrackedFinding[];
  groups: GroupRecord[];
  /** Keys of the signals acted on (a repeated signal is one fact). */
  seen: string[];
}

/** A run's rectification for one unit, or the state a previous run handed on through continue-as-new. */
export interface RectificationInput {
  period: string;
  ownerUnit: string;
  carried?: RectificationState;
}

export interface EvidenceInput {
  findingId: string;
  text: string;
  actor: Claims;
}
export interface VerificationInput {
  findingId: string;
  outcome: 'verify' | 'send_back';
  reason?: string;
  actor: Claims;
}

/** A re-inspection found no longer what caused these findings: they close, naming the run. */
export interface FindingsClosed {
  key: string;
  period: string;
  findingIds: string[];
  at: string;
}

/** The run raised (more) findings for this unit: the workflow reads its findings again. */
export interface FindingsRaised {
  key: string;
}

export interface RectificationSummary {
  period: string;
  ownerUnit: string;
  findings: number;
  unresolved: number;
  byStatus: Partial<Record<FindingStatus, number>>;
  /** The next timed step, if any: what and when. */
  next?: { severity: Severity; step: string; at: string };
}

// Wire names are in history: never rename them.
export const submitEvidenceUpdate = defineUpdate<FindingState, [EvidenceInput]>('submitEvidence');
export const decideEvidenceUpdate = defineUpdate<FindingState, [VerificationInput]>('decideEvidence');
export const findingsClosedSignal = defineSignal<[FindingsClosed]>('findingsClosed');
export const findingsRaisedSignal = defineSignal<[FindingsRaised]>('findingsRaised');
export const statusQuery = defineQuery<RectificationSummary>('status');
