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
  // Notifications
  'notification.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

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
] as const;
export type AuditReasonCode = (typeof AUDIT_REASONS)[number];

export interface AuditReason {
  code: AuditReasonCode;
  params?: Record<string, string | number>;
}
