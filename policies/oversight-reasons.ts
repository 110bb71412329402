/**
 * Every code the oversight rules answer with — a finding of each inspection rule, why an incident has its
 * grade, why an incident report is owed — each with the names of its params, declared once. A client
 * renders a code in zh-CN or en from `policies/texts/oversight.ts` with these params; a test holds both
 * texts to exactly these names. Pure and bundle-safe.
 */
import type { InspectionRuleId } from './inspection-parameters';
import type { ParamValue } from './agreement-reasons';

/** The finding of each inspection rule: `inspection.<ruleId>`. */
const FINDING_PARAMS = {
  'inspection.partner_not_approved': ['partnerStatus'],
  'inspection.partner_vetting_lapsed': ['validUntil'],
  'inspection.partner_validity_ends_first': ['validUntil', 'endDate'],
  'inspection.partner_blacklisted': [],
  'inspection.partner_certification_expired': ['certifications', 'expiredAt'],
  'inspection.grade_above_clearance': ['grade', 'clearance'],
  'inspection.agreement_past_end': ['endDate', 'status'],
  'inspection.usage_report_overdue': ['period', 'dueAt', 'count'],
  'inspection.usage_beyond_approval': ['count', 'periods'],
  'inspection.controls_not_attested': ['controls', 'period'],
  'inspection.controls_below_requirement': ['controls', 'grade'],
  'inspection.provision_record_missing': ['status'],
  'inspection.regulator_filing_missing': ['count'],
  'inspection.regulator_filing_unconfirmed': ['reference', 'submittedAt'],
  'inspection.cross_border_pathway_missing': ['destination'],
  'inspection.export_assessment_missing': ['destination'],
  'inspection.export_assessment_expired': ['reference', 'expiredAt'],
  'inspection.export_assessment_extension_due': ['reference', 'expiresAt', 'applyBy'],
  'inspection.cross_border_beyond_assessed_scope': ['pathway', 'required', 'people', 'sensitivePeople'],
  'inspection.risk_assessment_missing': ['grade'],
  'inspection.risk_assessment_expired': ['reference', 'expiredAt'],
  'inspection.pipia_missing': [],
  'inspection.pipia_expired': ['reference', 'expiredAt'],
  'inspection.deletion_attestation_overdue': ['dueAt'],
  'inspection.recertification_overdue': ['dueAt'],
} as const satisfies Record<`inspection.${InspectionRuleId}`, readonly string[]>;

export const OVERSIGHT_REASON_PARAMS = {
  ...FINDING_PARAMS,

  // Why an incident has its grade (incidentGradeOf, R18, R20)
  'incident.threshold_reached': ['measure', 'value', 'threshold', 'level'],
  'incident.below_every_threshold': [],

  // Why an incident report or notice is owed (incidentDeadlinesFor)
  'incident.important_or_core_data': [],
  'incident.grade_at_least': ['level', 'fromLevel'],
  'incident.personal_information_affected': ['people'],
  'incident.handling_not_ended': [],
} as const satisfies Record<string, readonly string[]>;

export type OversightCode = keyof typeof OVERSIGHT_REASON_PARAMS;
export const OVERSIGHT_CODES = Object.keys(OVERSIGHT_REASON_PARAMS) as OversightCode[];

/** The params a code takes, by name. */
export type OversightParamsOf<C extends OversightCode> = {
  [K in (typeof OVERSIGHT_REASON_PARAMS)[C][number]]: ParamValue;
};

export interface OversightReason<C extends OversightCode = OversightCode> {
  code: C;
  params: Record<string, ParamValue>;
}

/** A reason with exactly the params its code declares. */
export function oversightReasonOf<C extends OversightCode>(code: C, params: OversightParamsOf<C>): OversightReason<C> {
  return { code, params: { ...params } };
}

/** The code of a rule's finding. */
export const findingCodeOf = (ruleId: InspectionRuleId) => `inspection.${ruleId}` as const;
