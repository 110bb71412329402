/**
 * Who may move a sharing agreement, and when (S4, S8; R5, R12): the approval stages, the regulator's
 * decision on core data, the requester's edits, submission and withdrawal, amendments, ending early,
 * the DSO's emergency revoke and waiver of a missing deletion attestation. Each check re-runs the CASL
 * abilities (`defineAbilityFor(actor)`, the agreement as subject) and separation of duties, so the API
 * and the workflow's update validators refuse the same way. Pure: `at` is a parameter.
 */
import { subject } from '@casl/ability';
import { SOD_REASONS, defineAbilityFor, type Claims } from './abilities';
import type { AgreementRequest, RequestedAsset, SharingVolume } from './agreement-request';
import { STAGE_ROLES } from './approval-routing';
import { refusalOf, type Refusal } from './refusal';
import {
  EDITABLE_AGREEMENT_STATUSES,
  RUNNING_AGREEMENT_STATUSES,
  WITHDRAWABLE_AGREEMENT_STATUSES,
  type Action,
  type AgreementStatus,
  type ApprovalStage,
  type AttestationStatus,
  type Control,
  type DataGrade,
  type RegulatorOutcome,
  type StageOutcome,
} from './vocabulary';

/** An approval given on the agreement, in any round, of the request or of an amendment. */
export interface StageApproval {
  stage: ApprovalStage;
  by: string;
  /** ISO instant. */
  at: string;
}

/** The route under review: of the request, or of an amendment while the approved scope keeps running. */
export interface ReviewState {
  kind: 'request' | 'amendment';
  /** Counts the times the request (or amendment) was submitted. */
  round: number;
  stages: readonly ApprovalStage[];
  /** Core data (R12): after the last stage the regulator decides. */
  awaitsRegulator: boolean;
  current: ApprovalStage | 'regulator';
}

/** What the rules need to know of an agreement's workflow state. */
export interface AgreementDecisionState {
  agreementId: string;
  status: AgreementStatus;
  requestingUnit: string;
  requestedBy: string;
  partnerId: string;
  /** Of the scope under review (the amended one during an amendment). */
  effectiveGrade: DataGrade;
  personalInfo: boolean;
  review: ReviewState | null;
  /** Every approval of this agreement: all rounds, the request's and its amendments'. */
  approvals: readonly StageApproval[];
  /** The deletion attestation after revocation, once one is owed. */
  attestation?: AttestationStatus;
}

/** A signed data-security commitment (数据安全责任书, R5) of the approver, on file. */
export interface Commitment {
  signedAt: string;
  expiresAt?: string;
}

export interface StageDecision {
  stage: ApprovalStage;
  outcome: StageOutcome;
  reason?: string;
  /** The decider's verified claims. */
  actor: Claims;
  /** The approver's commitment on file, if any: required to approve important or core data (R5). */
  commitment?: Commitment | null;
  at: Date;
}

export interface RegulatorDecision {
  outcome: RegulatorOutcome;
  /** The regulator's reference number of its decision. */
  reference: string;
  reason?: string;
  actor: Claims;
  at: Date;
}

/** The CASL subject of an agreement: the fields its rules' conditions read. */
export function agreementSubjectOf(state: AgreementDecisionState) {
  return subject('Agreement', {
    _id: state.agreementId,
    requestingUnit: state.requestingUnit,
    requestedBy: state.requestedBy,
    partnerId: state.partnerId,
    status: state.status,
    personalInfo: state.personalInfo,
    effectiveGrade: state.effectiveGrade,
  });
}

/** The ability check every action runs: a separation-of-duties reason becomes its own code. */
function forbidden(actor: Claims, action: Action, state: AgreementDecisionState): Refusal | null {
  const ability = defineAbilityFor(actor);
  const target = agreementSubjectOf(state);
  if (ability.can(action, target)) return null;
  switch (ability.relevantRuleFor(action, target)?.reason) {
    case SOD_REASONS.ownRequest:
      return refusalOf('auth.own_request', {});
    case SOD_REASONS.admin:
      return refusalOf('auth.admin_approves_nothing', {});
    case SOD_REASONS.auditor:
      return refusalOf('auth.auditor_read_only', {});
    default:
      return refusalOf('auth.forbidden', { action });
  }
}

