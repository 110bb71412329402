export { partnerLifecycle } from './partner-lifecycle';
