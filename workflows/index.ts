export { partnerLifecycle } from './partner/lifecycle';
export { housekeeping } from './housekeeping/housekeeping';
export { agreementLifecycle } from './agreement/lifecycle';
