import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CLOSED_AGREEMENT_STATUSES } from '../policies/vocabulary';
import type { AgreementModel } from '../src/entities/agreement';
import { agreementWorkflowId } from '../workflows/ids';
import { partnerLapsedSignal, type PartnerLapsed } from '../workflows/agreement/messages';

const PAGE = 200;

interface Progress {
  told: number;
  skipped: number;
  after: string;
}

/** What the partner's workflow tells the agreements of that partner. */
export function createAgreementSignalActivities(deps: { agreements: typeof AgreementModel }) {
  return {
    /**
     * Signals `partnerLapsed` to the workflow of every open agreement of the partner, paging by id.
     * A retry signals again with the same key, which the agreement treats as the fact it already has.
     * An agreement whose workflow has ended is past suspending: it is skipped.
     */
    async tellAgreementsOfPartner(fact: PartnerLapsed): Promise<{ told: number; skipped: number }> {
      const { client, info } = Context.current();
      // A retry resumes after the last agreement the previous attempt got to.
      const resumed = info.heartbeatDetails as Progress | undefined;
      let told = resumed?.told ?? 0;
      let skipped = resumed?.skipped ?? 0;
      let after = resumed?.after ?? '';
      for (;;) {
        const page = await deps.agreements
          .find(
            { partnerId: fact.partnerId, status: { $nin: [...CLOSED_AGREEMENT_STATUSES] }, _id: { $gt: after } },
            { _id: 1 },
          )
          .sort({ _id: 1 })
          .limit(PAGE)
          .lean();
        for (const { _id } of page) {
          try {
            await client.workflow.getHandle(agreementWorkflowId(String(_id))).signal(partnerLapsedSignal, fact);
            told += 1;
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
            skipped += 1;
          }
          after = String(_id);
          Context.current().heartbeat({ told, skipped, after } satisfies Progress);
        }
        if (page.length < PAGE) break;
      }
      return { told, skipped };
    },
  };
}

export type AgreementSignalActivities = ReturnType<typeof createAgreementSignalActivities>;