const hasText = (value: string | undefined) => (value ?? '').trim() !== '';
const needsCommitment = (grade: DataGrade) => grade === 'important' || grade === 'core';

/**
 * Why this person may not decide this stage now, or null when they may: the stage must be the one
 * awaiting a decision; CASL must allow it (nobody decides a request they submitted, an admin decides
 * nothing); the actor holds the stage's role (the unit-head stage: the head of the requesting unit);
 * nobody approves two stages of one agreement; a rejection or return gives a reason; an approval of
 * important or core data needs the approver's signed commitment, valid at `at` (R5).
 */
export function stageDecisionRefusalFor(state: AgreementDecisionState, decision: StageDecision): Refusal | null {
  const { actor, stage, outcome } = decision;
  const { review } = state;
  if (!review || review.current === 'regulator' || !inReview(state)) {
    return refusalOf('agreement.not_in_review', { status: state.status });
  }
  if (review.current !== stage) return refusalOf('agreement.stage_not_current', { stage, current: review.current });
  const refusal = forbidden(actor, outcome === 'reject' ? 'reject' : 'approve', state);
  if (refusal) return refusal;
  if (!STAGE_ROLES[stage].some((role) => actor.roles.includes(role))) {
    return refusalOf('agreement.stage_role_required', { stage });
  }
  if (stage === 'unit_head' && actor.unit !== state.requestingUnit) {
    return refusalOf('agreement.not_head_of_requesting_unit', { unit: state.requestingUnit });
  }
  if (outcome === 'approve') {
    const other = state.approvals.find((a) => a.by === actor.sub && a.stage !== stage);
    if (other) return refusalOf('agreement.same_approver', { stage: other.stage });
  }
  if (outcome !== 'approve' && !hasText(decision.reason)) return refusalOf('agreement.reason_required', {});
  if (outcome === 'approve' && needsCommitment(state.effectiveGrade)) {
    const { commitment } = decision;
    if (!commitment || new Date(commitment.signedAt).getTime() > decision.at.getTime()) {
      return refusalOf('agreement.commitment_missing', {});
    }
    if (commitment.expiresAt !== undefined && new Date(commitment.expiresAt).getTime() <= decision.at.getTime()) {
      return refusalOf('agreement.commitment_expired', { expiredAt: commitment.expiresAt });
    }
  }
  return null;
}

/** A request is in review while `in_review`; an amendment while the approved agreement runs. */
function inReview(state: AgreementDecisionState): boolean {
  if (!state.review) return false;
  if (state.review.kind === 'request') return state.status === 'in_review' || state.status === 'awaiting_regulator';
  return (RUNNING_AGREEMENT_STATUSES as readonly AgreementStatus[]).includes(state.status);
}

/** Where an approval of the current stage leads: the next stage, the regulator (core data), or approval. */
export function nextAfterStageApproval(review: ReviewState): ApprovalStage | 'regulator' | 'approved' {
  if (review.current === 'regulator') return 'approved';
  const next = review.stages[review.stages.indexOf(review.current) + 1];
  if (next !== undefined) return next;
  return review.awaitsRegulator ? 'regulator' : 'approved';
}

/**
 * Why this person may not record the regulator's decision now: only while the regulator's review is
 * awaited, only the DSO (and not on a request of their own), and only with the regulator's reference.
 */
export function regulatorDecisionRefusalFor(
  state: AgreementDecisionState,
  decision: RegulatorDecision,
): Refusal | null {
  if (state.review?.current !== 'regulator' || !inReview(state)) {
    return refusalOf('agreement.not_awaiting_regulator', { status: state.status });
  }
  const refusal = forbidden(decision.actor, decision.outcome === 'reject' ? 'reject' : 'approve', state);
  if (refusal) return refusal;
  if (!decision.actor.roles.includes('dso')) return refusalOf('agreement.stage_role_required', { stage: 'dso' });
  if (!hasText(decision.reference)) return refusalOf('agreement.regulator_reference_required', {});
  return null;
}

export const REQUESTER_ACTIONS = ['edit', 'submit', 'withdraw'] as const;
export type RequesterAction = (typeof REQUESTER_ACTIONS)[number];

