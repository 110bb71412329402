export { partnerLifecycle } from './partner/lifecycle';
export { housekeeping } from './housekeeping/housekeeping';
export { agreementLifecycle } from './agreement/lifecycle';
export { incidentLifecycle } from './incident/lifecycle';
export { drillReminder } from './incident/drill-reminder';
