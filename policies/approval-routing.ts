/**
 * Who approves a sharing request, in what order, and why (S4, S8, S12; R5, R12, R27, R44, R48): the
 * internal stages each with the reasons that put it on the route, the regulator's review of core data,
 * the records that must be on file before approval, the controls, the export pathway, and what must be in
 * place before data flows. One pure function of the request and its context, so the console can show
 * the route before submission and a decision can be replayed years later.
 */
import {
  AGREEMENT_RULES_VERSION,
  sharedContentOf,
  type AgreementContext,
  type AgreementRequest,
  type PreApprovalRecords,
  type SharedContent,
} from './agreement-request';
import { requiredControlsFor, type RequiredControl } from './agreement-controls';
import { reasonOf, type Reason } from './agreement-reasons';
import { exportPathwayOf, type ExportPathwayDecision } from './export-pathway';
import { addMonths } from './partner-review';
import { refusalOf, type Refusal } from './refusal';
import {
  FOREIGN_RECIPIENT_TYPES,
  type ApprovalStage,
  type DataGrade,
  type PreApprovalRecord,
  type ProvisioningPrerequisite,
  type RecipientType,
  type RiskTier,
  type Role,
} from './vocabulary';

/** The roles that decide each stage. The DSO holds every power of a security reviewer, so may review too. */
export const STAGE_ROLES: Readonly<Record<ApprovalStage, readonly Role[]>> = {
  unit_head: ['unit_head'],
  security_review: ['security_reviewer', 'dso'],
  legal: ['legal'],
  dso: ['dso'],
};

/** The partner tiers that need the DSO. */
export const DSO_PARTNER_TIERS: readonly RiskTier[] = ['high'];

export interface RouteStage {
  stage: ApprovalStage;
  roles: readonly Role[];
  reasons: Reason[];
}

/** A record that must be on file, and not expired, before the request is approved. */
export interface ChecklistItem {
  record: PreApprovalRecord;
  /** The rows of REGULATION.md that ask for it. */
  rules: string[];
  reasons: Reason[];
  /** How long a record counts from its issue. */
  validForMonths: number;
}

/** What must be in place before data flows under the approved agreement. */
export interface ProvisioningItem {
  prerequisite: ProvisioningPrerequisite;
  rules: string[];
  reasons: Reason[];
}

export interface Route {
  rulesVersion: string;
  effectiveGrade: DataGrade;
  /** The internal stages, in order. */
  stages: RouteStage[];
  /** Core data (R12): after the internal stages the request waits in `awaiting_regulator`; null otherwise. */
  regulatorReview: { rules: string[]; reasons: Reason[] } | null;
  checklist: ChecklistItem[];
  requiredControls: RequiredControl[];
  /** For a recipient abroad; null otherwise. */
  exportPathway: ExportPathwayDecision | null;
  provisioning: ProvisioningItem[];
}

export interface Reportability {
  /** Filed with the regulator (important or core data, cross-border, personal information above a volume). */
  reportable: boolean;
  reasons: Reason[];
}

const list = (labels: readonly string[]) => labels.join(', ');
const isForeignRecipient = (request: AgreementRequest) =>
  (FOREIGN_RECIPIENT_TYPES as readonly RecipientType[]).includes(request.recipientType);

/** The facts behind a route, as reasons, once. */
function reasonsOf(request: AgreementRequest, content: SharedContent, tier: RiskTier) {
  const a = content.assetsWith;
  return {
    every: reasonOf('sharing.every_request', {}),
    personalInfo: reasonOf('sharing.personal_information', { assets: list(a.personalInfo) }),
    sensitive: reasonOf('sharing.sensitive_personal_information', { assets: list(a.sensitivePersonalInfo) }),
    anonymised: reasonOf('sharing.anonymisation_claimed', {}),
    important: reasonOf('sharing.important_data', { assets: list(a.important) }),
    core: reasonOf('sharing.core_data', { assets: list(a.core) }),
    catalogued: reasonOf('sharing.catalogued_data', { assets: list(a.catalogued) }),
    newTech: reasonOf('sharing.new_tech_scenario', { scenario: request.scenario }),
    crossBorder: reasonOf('sharing.cross_border', { destination: request.destinationCountry ?? '?' }),
    foreignRecipient: reasonOf('sharing.foreign_recipient', { recipientType: request.recipientType }),
    highRisk: reasonOf('sharing.high_risk_partner', { tier }),
  };
}