/**
 * Why the requester may not edit, submit or withdraw now: a request is edited and submitted only as a
 * draft or when returned for changes, and withdrawn only before it is approved; and only by the person
 * who requested it, in their unit.
 */
export function requesterActionRefusalFor(
  state: AgreementDecisionState,
  action: RequesterAction,
  actor: Claims,
): Refusal | null {
  if (action === 'withdraw') {
    if (!(WITHDRAWABLE_AGREEMENT_STATUSES as readonly AgreementStatus[]).includes(state.status)) {
      return refusalOf('agreement.not_withdrawable', { status: state.status });
    }
    return forbidden(actor, 'withdraw', state);
  }
  if (!(EDITABLE_AGREEMENT_STATUSES as readonly AgreementStatus[]).includes(state.status)) {
    return refusalOf('agreement.not_editable', { status: state.status });
  }
  return forbidden(actor, 'update', state);
}

/** What an amendment widens. */
export type AmendmentChange =
  | { kind: 'asset_added'; assetId: string; fields: string[] }
  | { kind: 'fields_added'; assetId: string; fields: string[] }
  | { kind: 'end_date_extended'; from: string; to: string }
  | { kind: 'volume_increased'; measure: keyof SharingVolume; from: number; to: number }
  | { kind: 'controls_added'; controls: Control[] };

export interface Amendment {
  changes: AmendmentChange[];
  /** Why the proposal is not an amendment: it changes what may not change, or narrows. */
  refusals: Refusal[];
}

/** The terms of a request that an amendment leaves as they are. */
const FIXED_TERMS = [
  'partnerId',
  'purpose',
  'scope',
  'categories',
  'conditions',
  'procedure',
  'securityObligations',
  'relationship',
  'legalBasis',
  'consentBasis',
  'scenario',
  'recipientType',
  'foreignAuthorityApproval',
  'crossBorder',
  'destinationCountry',
  'frequency',
  'transferMethod',
  'startDate',
  'onwardProvision',
] as const satisfies readonly (keyof AgreementRequest)[];

/** The words the texts know for each term (`partnerId` is the partner). */
const TERM_NAME: Partial<Record<keyof AgreementRequest, string>> = { partnerId: 'partner' };

const VOLUME_MEASURES = [
  'records',
  'people',
  'personalInfoPeople',
  'sensitivePersonalInfoPeople',
] as const satisfies readonly (keyof SharingVolume)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What a proposed amendment widens — assets or fields added, a later end date, more volume, controls
 * added — and why it is refused if it changes anything else or narrows. The workflow routes the amended
 * request again (`approvalChainFor`, `requestRefusalsFor`) while the approved scope keeps running.
 */
export function amendmentOf(current: AgreementRequest, proposed: AgreementRequest): Amendment {
  const changes: AmendmentChange[] = [];
  const refusals: Refusal[] = [];
  for (const term of FIXED_TERMS) {
    if (!same(current[term], proposed[term])) {
      refusals.push(refusalOf('agreement.amendment_change_not_allowed', { term: TERM_NAME[term] ?? term }));
    }
  }

  const fieldsOf = (assets: readonly RequestedAsset[]) => new Map(assets.map((a) => [a.assetId, new Set(a.fields)]));
  const before = fieldsOf(current.assets);
  const after = fieldsOf(proposed.assets);
  let assetDropped = false;
  let fieldDropped = false;
  for (const [assetId, fields] of before) {
    const kept = after.get(assetId);
    if (!kept) assetDropped = true;
    else if ([...fields].some((f) => !kept.has(f))) fieldDropped = true;
  }
  for (const [assetId, fields] of after) {
    const had = before.get(assetId);
    if (!had) changes.push({ kind: 'asset_added', assetId, fields: [...fields] });
    else {
      const added = [...fields].filter((f) => !had.has(f));
      if (added.length > 0) changes.push({ kind: 'fields_added', assetId, fields: added });
    }
  }
  if (assetDropped) refusals.push(refusalOf('agreement.amendment_narrows', { term: 'assets' }));
  if (fieldDropped) refusals.push(refusalOf('agreement.amendment_narrows', { term: 'fields' }));

  if (proposed.endDate > current.endDate) {
    changes.push({ kind: 'end_date_extended', from: current.endDate, to: proposed.endDate });
  } else if (proposed.endDate < current.endDate) {
    refusals.push(refusalOf('agreement.amendment_narrows', { term: 'endDate' }));
  }

  let volumeLowered = false;
  for (const measure of VOLUME_MEASURES) {
    const from = current.volume[measure];
    const to = proposed.volume[measure];
    if (to > from) changes.push({ kind: 'volume_increased', measure, from, to });
    else if (to < from) volumeLowered = true;
  }
  if (volumeLowered) refusals.push(refusalOf('agreement.amendment_narrows', { term: 'volume' }));

  const addedControls = proposed.controls.filter((c) => !current.controls.includes(c));
  if (addedControls.length > 0) changes.push({ kind: 'controls_added', controls: addedControls });
  if (current.controls.some((c) => !proposed.controls.includes(c))) {
    refusals.push(refusalOf('agreement.amendment_narrows', { term: 'controls' }));
  }

  if (changes.length === 0 && refusals.length === 0) refusals.push(refusalOf('agreement.amendment_empty', {}));
  return { changes, refusals };
}

