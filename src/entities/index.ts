/** Every entity a workflow writes, by name: the recorder activity finds its store here. */
import { partnerEntity } from './partner';

export const ENTITIES = {
  Partner: partnerEntity,
} as const;
export type EntityName = keyof typeof ENTITIES;
