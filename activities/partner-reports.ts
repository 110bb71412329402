import { endOfShanghaiDay } from '../policies/calendar';
import { retainUntilOf, type ReportableReason, type RetentionParameters } from '../policies/provision-records';
import type { DeletionMethod } from '../policies/vocabulary';
import { isDuplicateKey } from '../src/models/duplicate-key';
import type { DeletionAttestationModel } from '../src/models/deletion-attestation.model';
import type { UsageReportModel } from '../src/models/usage-report.model';

/** The agreement a partner's report belongs to, as far as keeping the report needs it. */
export interface ReportedAgreement {
  agreementId: string;
  partnerId: string;
  requestingUnit: string;
  /** The agreement's last day, 'YYYY-MM-DD': its records are kept from then (R22). */
  endDate: string;
  personalInfo: boolean;
}

/** What a partner reports for one period (the shape of the usage-report policy's `UsageReport`). */
export interface PeriodUsage {
  period: { start: string; end: string };
  /** Records received in the period; distinct people, of them with PI, with sensitive PI. */
  records: number;
  people: number;
  personalInfoPeople: number;
  sensitivePersonalInfoPeople: number;
  fieldsUsed: readonly { assetId: string; fields: readonly string[] }[];
  controlsAttested: readonly string[];
  /** Null: passed on to nobody. */
  onwardProvision: { subRecipientPartnerId: string } | null;
}

export interface UsageReportRequest {
  /** `usage:<agreementId>:<period start>`. */
  key: string;
  agreement: ReportedAgreement;
  report: PeriodUsage;
  /** What the report shows beyond the approval, if the workflow found anything. */
  violations?: ReportableReason[];
  remarks?: string;
  /** The partner user who submitted it (`sub`) and when (ISO instant). */
  submittedBy: string;
  submittedAt: string;
}

export interface DeletionAttestationRequest {
  /** `deletion:<agreementId>:v<n>`. */
  key: string;
  agreement: ReportedAgreement;
  deleted: { assetId: string; fields: string[] }[];
  description: string;
  includesBackups: boolean;
  /** When the data was deleted (ISO instant). */
  deletedAt: string;
  deletedBy: { name: string; title?: string };
  method: DeletionMethod;
  methodDetail?: string;
  /** The partner user who attests it (`sub`) and when (ISO instant). */
  attestedBy: string;
  attestedAt: string;
}

export interface StoredReport {
  key: string;
  /** True when a record under this key was there already (a retry, or the same report sent twice): the first is kept. */
  repeated: boolean;
  retainUntil: string;
}

/** What a partner reports on an agreement: its periodic usage (supervision, R22) and its deletion (R9). */
export function createPartnerReportActivities(deps: {
  usageReports: typeof UsageReportModel;
  attestations: typeof DeletionAttestationModel;
  parameters: RetentionParameters;
}) {
  const retainUntilFor = (agreement: ReportedAgreement, recordedAt: string) =>
    retainUntilOf({
      recordedAt: new Date(recordedAt),
      agreementEndsAt: endOfShanghaiDay(agreement.endDate),
      personalInfo: agreement.personalInfo,
      parameters: deps.parameters,
    });

  /** The store operations `insertOnce` needs, of either collection. */
  interface Store {
    create(doc: object): Promise<unknown>;
    retainUntilOf(key: string): Promise<Date | undefined>;
  }
  const usageStore: Store = {
    create: (doc) => deps.usageReports.create(doc),
    retainUntilOf: async (key) => (await deps.usageReports.findById(key, { retainUntil: 1 }).lean())?.retainUntil,
  };
  const attestationStore: Store = {
    create: (doc) => deps.attestations.create(doc),
    retainUntilOf: async (key) => (await deps.attestations.findById(key, { retainUntil: 1 }).lean())?.retainUntil,
  };

  async function insertOnce(
    store: Store,
    doc: { _id: string; retainUntil: Date } & Record<string, unknown>,
  ): Promise<StoredReport> {
    try {
      await store.create(doc);
      return { key: doc._id, repeated: false, retainUntil: doc.retainUntil.toISOString() };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const kept = await store.retainUntilOf(doc._id);
      return { key: doc._id, repeated: true, retainUntil: kept!.toISOString() };
    }
  }

  return {
    /** Stores a partner's usage report for a period; the same key again is the same report. */
    async recordUsageReport(request: UsageReportRequest): Promise<StoredReport> {
      const { key, agreement, report, submittedAt } = request;
      return insertOnce(usageStore, {
        _id: key,
        agreementId: agreement.agreementId,
        partnerId: agreement.partnerId,
        requestingUnit: agreement.requestingUnit,
        ...report,
        onwardProvision: report.onwardProvision ?? undefined,
        violations: request.violations ?? [],
        ...(request.remarks ? { remarks: request.remarks } : {}),
        submittedBy: request.submittedBy,
        submittedAt: new Date(submittedAt),
        retainUntil: retainUntilFor(agreement, submittedAt),
      });
    },

    /** Stores a partner's deletion attestation: what, when, by whom, how; the same key again is the same attestation. */
    async recordDeletionAttestation(request: DeletionAttestationRequest): Promise<StoredReport> {
      const { key, agreement, deletedAt, attestedAt, ...attestation } = request;
      return insertOnce(attestationStore, {
        _id: key,
        agreementId: agreement.agreementId,
        partnerId: agreement.partnerId,
        requestingUnit: agreement.requestingUnit,
        ...attestation,
        deletedAt: new Date(deletedAt),
        attestedAt: new Date(attestedAt),
        retainUntil: retainUntilFor(agreement, attestedAt),
      });
    },
  };
}

export type PartnerReportActivities = ReturnType<typeof createPartnerReportActivities>;
