/** Every entity a workflow writes, by name: the recorder activity finds its store here. */
import { agreementEntity } from './agreement';
import { incidentEntity } from './incident';
import { partnerEntity } from './partner';

export const ENTITIES = {
  Partner: partnerEntity,
  Agreement: agreementEntity,
  Incident: incidentEntity,
} as const;
export type EntityName = keyof typeof ENTITIES;