/**
 * The route of a request: unit head, then security review, always; legal when personal information is
 * shared; the DSO for important, core or catalogued data, sensitive PI, a new-technology scenario, a
 * recipient abroad or a high-risk partner; the regulator after them for core data (R12). With the
 * records to have on file before approval — a risk assessment for important and core data (R27, R12), a
 * PIPIA for personal information (R44, R50), an export security assessment when the pathway asks for one
 * (R48) — and what must be in place before provisioning.
 */
export function approvalChainFor(request: AgreementRequest, context: AgreementContext): Route {
  const { params } = context;
  const content = sharedContentOf(request, context.assets);
  const grade = content.effectiveGrade;
  // A partner without a tier has not been assessed: treated as the highest risk.
  const tier: RiskTier = context.partner.riskTier ?? 'high';
  const why = reasonsOf(request, content, tier);
  const importantOrCore = grade === 'important' || grade === 'core';

  const stages: RouteStage[] = [
    { stage: 'unit_head', roles: STAGE_ROLES.unit_head, reasons: [why.every] },
    { stage: 'security_review', roles: STAGE_ROLES.security_review, reasons: [why.every] },
  ];
  if (content.personalInfo) {
    stages.push({
      stage: 'legal',
      roles: STAGE_ROLES.legal,
      reasons: [
        why.personalInfo,
        ...(content.sensitivePersonalInfo ? [why.sensitive] : []),
        ...(request.consentBasis === 'anonymised' ? [why.anonymised] : []),
      ],
    });
  }
  const dso: Reason[] = [
    ...(grade === 'important' ? [why.important] : []),
    ...(grade === 'core' ? [why.core] : []),
    ...(content.catalogued ? [why.catalogued] : []),
    ...(content.sensitivePersonalInfo ? [why.sensitive] : []),
    ...(content.newTech ? [why.newTech] : []),
    ...(request.crossBorder ? [why.crossBorder] : []),
    ...(isForeignRecipient(request) ? [why.foreignRecipient] : []),
    ...(DSO_PARTNER_TIERS.includes(tier) ? [why.highRisk] : []),
  ];
  if (dso.length > 0) stages.push({ stage: 'dso', roles: STAGE_ROLES.dso, reasons: dso });

  const exportPathway = content.crossBorder
    ? exportPathwayOf({
        ciio: context.organisation.ciio,
        importantData: importantOrCore,
        exportedThisYear: context.organisation.exportedThisYear,
        thisRequest: content.personalInfo
          ? {
              personalInfoPeople: request.volume.personalInfoPeople,
              sensitivePersonalInfoPeople: request.volume.sensitivePersonalInfoPeople,
            }
          : { personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
        params,
      })
    : null;

  const checklist: ChecklistItem[] = [];
  if (importantOrCore) {
    checklist.push({
      record: 'risk_assessment',
      rules: grade === 'core' ? ['R12', 'R27'] : ['R27'],
      reasons: [grade === 'core' ? why.core : why.important],
      validForMonths: params.riskAssessmentValidityMonths,
    });
  }
  if (content.personalInfo) {
    checklist.push({
      record: 'pipia',
      rules: content.crossBorder ? ['R44', 'R50'] : ['R44'],
      reasons: [
        why.personalInfo,
        ...(content.sensitivePersonalInfo ? [why.sensitive] : []),
        ...(request.crossBorder ? [why.crossBorder] : []),
        ...(isForeignRecipient(request) ? [why.foreignRecipient] : []),
      ],
      validForMonths: params.pipiaValidityMonths,
    });
  }
  if (exportPathway?.pathway === 'security_assessment') {
    checklist.push({
      record: 'export_security_assessment',
      rules: ['R48', 'R31'],
      reasons: exportPathway.reasons,
      validForMonths: params.exportAssessmentValidityYears * 12,
    });
  }

  const reportability = reportabilityFrom(request, content, context);
  const provisioning: ProvisioningItem[] = [];
  if (importantOrCore) {
    provisioning.push({
      prerequisite: 'data_security_agreement',
      rules: ['R8'],
      reasons: [grade === 'core' ? why.core : why.important],
    });
  }
  if (exportPathway?.pathway === 'standard_contract_or_certification') {
    provisioning.push({
      prerequisite: 'standard_contract_or_certification',
      rules: ['R48', 'R50'],
      reasons: exportPathway.reasons,
    });
  }
  if (reportability.reportable) {
    provisioning.push({ prerequisite: 'regulator_filing', rules: ['S4'], reasons: reportability.reasons });
  }

  return {
    rulesVersion: AGREEMENT_RULES_VERSION,
    effectiveGrade: grade,
    stages,
    regulatorReview: grade === 'core' ? { rules: ['R12'], reasons: [why.core] } : null,
    checklist,
    requiredControls: requiredControlsFor(
      grade,
      {
        personalInfo: content.personalInfo,
        sensitivePersonalInfo: content.sensitivePersonalInfo,
        crossBorder: content.crossBorder,
      },
      params,
    ),
    exportPathway,
    provisioning,
  };
}

/**
 * Whether the sharing is filed with the regulator (S4), and why: important or core data, a recipient
 * abroad, or personal information of at least the configured number of people (sensitive or not).
 */
export function reportabilityOf(request: AgreementRequest, context: AgreementContext): Reportability {
  return reportabilityFrom(request, sharedContentOf(request, context.assets), context);
}

function reportabilityFrom(
  request: AgreementRequest,
  content: SharedContent,
  context: Pick<AgreementContext, 'partner' | 'params'>,
): Reportability {
  const { params } = context;
  const why = reasonsOf(request, content, context.partner.riskTier ?? 'high');
  const { personalInfoPeople, sensitivePersonalInfoPeople } = request.volume;
  const reasons: Reason[] = [
    ...(content.effectiveGrade === 'important' ? [why.important] : []),
    ...(content.effectiveGrade === 'core' ? [why.core] : []),
    ...(request.crossBorder ? [why.crossBorder] : []),
    ...(isForeignRecipient(request) ? [why.foreignRecipient] : []),
    ...(content.personalInfo && personalInfoPeople >= params.reportablePersonalInfoPeopleFrom
      ? [
          reasonOf('sharing.personal_info_volume', {
            people: personalInfoPeople,
            threshold: params.reportablePersonalInfoPeopleFrom,
          }),
        ]
      : []),
    ...(content.sensitivePersonalInfo && sensitivePersonalInfoPeople >= params.reportableSensitivePeopleFrom
      ? [
          reasonOf('sharing.sensitive_volume', {
            people: sensitivePersonalInfoPeople,
            threshold: params.reportableSensitivePeopleFrom,
          }),
        ]
      : []),
  ];
  return { reportable: reasons.length > 0, reasons };
}

/** When a record issued at `issuedAt` stops counting. */
export function recordExpiryOf(issuedAt: string, validForMonths: number): Date {
  return addMonths(new Date(issuedAt), validForMonths);
}

/**
 * Why the request cannot be approved yet for want of a record: each checklist item with no record on
 * file, or with one that has expired by `now`. Empty when every record is there.
 */
export function preApprovalRefusalsFor(
  checklist: readonly ChecklistItem[],
  records: PreApprovalRecords,
  now: Date,
): Refusal[] {
  return checklist.flatMap((item): Refusal[] => {
    const onFile = records[item.record];
    if (!onFile) return [refusalOf('agreement.record_missing', { record: item.record })];
    const expiry = recordExpiryOf(onFile.issuedAt, item.validForMonths);
    if (expiry.getTime() <= now.getTime()) {
      return [refusalOf('agreement.record_expired', { record: item.record, expiredAt: expiry.toISOString() })];
    }
    return [];
  });
}
