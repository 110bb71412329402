/**
 * Every code the agreement rules answer with — refusals, the reasons behind a route, a control, an export
 * pathway or a usage violation — each with the names of its params, declared once. A client renders a
 * code in zh-CN or en from `policies/texts/agreement.ts` with these params; a test holds both texts to
 * exactly these names. Pure and bundle-safe.
 */

/** Codes and the names of their params. Refusal codes are also error codes (`errors.ts`). */
export const REASON_PARAMS = {
  // A request that cannot be approved (requestRefusalsFor); the first wraps the list of the others
  'agreement.not_approvable': ['count'],
  'agreement.no_assets': [],
  'agreement.asset_not_found': ['assetId'],
  'agreement.asset_retired': ['asset'],
  'agreement.asset_listed_twice': ['asset'],
  'agreement.no_fields': ['asset'],
  'agreement.field_not_on_asset': ['asset', 'fields'],
  'agreement.term_missing': ['term'],
  'agreement.date_invalid': ['term'],
  'agreement.end_before_start': ['startDate', 'endDate'],
  'agreement.ends_in_past': ['endDate'],
  'agreement.partner_not_approved': ['partnerStatus'],
  'agreement.partner_blacklisted': [],
  'agreement.partner_validity_ends_first': ['validUntil', 'endDate'],
  'agreement.grade_above_clearance': ['grade', 'clearance'],
  'agreement.control_missing': ['control'],
  'agreement.foreign_authority_without_approval': [],
  'agreement.recipient_abroad_not_cross_border': ['recipientType'],
  'agreement.cross_border_without_destination': [],
  'agreement.consent_basis_missing': [],
  'agreement.consent_basis_conflicts_legal_basis': [],
  'agreement.sensitive_pi_needs_separate_consent': [],
  'agreement.cross_border_pi_needs_separate_consent': [],
  'agreement.pi_volume_missing': [],
  'agreement.sensitive_pi_volume_missing': [],
  'agreement.volume_inconsistent': [],
  'agreement.core_data_abroad': [],
  'agreement.attestation_outstanding': ['agreementId', 'dueAt'],
  'agreement.onward_provision_without_sub_recipient': [],
  'agreement.sub_recipient_not_approved': ['partnerId', 'partnerStatus'],
  'agreement.sub_recipient_grade_above_clearance': ['partnerId', 'grade', 'clearance'],
  'agreement.record_missing': ['record'],
  'agreement.record_expired': ['record', 'expiredAt'],

  // A decision or an action that may not be taken now (stageDecisionRefusalFor and the others)
  'agreement.not_in_review': ['status'],
  'agreement.stage_not_current': ['stage', 'current'],
  'agreement.stage_role_required': ['stage'],
  'agreement.not_head_of_requesting_unit': ['unit'],
  'agreement.same_approver': ['stage'],
  'agreement.commitment_missing': [],
  'agreement.commitment_expired': ['expiredAt'],
  'agreement.reason_required': [],
  'agreement.not_awaiting_regulator': ['status'],
  'agreement.regulator_reference_required': [],
  'agreement.not_editable': ['status'],
  'agreement.not_withdrawable': ['status'],
  'agreement.not_amendable': ['status'],
  'agreement.amendment_in_review': [],
  'agreement.amendment_empty': [],
  'agreement.amendment_change_not_allowed': ['term'],
  'agreement.amendment_narrows': ['term'],
  'agreement.not_running': ['status'],
  'agreement.no_attestation_awaited': ['attestation'],
  'agreement.emergency_revoke_needs_dso': [],
  'agreement.held_by_incident': ['incidents'],
  'auth.forbidden': ['action'],
  'auth.own_request': [],
  'auth.admin_approves_nothing': [],
  'auth.auditor_read_only': [],

  // Why a stage, a record or a report is on the route (approvalChainFor, reportabilityOf)
  'sharing.every_request': [],
  'sharing.personal_information': ['assets'],
  'sharing.sensitive_personal_information': ['assets'],
  'sharing.anonymisation_claimed': [],
  'sharing.important_data': ['assets'],
  'sharing.core_data': ['assets'],
  'sharing.catalogued_data': ['assets'],
  'sharing.new_tech_scenario': ['scenario'],
  'sharing.cross_border': ['destination'],
  'sharing.foreign_recipient': ['recipientType'],
  'sharing.high_risk_partner': ['tier'],
  'sharing.personal_info_volume': ['people', 'threshold'],
  'sharing.sensitive_volume': ['people', 'threshold'],
  'sharing.export_pathway': ['pathway'],

  // Why a control is required (requiredControlsFor)
  'control.for_grade': ['grade'],
  'control.for_personal_information': [],
  'control.for_sensitive_personal_information': [],
  'control.for_cross_border': [],

  // Why an export takes its pathway (exportPathwayOf, R48)
  'export.no_personal_information': [],
  'export.ciio': [],
  'export.important_data': [],
  'export.people_from': ['people', 'threshold'],
  'export.sensitive_people_from': ['people', 'threshold'],
  'export.people_between': ['people', 'from', 'to'],
  'export.sensitive_people_below': ['people', 'threshold'],
  'export.people_below': ['people', 'threshold'],

  // A usage report beyond the approval (usageViolationsOf)
  'usage.records_beyond_approval': ['received', 'approved'],
  'usage.people_beyond_approval': ['received', 'approved'],
  'usage.personal_info_people_beyond_approval': ['received', 'approved'],
  'usage.sensitive_people_beyond_approval': ['received', 'approved'],
  'usage.asset_not_approved': ['assetId'],
  'usage.field_not_approved': ['asset', 'fields'],
  'usage.control_not_attested': ['control'],
  'usage.onward_provision_not_approved': ['subRecipient'],
} as const satisfies Record<string, readonly string[]>;

