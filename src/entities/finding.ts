/**
 * A finding as an entity: its store document and its view, from its one schema. The document is its own
 * list row: narrow, with `bucket` (lists page it by bucket) and the fields lists filter by indexed with it.
 */
import { findingState } from '../../workflows/rectification/state';
import { rectificationWorkflowId } from '../../workflows/ids';
import { findingView } from '../schemas/inspection.schema';
import { defineEntity } from './define';

/** The fields a findings list filters by: each indexed with the bucket and the id, as list pages read them. */
export const FINDING_FILTERS = [
  'period',
  'status',
  'severity',
  'ruleId',
  'ownerUnit',
  'partnerId',
  'agreementId',
] as const;

export const findingEntity = defineEntity({
  name: 'Finding',
  collection: 'findings',
  state: findingState,
  view: findingView,
  workflowFields: [],
  // The monthly report counts closures in the month in the store, in time.
  nestedInstants: ['closure.at'],
  indexes: [
    // A re-inspection reads the live findings of a partition of agreements.
    [{ agreementBucket: 1, live: 1 }],
    // A rectification loads the findings of its run and unit.
    [{ period: 1, ownerUnit: 1 }],
  ],
  // With `{ bucket: 1, _id: 1 }`, which every entity document has (define.ts).
  listFilters: FINDING_FILTERS,
  workflowIdOf: (_id, state) => rectificationWorkflowId(state.period, state.ownerUnit),
});

export const FindingModel = findingEntity.model;
