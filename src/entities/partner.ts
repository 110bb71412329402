/** The partner as an entity: its store document and its view, both derived from its one schema. */
import { PARTNER_REVIEWER_FIELDS } from '../../policies/abilities';
import { partnerWorkflowId } from '../../workflows/ids';
import { PARTNER_WORKFLOW_FIELDS, partnerState } from '../../workflows/partner/state';
import { partnerView } from '../schemas/partner.schema';
import { defineEntity } from './define';

export const partnerEntity = defineEntity({
  name: 'Partner',
  collection: 'partners',
  state: partnerState,
  view: partnerView,
  workflowFields: PARTNER_WORKFLOW_FIELDS,
  nestedFields: PARTNER_REVIEWER_FIELDS,
  indexes: [[{ creditCode: 1 }, { unique: true }], [{ validUntil: 1 }]],
  listFilters: ['status', 'riskTier', 'nominatingUnit'],
  workflowIdOf: partnerWorkflowId,
  // The DSO's stage would tell the tier: to whom may not read it, both review stages are `review`.
  redact: (view, can) => {
    if (view.stage === 'dso_review' && !can('riskTier')) view.stage = 'review';
  },
});

export const PartnerModel = partnerEntity.model;
