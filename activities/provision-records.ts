import { endOfShanghaiDay } from '../policies/calendar';
import {
  categoriesOf,
  retainUntilOf,
  type ProvisionFacts,
  type ReportableReason,
  type RetentionParameters,
} from '../policies/provision-records';
import { isDuplicateKey } from '../src/models/duplicate-key';
import type { ProvisionReportModel } from '../src/models/provision-report.model';

export interface ProvisionRecordRequest {
  /** `provision:<agreementId>:v<n>`. */
  key: string;
  facts: ProvisionFacts;
  /** Why it is also filed with the regulator (`reportableReasonsOf`); empty when it is not. */
  reportableReasons: ReportableReason[];
}

/** The external-provision record of S4, written at approval. */
export function createProvisionRecordActivities(deps: {
  provisionReports: typeof ProvisionReportModel;
  parameters: RetentionParameters;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Writes the record of a provision, kept until at least 3 years after the agreement ends (R22, R44).
     * Retried with the same key, it is one record, the first one; returns the date it is kept until.
     */
    async recordProvision(request: ProvisionRecordRequest): Promise<{ key: string; retainUntil: string }> {
      const { key, facts } = request;
      const retainUntil = retainUntilOf({
        recordedAt: new Date(facts.approvedAt),
        agreementEndsAt: endOfShanghaiDay(facts.endDate),
        personalInfo: facts.personalInfo,
        parameters: deps.parameters,
      });
      try {
        await deps.provisionReports.create({
          _id: key,
          ...facts,
          approvedAt: new Date(facts.approvedAt),
          categories: categoriesOf(facts.assets),
          reportableReasons: request.reportableReasons,
          recordedAt: now(),
          retainUntil,
        });
        return { key, retainUntil: retainUntil.toISOString() };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const kept = await deps.provisionReports.findById(key, { retainUntil: 1 }).lean();
        return { key, retainUntil: kept!.retainUntil.toISOString() };
      }
    },
  };
}

export type ProvisionRecordActivities = ReturnType<typeof createProvisionRecordActivities>;
