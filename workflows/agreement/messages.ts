import { defineSignal } from '@temporalio/workflow';
import type { PartnerWithdrawalCause } from '../../policies/vocabulary';

/**
 * Sent by a partner's workflow to every open agreement of that partner when the partner may no
 * longer receive data: its vetting lapsed, a re-vetting rejected it, or it was blacklisted. The
 * agreement suspends its sharing. `key` is the same on a retried send, so receiving it twice is one fact.
 */
export interface PartnerLapsed {
  key: string;
  partnerId: string;
  cause: PartnerWithdrawalCause;
  reason: string;
  at: string;
}

// The wire name is in history: never rename it.
export const partnerLapsedSignal = defineSignal<[PartnerLapsed]>('partnerLapsed');
