/** The special inspection run as an entity: its store document and its view, from its one schema. */
import { inspectionWorkflowId } from '../../workflows/ids';
import { inspectionState } from '../../workflows/inspection/state';
import { inspectionView } from '../schemas/inspection.schema';
import { defineEntity } from './define';

export const inspectionEntity = defineEntity({
  name: 'Inspection',
  collection: 'inspections',
  state: inspectionState,
  view: inspectionView,
  workflowFields: [],
  indexes: [[{ status: 1, _id: 1 }]],
  workflowIdOf: inspectionWorkflowId,
});

export const InspectionModel = inspectionEntity.model;
