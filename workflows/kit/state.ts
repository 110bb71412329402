/**
 * The shape every entity's state shares. An entity's state is one zod schema (beside its workflow):
 * the workflow holds it, its recorder writes it to the store as it is (top-level instants as dates,
 * for range queries), and the API's view and the console's types are derived from it.
 */
import { z } from 'zod';

/** An instant as the workflow holds it (an ISO string); the store keeps a top-level one as a date. */
export const instant = () => z.iso.datetime({ offset: true });

/** Every entity has these: its id (the store's `_id`), the version its workflow last wrote, and when. */
export const entityFields = {
  id: z.string(),
  /** Transition counter: each write carries it, so a stale write never overwrites a newer one. */
  version: z.number().int().min(0),
  createdAt: instant(),
  updatedAt: instant(),
};

export interface EntityState {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
