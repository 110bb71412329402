/** Every entity a workflow writes, by name: the recorder activity finds its store here. */
import { agreementEntity } from './agreement';
import { findingEntity } from './finding';
import { inspectionEntity } from './inspection';
import { incidentEntity } from './incident';
import { partnerEntity } from './partner';

export const ENTITIES = {
  Partner: partnerEntity,
  Agreement: agreementEntity,
  Inspection: inspectionEntity,
  Finding: findingEntity,
  Incident: incidentEntity,
} as const;
export type EntityName = keyof typeof ENTITIES;
