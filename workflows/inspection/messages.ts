/**
 * What starts a special inspection run `inspection-<period>` and what it answers. The `progress` query
 * answers where the run stands while it runs. Wire names are in history: never rename them.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Claims } from '../../policies/abilities';
import type { InspectionProgress, InspectionState } from './state';

export type { InspectionProgress, InspectionState };

export interface InspectionInput {
  period: string;
  trigger: InspectionState['trigger'];
  /** Who asked: the DSO on demand, the scheduler's system identity on schedule. */
  requestedBy: Claims;
}

export interface InspectionSummary {
  period: string;
  status: InspectionState['status'];
  progress: InspectionProgress;
}

// Wire names are in history: never rename them.
export const progressQuery = defineQuery<InspectionSummary>('progress');