export type ReasonCode = keyof typeof REASON_PARAMS;
export const REASON_CODES = Object.keys(REASON_PARAMS) as ReasonCode[];

export type ParamValue = string | number;
/** The params a code takes, by name. */
export type ParamsOf<C extends ReasonCode> = { [K in (typeof REASON_PARAMS)[C][number]]: ParamValue };

/** A coded statement a client can render in either language. */
export interface Reason<C extends ReasonCode = ReasonCode> {
  code: C;
  params: Record<string, ParamValue>;
}

/** A reason with exactly the params its code declares. */
export function reasonOf<C extends ReasonCode>(code: C, params: ParamsOf<C>): Reason<C> {
  return { code, params: { ...params } };
}

/** The refusals of `requestRefusalsFor`: what is wrong with the request itself or its partner. */
export const REQUEST_REFUSAL_CODES = [
  'agreement.no_assets',
  'agreement.asset_not_found',
  'agreement.asset_retired',
  'agreement.asset_listed_twice',
  'agreement.no_fields',
  'agreement.field_not_on_asset',
  'agreement.term_missing',
  'agreement.date_invalid',
  'agreement.end_before_start',
  'agreement.ends_in_past',
  'agreement.partner_not_approved',
  'agreement.partner_blacklisted',
  'agreement.partner_validity_ends_first',
  'agreement.grade_above_clearance',
  'agreement.control_missing',
  'agreement.foreign_authority_without_approval',
  'agreement.recipient_abroad_not_cross_border',
  'agreement.cross_border_without_destination',
  'agreement.consent_basis_missing',
  'agreement.consent_basis_conflicts_legal_basis',
  'agreement.sensitive_pi_needs_separate_consent',
  'agreement.cross_border_pi_needs_separate_consent',
  'agreement.pi_volume_missing',
  'agreement.sensitive_pi_volume_missing',
  'agreement.volume_inconsistent',
  'agreement.core_data_abroad',
  'agreement.attestation_outstanding',
  'agreement.onward_provision_without_sub_recipient',
  'agreement.sub_recipient_not_approved',
  'agreement.sub_recipient_grade_above_clearance',
] as const satisfies readonly ReasonCode[];

export const USAGE_VIOLATION_CODES = [
  'usage.records_beyond_approval',
  'usage.people_beyond_approval',
  'usage.personal_info_people_beyond_approval',
  'usage.sensitive_people_beyond_approval',
  'usage.asset_not_approved',
  'usage.field_not_approved',
  'usage.control_not_attested',
  'usage.onward_provision_not_approved',
] as const satisfies readonly ReasonCode[];
export type UsageViolationCode = (typeof USAGE_VIOLATION_CODES)[number];
