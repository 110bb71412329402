import { ApplicationFailure } from '@temporalio/common';
import { filingDocumentOf, type FilingInput } from '../policies/filing-document';
import { retainUntilOf, type RetentionParameters } from '../policies/provision-records';
import { endOfShanghaiDay } from '../policies/calendar';
import { isDuplicateKey } from '../src/models/duplicate-key';
import type { RegulatorFilingModel } from '../src/models/regulator-filing.model';
import type { RegulatorFilingConnector } from './connectors/regulator-filing';

/** What the workflow files: everything of the document but the filing company, which is configured. */
export type FilingRequest = Omit<FilingInput, 'organisation'>;

export interface FilingRecord {
  key: string;
  reference: string;
  status: 'submitted' | 'confirmed';
  submittedAt: string;
}

export interface FilingConfirmation {
  /** The filing's key. */
  key: string;
  /** When the regulator confirmed, as the person recording it read it (ISO instant). */
  confirmedAt: string;
  /** The person who records it (`sub`). */
  recordedBy: string;
  /** The regulator's own number for the filing, if it gave one. */
  regulatorReference?: string;
  note?: string;
}

export const FILING_NOT_FOUND = 'filing.not_found';
export const FILING_NOT_REPORTABLE = 'filing.not_reportable';

/** The regulator filing of a reportable provision (S4): submitted through the connector, tracked until confirmed. */
export function createRegulatorFilingActivities(deps: {
  connector: RegulatorFilingConnector;
  filings: typeof RegulatorFilingModel;
  /** The company that files (报送单位), from the configuration. */
  organisation: string;
  parameters: RetentionParameters;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Makes the filing document from the request, submits it, and records the filing with its reference.
     * Retried, it submits under the same key (the connector keeps one filing) and records once; once
     * recorded, it returns the record without submitting again.
     */
    async submitRegulatorFiling(request: FilingRequest): Promise<FilingRecord> {
      if (request.reasons.length === 0) {
        throw ApplicationFailure.nonRetryable(
          `${request.key}: a provision with no reason to report is not filed`,
          FILING_NOT_REPORTABLE,
        );
      }
      const recorded = await deps.filings.findById(request.key).lean();
      if (recorded) return recordOf(recorded);

      const input: FilingInput = { ...request, organisation: deps.organisation };
      const document = filingDocumentOf(input);
      const { facts } = request;
      const receipt = await deps.connector.submit({
        key: request.key,
        agreementId: facts.agreementId,
        document,
        data: input,
      });
      const record = {
        _id: request.key,
        agreementId: facts.agreementId,
        agreementVersion: facts.agreementVersion,
        partnerId: facts.partnerId,
        requestingUnit: facts.requestingUnit,
        reasons: request.reasons,
        document,
        submittedThrough: deps.connector.name,
        reference: receipt.reference,
        submittedAt: now(),
        status: 'submitted' as const,
        retainUntil: retainUntilOf({
          recordedAt: new Date(facts.approvedAt),
          agreementEndsAt: endOfShanghaiDay(facts.endDate),
          personalInfo: facts.personalInfo,
          parameters: deps.parameters,
        }),
      };
      try {
        await deps.filings.create(record);
        return recordOf(record);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return recordOf((await deps.filings.findById(request.key).lean())!);
      }
    },

    /**
     * Records the regulator's confirmation of a submitted filing. The first confirmation recorded is kept:
     * recording it again (a retry, or a second person) changes nothing and returns the one kept.
     */
    async recordFilingConfirmation(confirmation: FilingConfirmation): Promise<FilingRecord & { confirmedAt: string }> {
      const { key, confirmedAt, recordedBy, regulatorReference, note } = confirmation;
      await deps.filings.updateOne(
        { _id: key, status: 'submitted' },
        {
          $set: {
            status: 'confirmed',
            confirmation: {
              confirmedAt: new Date(confirmedAt),
              recordedBy,
              recordedAt: now(),
              ...(regulatorReference ? { regulatorReference } : {}),
              ...(note ? { note } : {}),
            },
          },
        },
      );
      const stored = await deps.filings.findById(key).lean();
      if (!stored) throw ApplicationFailure.nonRetryable(`no filing ${key}`, FILING_NOT_FOUND);
      return { ...recordOf(stored), confirmedAt: stored.confirmation!.confirmedAt!.toISOString() };
    },
  };
}

function recordOf(doc: {
  _id: string;
  reference: string;
  status: 'submitted' | 'confirmed';
  submittedAt: Date;
}): FilingRecord {
  return { key: doc._id, reference: doc.reference, status: doc.status, submittedAt: doc.submittedAt.toISOString() };
}

export type RegulatorFilingActivities = ReturnType<typeof createRegulatorFilingActivities>;
