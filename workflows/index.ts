export { partnerLifecycle } from './partner/lifecycle';
export { housekeeping } from './housekeeping/housekeeping';
export { agreementLifecycle } from './agreement/lifecycle';
export { inspection } from './inspection/run';
export { scheduledInspection } from './inspection/scheduled';
export { rectification } from './rectification/rectification';
export { incidentLifecycle } from './incident/lifecycle';
export { drillReminder } from './incident/drill-reminder';
