/**
 * The evaluation of a request — what it shares, every refusal, its route, its reportability, the records
 * still missing — and the snapshot every decision stores: the rules version, the inputs exactly as the
 * rules read them, and the evaluation they gave. "Why was this approved" is answered from the snapshot
 * years later, and a what-if replays it under other parameters or newer rules (issue 14, point 5).
 * Snapshots are plain JSON (ISO strings for instants, no key with a dot or a leading `$`), so the store
 * keeps them as they are.
 */
import {
  AGREEMENT_RULES_VERSION,
  requestRefusalsFor,
  requestedAssetsOf,
  sharedContentOf,
  type AgreementContext,
  type AgreementRequest,
  type AssetFacts,
  type OrganisationFacts,
  type PartnerFacts,
  type PreApprovalRecords,
  type SharedContent,
} from './agreement-request';
import {
  approvalChainFor,
  preApprovalRefusalsFor,
  reportabilityOf,
  type Reportability,
  type Route,
} from './approval-routing';
import type { Parameters } from './parameters';
import type { Refusal } from './refusal';
import type { ApprovalStage, RegulatorOutcome, StageOutcome } from './vocabulary';

export { AGREEMENT_RULES_VERSION } from './agreement-request';

export interface AgreementEvaluation {
  rulesVersion: string;
  content: SharedContent;
  /** Every reason the request cannot be approved (`requestRefusalsFor`). */
  refusals: Refusal[];
  route: Route;
  reportability: Reportability;
  /** Records of the route's checklist not on file, or expired (`preApprovalRefusalsFor`). */
  approvalBlockers: Refusal[];
}

/** Everything the rules say of a request in its context: what the preview shows and a decision stores. */
export function agreementEvaluationOf(request: AgreementRequest, context: AgreementContext): AgreementEvaluation {
  const route = approvalChainFor(request, context);
  return {
    rulesVersion: AGREEMENT_RULES_VERSION,
    content: sharedContentOf(request, context.assets),
    refusals: requestRefusalsFor(request, context),
    route,
    reportability: reportabilityOf(request, context),
    approvalBlockers: preApprovalRefusalsFor(route.checklist, context.records ?? {}, context.now),
  };
}

export const SNAPSHOT_DECISION_KINDS = ['submission', 'stage', 'regulator', 'amendment'] as const;
export type SnapshotDecisionKind = (typeof SNAPSHOT_DECISION_KINDS)[number];

/** The decision a snapshot was taken for. */
export interface SnapshotDecision {
  kind: SnapshotDecisionKind;
  by: string;
  stage?: ApprovalStage;
  outcome?: StageOutcome | RegulatorOutcome;
  reason?: string;
  /** The regulator's reference, for its decision. */
  reference?: string;
}

/** The inputs of an evaluation, as stored: the context with `now` as an ISO string. */
export interface SnapshotInputs {
  request: AgreementRequest;
  /** Only the assets the request names, each with only the fields it asks for: all the rules read of them. */
  assets: AssetFacts[];
  partner: PartnerFacts;
  subRecipient?: PartnerFacts;
  organisation: OrganisationFacts;
  records?: PreApprovalRecords;
  params: Parameters;
  now: string;
}

export interface DecisionSnapshot {
  rulesVersion: string;
  /** ISO instant of the decision. */
  at: string;
  decision: SnapshotDecision;
  inputs: SnapshotInputs;
  evaluation: AgreementEvaluation;
}

/** A deep copy through JSON: what the store will hold, with no shared or frozen parts. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The snapshot a decision stores: the rules version, the inputs as read, and their evaluation. */
export function decisionSnapshotOf(input: {
  request: AgreementRequest;
  context: AgreementContext;
  decision: SnapshotDecision;
}): DecisionSnapshot {
  const { request, context } = input;
  const inputs: SnapshotInputs = plain({
    request,
    assets: requestedAssetsOf(request, context.assets),
    partner: context.partner,
    ...(context.subRecipient ? { subRecipient: context.subRecipient } : {}),
    organisation: context.organisation,
    ...(context.records ? { records: context.records } : {}),
    params: context.params,
    now: context.now.toISOString(),
  });
  return {
    rulesVersion: AGREEMENT_RULES_VERSION,
    at: context.now.toISOString(),
    decision: plain(input.decision),
    inputs,
    evaluation: plain(agreementEvaluationOf(request, contextOfSnapshot(inputs))),
  };
}

