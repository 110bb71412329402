/** The words DataPact's states and decisions are spelled with, once; zod enums are built from these. */

export const PARTNER_STATUSES = [
  'nominated',
  'vetting',
  'approved',
  'rejected',
  'expired',
  'revetting',
  'lapsed',
  'suspended',
  'blacklisted',
] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** States in which a partner's vetting is over and nothing more will happen in this slice. */
export const FINAL_VETTING_STATUSES = ['approved', 'rejected', 'expired'] as const satisfies readonly PartnerStatus[];

export const REVIEW_OUTCOMES = ['approve', 'reject'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const DATA_GRADES = ['general', 'important', 'core'] as const;
export type DataGrade = (typeof DATA_GRADES)[number];
