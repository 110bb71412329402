import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { IdempotencyHolderModel, IdempotencyKeyModel } from '../src/models/idempotency-key.model';
import type { PartnerModel } from '../src/entities/partner';
import { appendAuditEvent } from '../src/audit/audit-log';
import { partnerWorkflowId } from '../workflows/ids';

const HOUR_MS = 3600 * 1000;

/** Records that only serve a while and then go, and repairs of what older versions left: jobs, not TTL indexes (FerretDB v1 has none). */
export function createHousekeepingActivities(deps: {
  idempotencyKeys: typeof IdempotencyKeyModel;
  idempotencyHolders: typeof IdempotencyHolderModel;
  partners: typeof PartnerModel;
}) {
  return {
    /** Deletes Idempotency-Key records older than `olderThanHours` before `asOf`; repeating it changes nothing more. */
    async expireIdempotencyKeys(input: { asOf: string; olderThanHours: number }): Promise<{ deleted: number }> {
      const cutoff = new Date(new Date(input.asOf).getTime() - input.olderThanHours * HOUR_MS);
      const { deletedCount } = await deps.idempotencyKeys.deleteMany({ createdAt: { $lt: cutoff } });
      return { deleted: deletedCount };
    },

    /** Deletes the leases of API processes silent for `olderThanHours` (one lease per process start). */
    async expireIdempotencyHolders(input: { asOf: string; olderThanHours: number }): Promise<{ deleted: number }> {
      const cutoff = new Date(new Date(input.asOf).getTime() - input.olderThanHours * HOUR_MS);
      const { deletedCount } = await deps.idempotencyHolders.deleteMany({ heartbeatAt: { $lt: cutoff } });
      return { deleted: deletedCount };
    },

    /**
     * Partners an older version stranded: before the kit the API wrote the partner's document and then
     * started its workflow, so a process stopped in between left a partner `nominated` with no workflow,
     * whose credit code could never be nominated again. Since the kit the workflow writes the first version
     * itself, so a `nominated` partner without its workflow is one of those: its document is deleted and
     * the withdrawal audited once (under its own key), and its credit code may be nominated again.
     * Repeating it changes nothing more.
     */
    async repairStrandedNominations(): Promise<{ repaired: string[] }> {
      const { client } = Context.current();
      const nominated = await deps.partners
        .find({ status: 'nominated' }, { _id: 1, legalName: 1, creditCode: 1, nominatedBy: 1 })
        .lean<{ _id: string; legalName?: string; creditCode?: string; nominatedBy?: string }[]>();
      const repaired: string[] = [];
      for (const partner of nominated) {
        Context.current().heartbeat(partner._id);
        try {
          await client.workflow.getHandle(partnerWorkflowId(partner._id)).describe();
          continue; // its workflow exists: not stranded
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
        await appendAuditEvent({
          eventKey: `partner:${partner._id}:stranded-nomination-repaired`,
          actor: { sub: 'system:housekeeping', roles: ['system'] },
          action: 'partner.nomination_withdrawn',
          subject: { type: 'Partner', id: partner._id },
          before: { status: 'nominated', legalName: partner.legalName, creditCode: partner.creditCode },
          why: { code: 'partner.stranded_without_workflow', params: {} },
        });
        await deps.partners.deleteOne({ _id: partner._id, status: 'nominated' });
        repaired.push(partner._id);
      }
      return { repaired };
    },
  };
}

export type HousekeepingActivities = ReturnType<typeof createHousekeepingActivities>;
