/**
 * What an incident's workflow does outside itself, besides telling its agreements (workflow signals): at a
 * closure with revoke, the partner's credit code listed with the incident as the reason and the partner
 * blacklisted through its own workflow; and what the drill reminder reads. Each is idempotent.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Claims } from '../policies/abilities';
import type { Parameters } from '../policies/parameters';
import { appendAuditEvent } from '../src/audit/audit-log';
import type { IncidentRowModel } from '../src/entities/incident';
import type { AuditEventModel } from '../src/models/audit-event.model';
import type { BlacklistModel } from '../src/models/blacklist.model';
import { partnerWorkflowId } from '../workflows/ids';
import { blacklistUpdate } from '../workflows/partner/messages';
import { listCode } from './blacklist';

export interface IncidentBlacklisting {
  /** `incident:<id>:blacklist`: the same on a retry. */
  key: string;
  incidentId: string;
  partnerId: string;
  creditCode: string;
  reason: string;
  /** The DSO who closed the incident: the partner's blacklisting is theirs. */
  actor: Claims;
}

export function createIncidentActivities(deps: {
  blacklist: typeof BlacklistModel;
  incidentRows: typeof IncidentRowModel;
  auditEvents: typeof AuditEventModel;
  parameters: Pick<Parameters, 'drillCadenceMonths' | 'drillReminderDays'>;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Lists the credit code (source `incident`) unless an entry in force lists it, with an audit event of the
     * listing; then blacklists the partner through its workflow's `blacklist` update (its agreements are told
     * there). A partner whose workflow has ended (blacklisted already, or never run by a workflow) needs the
     * listing only.
     */
    async blacklistForIncident(
      input: IncidentBlacklisting,
    ): Promise<{ listed: boolean; partner: 'blacklisted' | 'no_workflow' }> {
      const { listed } = await listCode(
        deps.blacklist,
        {
          creditCode: input.creditCode,
          reason: input.reason,
          listedBy: input.actor.sub,
          source: 'incident',
          incidentId: input.incidentId,
          partnerId: input.partnerId,
        },
        now(),
      );
      if (listed) {
        await appendAuditEvent({
          eventKey: `blacklist:${input.creditCode}:${input.key}`,
          actor: input.actor,
          action: 'blacklist.listed',
          subject: { type: 'BlacklistEntry', id: input.creditCode },
          after: { source: 'incident', incidentId: input.incidentId, partnerId: input.partnerId },
          reason: input.reason,
        });
      }
      const { client } = Context.current();
      try {
        await client.workflow.getHandle(partnerWorkflowId(input.partnerId)).executeUpdate(blacklistUpdate, {
          args: [{ reason: input.reason, actor: input.actor }],
          updateId: input.key,
        });
        return { listed, partner: 'blacklisted' };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { listed, partner: 'no_workflow' };
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          if (err.cause.type === 'partner.blacklisted') return { listed, partner: 'blacklisted' };
          throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? 'partner.blacklisted');
        }
        throw err;
      }
    },

    /**
     * When the last drill was reported (none: undefined), when DataPact began counting (its first audit event),
     * and the cadence configured.
     */
    async drillStatus(): Promise<{
      lastDrillAt?: string;
      since: string;
      params: Pick<Parameters, 'drillCadenceMonths' | 'drillReminderDays'>;
    }> {
      const drills = await deps.incidentRows.find({ drill: true }, { reportedAt: 1 }).lean<{ reportedAt?: Date }[]>();
      const last = drills.reduce<number | undefined>(
        (latest, d) => (d.reportedAt ? Math.max(latest ?? 0, d.reportedAt.getTime()) : latest),
        undefined,
      );
      const first = await deps.auditEvents.findOne({ seq: 1 }, { at: 1 }).lean<{ at?: Date }>();
      return {
        ...(last !== undefined ? { lastDrillAt: new Date(last).toISOString() } : {}),
        since: (first?.at ?? now()).toISOString(),
        params: {
          drillCadenceMonths: deps.parameters.drillCadenceMonths,
          drillReminderDays: deps.parameters.drillReminderDays,
        },
      };
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
