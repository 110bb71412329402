export { partnerLifecycle } from './partner/lifecycle';
export { housekeeping } from './housekeeping/housekeeping';
