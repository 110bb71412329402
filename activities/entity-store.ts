/**
 * The one write of every entity's workflow: a version of its state, with the transition's audit event.
 * Idempotent under retry: the event is keyed by entity, id and version, and the document is written
 * only over an older version, so a retried or stale write adds and changes nothing.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Claims } from '../policies/abilities';
import type { AuditAction, AuditReason } from '../policies/audit-actions';
import type { EntityState } from '../workflows/kit/state';
import { appendAuditEvent } from '../src/audit/audit-log';
import { ENTITIES, type EntityName } from '../src/entities';
import { isDuplicateKey } from '../src/models/duplicate-key';

export type { EntityName };

export interface RecordedTransition {
  entity: EntityName;
  /** The state at this version, as the workflow holds it. */
  state: EntityState & Record<string, unknown>;
  /** The audit summary of the version before (the workflow holds it: nothing is read to rebuild it). */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  audit: {
    actor: Claims;
    action: AuditAction;
    reason?: string;
    why?: AuditReason;
    ruleVersion: string;
  };
}

export function createEntityStoreActivities(deps: { entities?: typeof ENTITIES } = {}) {
  const entities = deps.entities ?? ENTITIES;
  return {
    async recordEntity(transition: RecordedTransition): Promise<void> {
      const { state, audit } = transition;
      const entity = entities[transition.entity];
      await appendAuditEvent({
        eventKey: `${transition.entity}:${state.id}:v${state.version}`,
        actor: audit.actor,
        action: audit.action,
        subject: { type: entity.name, id: state.id },
        before: transition.before,
        after: transition.after,
        ...(audit.reason !== undefined ? { reason: audit.reason } : {}),
        ...(audit.why ? { why: audit.why } : {}),
        ruleVersion: audit.ruleVersion,
        at: new Date(state.updatedAt),
      });
      const { $set, $unset } = entity.storeUpdateOf(state);
      try {
        // Over an older version only; the first version inserts the document.
        await entity.model.updateOne(
          { _id: state.id, version: { $lt: state.version } },
          { $set, ...(Object.keys($unset).length > 0 ? { $unset } : {}) },
          { upsert: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // The insert of an upsert collided: either this id holds this version or a newer one (a stale
        // retry: nothing to do), or another document holds a unique value of this one (a conflict a
        // retry cannot fix).
        const current = await entity.model.findById(state.id, { version: 1 }).lean<{ version?: number }>();
        if (current && (current.version ?? 0) >= state.version) return;
        throw ApplicationFailure.nonRetryable(
          `${entity.name} ${state.id} v${state.version} collides with another document: ${(err as Error).message}`,
          'EntityConflict',
        );
      }
      const row = entity.rowOf(state);
      if (row && entity.rowModel) {
        // The row replaced whole at this version (its fields are all there, or not at all).
        const { _id, ...fields } = row;
        await entity.rowModel
          .replaceOne({ _id, version: { $lt: state.version } }, fields, { upsert: true })
          .catch((err: unknown) => {
            if (!isDuplicateKey(err)) throw err; // a newer row is there already
          });
      }
    },
  };
}

export type EntityStoreActivities = ReturnType<typeof createEntityStoreActivities>;
