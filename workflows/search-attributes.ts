import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes DataPact's workflows set; the dev stack and the worker register each of them.
 * Operators find partners with e.g.
 * `temporal workflow list --query "DataPactPartnerStatus = 'approved' AND DataPactPartnerValidUntil < '2027-01-01T00:00:00Z'"`.
 */
export const partnerStatusKey = defineSearchAttributeKey('DataPactPartnerStatus', SearchAttributeType.KEYWORD);
export const partnerTierKey = defineSearchAttributeKey('DataPactPartnerTier', SearchAttributeType.KEYWORD);
export const partnerValidUntilKey = defineSearchAttributeKey('DataPactPartnerValidUntil', SearchAttributeType.DATETIME);
export const nominatingUnitKey = defineSearchAttributeKey('DataPactNominatingUnit', SearchAttributeType.KEYWORD);

/** Agreements: `temporal workflow list --query "DataPactAgreementStatus = 'active' AND DataPactPartnerId = '…'"`. */
export const agreementStatusKey = defineSearchAttributeKey('DataPactAgreementStatus', SearchAttributeType.KEYWORD);
export const partnerIdKey = defineSearchAttributeKey('DataPactPartnerId', SearchAttributeType.KEYWORD);
export const requestingUnitKey = defineSearchAttributeKey('DataPactRequestingUnit', SearchAttributeType.KEYWORD);
export const effectiveGradeKey = defineSearchAttributeKey('DataPactEffectiveGrade', SearchAttributeType.KEYWORD);
export const endsAtKey = defineSearchAttributeKey('DataPactAgreementEndsAt', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTES = [
  partnerStatusKey,
  partnerTierKey,
  partnerValidUntilKey,
  nominatingUnitKey,
  agreementStatusKey,
  partnerIdKey,
  requestingUnitKey,
  effectiveGradeKey,
  endsAtKey,
] as const;