/** Agreements that may be amended: approved or active (a suspended one is put right first). */
const AMENDABLE: readonly AgreementStatus[] = ['approved', 'active'];

/**
 * Every reason this person may not propose this amendment now: the agreement must be approved or
 * active with no other amendment in review; the requester of the agreement amends it; and the
 * proposal may only widen (see `amendmentOf`).
 */
export function amendmentRefusalsFor(
  state: AgreementDecisionState,
  actor: Claims,
  current: AgreementRequest,
  proposed: AgreementRequest,
): Refusal[] {
  const refusals: Refusal[] = [];
  if (!AMENDABLE.includes(state.status)) refusals.push(refusalOf('agreement.not_amendable', { status: state.status }));
  else if (state.review) refusals.push(refusalOf('agreement.amendment_in_review', {}));
  const refused = forbidden(actor, 'amend', state);
  if (refused) refusals.push(refused);
  return [...refusals, ...amendmentOf(current, proposed).refusals];
}

export interface EndingDecision {
  actor: Claims;
  reason: string;
}

const isRunning = (status: AgreementStatus) =>
  (RUNNING_AGREEMENT_STATUSES as readonly AgreementStatus[]).includes(status);

/**
 * Why this person may not end the agreement early now: it must be running (approved, active or
 * suspended); the requester, the head of the requesting unit or the DSO ends it, with a reason.
 */
export function earlyEndRefusalFor(state: AgreementDecisionState, decision: EndingDecision): Refusal | null {
  if (!isRunning(state.status)) return refusalOf('agreement.not_running', { status: state.status });
  return (
    forbidden(decision.actor, 'revoke', state) ??
    (hasText(decision.reason) ? null : refusalOf('agreement.reason_required', {}))
  );
}

/** Why this person may not revoke the agreement at once: only the DSO, with a reason, while it runs. */
export function emergencyRevokeRefusalFor(state: AgreementDecisionState, decision: EndingDecision): Refusal | null {
  if (!isRunning(state.status)) return refusalOf('agreement.not_running', { status: state.status });
  const refused = forbidden(decision.actor, 'revoke', state);
  if (refused) return refused;
  if (!decision.actor.roles.includes('dso')) return refusalOf('agreement.emergency_revoke_needs_dso', {});
  return hasText(decision.reason) ? null : refusalOf('agreement.reason_required', {});
}

/**
 * Why this person may not waive the partner's deletion attestation of this agreement: only one still
 * awaited, only by the DSO (not on a request of their own), with a reason.
 */
export function attestationWaiverRefusalFor(state: AgreementDecisionState, decision: EndingDecision): Refusal | null {
  if (state.attestation !== 'awaiting') {
    return refusalOf('agreement.no_attestation_awaited', { attestation: state.attestation ?? 'none' });
  }
  return (
    forbidden(decision.actor, 'waive', state) ??
    (hasText(decision.reason) ? null : refusalOf('agreement.reason_required', {}))
  );
}
