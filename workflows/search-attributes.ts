import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes DataPact's workflows set; the dev stack and the worker register each of them. */
export const partnerStatusKey = defineSearchAttributeKey('DataPactPartnerStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [partnerStatusKey] as const;