/** The request's context as the snapshot stored it. */
export function contextOfSnapshot(inputs: SnapshotInputs): AgreementContext {
  return {
    assets: inputs.assets,
    partner: inputs.partner,
    ...(inputs.subRecipient ? { subRecipient: inputs.subRecipient } : {}),
    organisation: inputs.organisation,
    ...(inputs.records ? { records: inputs.records } : {}),
    params: inputs.params,
    now: new Date(inputs.now),
  };
}

export const WHAT_IF_ASPECTS = [
  'refusals',
  'stages',
  'stageReasons',
  'regulatorReview',
  'checklist',
  'requiredControls',
  'exportPathway',
  'reportable',
  'provisioning',
  'approvalBlockers',
] as const;
export type WhatIfAspect = (typeof WHAT_IF_ASPECTS)[number];

/** One aspect of the evaluation that came out differently. */
export interface WhatIfChange {
  aspect: WhatIfAspect;
  then: string[];
  now: string[];
}

export interface WhatIf {
  rulesVersionThen: string;
  rulesVersionNow: string;
  evaluation: AgreementEvaluation;
  changes: WhatIfChange[];
}

/** The aspects compared, each as a list of short strings (codes, stage names, `stage:reason`). */
function aspectsOf(e: AgreementEvaluation): Record<WhatIfAspect, string[]> {
  return {
    refusals: e.refusals.map((r) => r.code),
    stages: e.route.stages.map((s) => s.stage),
    stageReasons: e.route.stages.flatMap((s) => s.reasons.map((r) => `${s.stage}:${r.code}`)),
    regulatorReview: e.route.regulatorReview ? ['regulator'] : [],
    checklist: e.route.checklist.map((c) => `${c.record}:${c.validForMonths}`),
    requiredControls: e.route.requiredControls.map((c) => c.control),
    exportPathway: e.route.exportPathway ? [e.route.exportPathway.pathway] : [],
    reportable: [String(e.reportability.reportable)],
    provisioning: e.route.provisioning.map((p) => p.prerequisite),
    approvalBlockers: e.approvalBlockers.map((r) => `${r.code}:${String(r.params.record)}`),
  };
}

/**
 * The stored decision replayed by today's rules, under other parameters or at another time if given: the
 * evaluation it would get now, and every aspect that differs from the one it was made on.
 */
export function whatIfOf(snapshot: DecisionSnapshot, changed: { params?: Parameters; now?: Date } = {}): WhatIf {
  const context = contextOfSnapshot(snapshot.inputs);
  const evaluation = agreementEvaluationOf(snapshot.inputs.request, {
    ...context,
    ...(changed.params ? { params: changed.params } : {}),
    ...(changed.now ? { now: changed.now } : {}),
  });
  const changes = evaluationChangesOf(snapshot.evaluation, evaluation);
  return { rulesVersionThen: snapshot.rulesVersion, rulesVersionNow: AGREEMENT_RULES_VERSION, evaluation, changes };
}

/** Every aspect in which two evaluations of a request differ. */
export function evaluationChangesOf(before: AgreementEvaluation, after: AgreementEvaluation): WhatIfChange[] {
  const then = aspectsOf(before);
  const now = aspectsOf(after);
  return WHAT_IF_ASPECTS.filter((aspect) => JSON.stringify(then[aspect]) !== JSON.stringify(now[aspect])).map(
    (aspect) => ({ aspect, then: then[aspect], now: now[aspect] }),
  );
}
