/** Every workflow id, derived from its subject so that starting twice is harmless. */
export const partnerWorkflowId = (partnerId: string): string => `partner-${partnerId}`;
export const agreementWorkflowId = (agreementId: string): string => `agreement-${agreementId}`;
/** A special inspection run of a period (`2026-12`, `2026-12-05`). */
export const inspectionWorkflowId = (period: string): string => `inspection-${period}`;
/** The Schedule's monthly starts, each of which starts `inspection-<month>`. */
export const SCHEDULED_INSPECTION_WORKFLOW_ID = 'inspection-schedule';
/** The rectification of the findings a run raised for one owner unit. */
export const rectificationWorkflowId = (period: string, ownerUnit: string): string =>
  `rectification-${period}-${ownerUnit}`;
export const incidentWorkflowId = (incidentId: string): string => `incident-${incidentId}`;
/** The month-end report of a month (`2026-11`). */
export const monthlyReportWorkflowId = (month: string): string => `monthly-report-${month}`;
/** The Schedule's month-end starts, each of which starts `monthly-report-<month>`. */
export const SCHEDULED_MONTHLY_REPORT_WORKFLOW_ID = 'monthly-report-schedule';
/** The Schedule's starts of the overview's snapshot refresh, one a minute. */
export const OVERVIEW_REFRESH_WORKFLOW_ID = 'overview-refresh';
