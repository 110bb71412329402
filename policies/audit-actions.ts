/**
 * Every action the audit trail records, once. Audit events carry these codes; the console and the
 * reports render them in zh-CN and en (a test fails on any action without both texts).
 */
export const AUDIT_ACTIONS = [
  // The data inventory
  'asset.created',
  'asset.updated',
  'asset.retired',
  'asset.imported',
  // Partner vetting
  'partner.nominated',
  'partner.vetting_started',
  'partner.questionnaire_sent',
  'partner.questionnaire_answered',
  'partner.questionnaire_overdue',
  'partner.risk_assessed',
  'partner.information_requested',
  'partner.information_provided',
  'partner.information_overdue',
  'partner.review_overdue',
  'partner.approval_recorded',
  'partner.approved',
  'partner.rejected',
  'partner.expired',
  'partner.revetting_started',
  'partner.lapsed',
  'partner.renominated',
  'partner.blacklisted',
  'partner.nomination_withdrawn',
  // Sharing agreements
  'agreement.drafted',
  'agreement.edited',
  'agreement.submitted',
  'agreement.stage_approved',
  'agreement.stage_overdue',
  'agreement.returned',
  'agreement.rejected',
  'agreement.awaiting_regulator',
  'agreement.regulator_follow_up',
  'agreement.regulator_approved',
  'agreement.regulator_rejected',
  'agreement.approved',
  'agreement.withdrawn',
  'agreement.provision_recorded',
  'agreement.filing_submitted',
  'agreement.filing_confirmed',
  'agreement.activated',
  'agreement.usage_report_due',
  'agreement.usage_report_overdue',
  'agreement.usage_reported',
  'agreement.recertification_due',
  'agreement.recertified',
  'agreement.suspended',
  'agreement.resumed',
  'agreement.amendment_requested',
  'agreement.amendment_approved',
  'agreement.amendment_rejected',
  'agreement.amendment_returned',
  'agreement.access_granted',
  'agreement.expiring',
  'agreement.revoking',
  'agreement.expired',
  'agreement.revoked',
  'agreement.attestation_overdue',
  'agreement.attestation_received',
  'agreement.attestation_waived',
  'agreement.closed',
  // Notifications
  'notification.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What the audit trail's events are about: the console names each type in the reader's language. */
export const AUDIT_SUBJECT_TYPES = ['Partner', 'Agreement', 'DataAsset', 'Notification'] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

/**
 * Why the system made a transition, as a code with its parameters (a person's own words go in the
 * event's `reason` instead). The console renders `audit.reason.<code>` in the reader's language.
 */
export const AUDIT_REASONS = [
  'partner.checks_started',
  'partner.checks_refused',
  'partner.risk_assessed',
  'partner.questionnaire_unanswered',
  'partner.information_unanswered',
  'partner.revetting_due',
  'partner.revetting_not_approved',
  'partner.escalated',
  'partner.stranded_without_workflow',
  'agreement.routed',
  'agreement.stage_approved',
  'agreement.stage_overdue',
  'agreement.regulator_follow_up',
  'agreement.partner_blacklisted',
  'agreement.partner_lapsed',
  'agreement.partner_rejected_on_revetting',
  'agreement.reportable',
  'agreement.not_reportable',
  'agreement.recertification_due',
  'agreement.usage_report_due',
  'agreement.usage_report_overdue',
  'agreement.usage_reported',
  'agreement.suspended',
  'agreement.recertification_missed',
  'agreement.usage_report_missing',
  'agreement.end_date_reached',
  'agreement.ended_by',
  'agreement.attestation_overdue',
  'agreement.amended_scope',
  'agreement.incident_closed',
] as const;
export type AuditReasonCode = (typeof AUDIT_REASONS)[number];

export interface AuditReason {
  code: AuditReasonCode;
  params?: Record<string, string | number>;
}
