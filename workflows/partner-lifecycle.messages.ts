import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReviewDecision } from '../policies/partner-review';
import type { PartnerStatus } from '../policies/vocabulary';

export interface PartnerLifecycleInput {
  partnerId: string;
  creditCode: string;
  nominatedBy: string;
}

export interface PartnerSummary {
  partnerId: string;
  status: PartnerStatus;
  version: number;
  checkReasons: string[];
  decidedBy?: string;
}

/** A reviewer's decision on a partner whose checks passed. Wire name is in history: never rename. */
export const decideUpdate = defineUpdate<PartnerSummary, [ReviewDecision]>('decide');
export const statusQuery = defineQuery<PartnerSummary>('status');
