/**
 * What the agreement's story and its handlers share: the run over its state, the inboxes people's steps
 * come through, the outside facts that arrived, the rule parameters in force, and the small moves every
 * phase makes (recording a transition, notifying someone, reading the rules' context afresh).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { AccessActivities } from '../../activities/access';
import type { AgreementContextActivities } from '../../activities/agreement-context';
import type { CatalogRefilingActivities } from '../../activities/catalog-refiling';
import type { NotifyActivities } from '../../activities/notify';
import type { PartnerReportActivities } from '../../activities/partner-reports';
import type { ProvisionRecordActivities } from '../../activities/provision-records';
import type { RegulatorFilingActivities } from '../../activities/regulator-filing';
import type { Claims } from '../../policies/abilities';
import type { AgreementDecisionState } from '../../policies/agreement-decisions';
import type { AgreementContext } from '../../policies/agreement-request';
import type { AuditAction, AuditReason } from '../../policies/audit-actions';
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import { agreementEvaluationOf, type AgreementEvaluation } from '../../policies/decision-snapshot';
import type { Parameters } from '../../policies/parameters';
import { AGREEMENT_RULES_VERSION } from '../../policies/agreement-request';
import { nowIso } from '../clock';
import type { EntityRun, Inbox } from '../kit/entity-run';
import type {
  ActorInput,
  AmendmentInput,
  AttestationInput,
  EditInput,
  FilingConfirmationInput,
  IncidentFact,
  OversightFact,
  PartnerLapsed,
  ReasonInput,
  RegulatorDecisionInput,
  StageDecisionInput,
  UsageReportInput,
} from './messages';
import type { AgreementRequestBody, AgreementState } from './state';

const store = proxyActivities<AgreementContextActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});
export const notifications = proxyActivities<NotifyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
/** The access system may be slow; a refusal it gives a retry cannot fix. */
export const access = proxyActivities<AccessActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: ['access.rejected'] },
});
export const filings = proxyActivities<RegulatorFilingActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: ['filing.rejected', 'filing.not_reportable'] },
});
export const records = proxyActivities<ProvisionRecordActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
export const reports = proxyActivities<PartnerReportActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
export const catalog = proxyActivities<CatalogRefilingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/** The statutory calendar working days are counted on (policies/calendar-data.ts). */
export const CALENDAR = CHINA_HOLIDAYS;

/** The actor of the transitions the workflow makes on its own. */
export const SYSTEM: Claims = { sub: 'system:agreement-lifecycle', roles: ['system'] };

export type DraftAct =
  { kind: 'edit'; input: EditInput } | { kind: 'submit'; input: ActorInput } | { kind: 'withdraw'; input: ReasonInput };
export type ReviewAct =
  { kind: 'stage'; input: StageDecisionInput } | { kind: 'regulator'; input: RegulatorDecisionInput };
export type EndingAct = { kind: 'early_end'; input: ReasonInput } | { kind: 'emergency_revoke'; input: ReasonInput };
export type AttestationAct = { kind: 'attest'; input: AttestationInput } | { kind: 'waive'; input: ReasonInput };

/** A fact from outside the agreement: its partner's workflow, an incident, an inspection or rectification. */
export type OutsideFact =
  | { kind: 'partner'; fact: PartnerLapsed }
  | { kind: 'incident'; fact: IncidentFact }
  | { kind: 'oversight'; fact: OversightFact };

export interface Sharing {
  run: EntityRun<AgreementState>;
  state: AgreementState;
  params: Parameters;
  inbox: {
    draft: Inbox<DraftAct>;
    review: Inbox<ReviewAct>;
    usage: Inbox<UsageReportInput>;
    resume: Inbox<ReasonInput>;
    recertify: Inbox<ActorInput>;
    amend: Inbox<AmendmentInput>;
    filing: Inbox<FilingConfirmationInput>;
    ending: Inbox<EndingAct>;
    attestation: Inbox<AttestationAct>;
  };
  /** Outside facts as they came (by key: a repeated signal is one fact), not yet acted on. */
  facts: OutsideFact[];
  seenFacts: Set<string>;
  /** An amendment was just approved: its scope must be recorded and granted. */
  amended: boolean;
}

/** What the decision rules read of the agreement's state: during an amendment's review, what the amendment shares. */
export function decisionStateOf(state: AgreementState): AgreementDecisionState {
  const amended = state.review?.kind === 'amendment' ? state.amendment : undefined;
  return {
    agreementId: state.id,
    status: state.status,
    requestingUnit: state.requestingUnit,
    requestedBy: state.requestedBy,
    partnerId: state.partnerId,
    effectiveGrade: amended?.effectiveGrade ?? state.effectiveGrade,
    personalInfo: amended?.personalInfo ?? state.personalInfo,
    review: state.review
      ? {
          kind: state.review.kind,
          round: state.review.round,
          stages: state.review.stages,
          awaitsRegulator: state.review.awaitsRegulator,
          current: state.review.current,
        }
      : null,
    approvals: state.decisions
      .filter((d) => d.outcome === 'approve' && d.stage !== 'regulator')
      .map((d) => ({ stage: d.stage as Exclude<typeof d.stage, 'regulator'>, by: d.by, at: d.at })),
    ...(state.attestation ? { attestation: state.attestation.status } : {}),
  };
}

export interface Because {
  reason?: string;
  why?: AuditReason;
}

export async function record(
  sharing: Sharing,
  actor: Claims,
  action: AuditAction,
  because: Because = {},
): Promise<void> {
  await sharing.run.record({
    actor,
    action,
    ...(because.reason !== undefined ? { reason: because.reason } : {}),
    ...(because.why ? { why: because.why } : {}),
    ruleVersion: AGREEMENT_RULES_VERSION,
  });
}

/** The rules' context of `request` read afresh, and their evaluation of it now. */
export async function evaluate(
  sharing: Sharing,
  request: AgreementRequestBody,
): Promise<{ context: AgreementContext; evaluation: AgreementEvaluation }> {
  const { state } = sharing;
  const facts = await store.loadAgreementContext({
    agreementId: state.id,
    request,
    records: state.records,
    at: nowIso(),
  });
  const context: AgreementContext = { ...facts, now: new Date(facts.now) };
  sharing.params = context.params;
  return { context, evaluation: agreementEvaluationOf(request, context) };
}

export const snapshots = store;

/** What the request shares, as the list rows and the abilities read it, from the rules' evaluation. */
export function takeContent(sharing: Sharing, evaluation: AgreementEvaluation): void {
  const { state } = sharing;
  const { content } = evaluation;
  Object.assign(state, {
    effectiveGrade: content.effectiveGrade,
    personalInfo: content.personalInfo,
    sensitivePersonalInfo: content.sensitivePersonalInfo,
    crossBorder: content.crossBorder,
  });
}

export async function notify(
  sharing: Sharing,
  what: string,
  recipient: string,
  template: string,
  extra: Record<string, string> = {},
): Promise<void> {
  const { state } = sharing;
  await notifications.notify({
    key: `agreement:${state.id}:v${state.version}:${what}:${recipient}`,
    recipient,
    template,
    params: { agreementId: state.id, title: state.title, partnerName: state.partnerName, ...extra },
    subject: { type: 'Agreement', id: state.id },
    ...(state.dueAt ? { dueAt: state.dueAt } : {}),
  });
}

/** Whether an outside fact arrived (it may end or hold the sharing). */
export const partnerFactArrived = (sharing: Sharing) => () => sharing.facts.length > 0;
