/**
 * Retention floors (R13, R22, R44): when a kept record may be purged at the earliest. Audit events are
 * kept at least 180 days from their time; provision records, PIPIA reports and assessment records at
 * least 3 years from the end of their agreement (or, when configured, from the record's own date). A
 * configured retention may be longer, never shorter: a value below the floor is raised to it here too,
 * whatever the parameters say, so that no configuration and no caller can purge below a floor.
 * Pure: time is a parameter.
 */

/** The floors of the rules themselves, whatever is configured. */
export const RETENTION_FLOORS = {
  /** R13 (MIIT 办法 Art 25): logs at least 6 months. */
  auditEventDays: 180,
  /** R22 (条例 Art 12): provision and entrusted-processing records at least 3 years. */
  provisionRecordYears: 3,
  /** R44 (PIPL Art 56): PIPIA reports and processing records at least 3 years. */
  pipiaRecordYears: 3,
} as const;

export type RetainedKind = 'audit_event' | 'provision_record' | 'pipia_record' | 'assessment_record';

export interface RetentionParameters {
  logRetentionDays: number;
  provisionRecordRetentionYears: number;
  provisionRecordRetentionFrom: 'agreement_end' | 'record_date';
  pipiaRecordRetentionYears: number;
}

export interface RetainedRecord {
  kind: RetainedKind;
  /** When the record was made (an audit event's time, a provision's date), ISO 8601. */
  recordedAt: string;
  /** When its agreement ended, ISO 8601; absent while the agreement runs (nothing of it may go). */
  agreementEndedAt?: string;
}

const DAY_MS = 24 * 3600 * 1000;

function plusYears(iso: string, years: number): Date {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** The earliest time the record may be purged, or undefined while it must be kept with no end yet. */
export function purgeableFrom(record: RetainedRecord, parameters: RetentionParameters): Date | undefined {
  if (Number.isNaN(new Date(record.recordedAt).getTime())) return undefined;
  if (record.kind === 'audit_event') {
    const days = Math.max(parameters.logRetentionDays, RETENTION_FLOORS.auditEventDays);
    return new Date(new Date(record.recordedAt).getTime() + days * DAY_MS);
  }
  const years =
    record.kind === 'provision_record'
      ? Math.max(parameters.provisionRecordRetentionYears, RETENTION_FLOORS.provisionRecordYears)
      : Math.max(parameters.pipiaRecordRetentionYears, RETENTION_FLOORS.pipiaRecordYears);
  // The later of the agreement's end and the record's date, unless records count from their own date.
  const fromRecord = plusYears(record.recordedAt, years);
  if (parameters.provisionRecordRetentionFrom === 'record_date' && record.kind === 'provision_record') {
    return fromRecord;
  }
  if (!record.agreementEndedAt || Number.isNaN(new Date(record.agreementEndedAt).getTime())) return undefined;
  const fromEnd = plusYears(record.agreementEndedAt, years);
  return fromEnd > fromRecord ? fromEnd : fromRecord;
}

/**
 * Whether a purge at `asOf` may delete the record. A purge asked to keep records for less than the
 * floor (`requestedDays`) still keeps them until the floor: the request can only lengthen retention.
 */
export function mayPurge(input: {
  record: RetainedRecord;
  asOf: string;
  parameters: RetentionParameters;
  /** A retention the purge was asked for, in days; below the floor it changes nothing. */
  requestedDays?: number;
}): boolean {
  const floor = purgeableFrom(input.record, input.parameters);
  if (!floor) return false;
  const asOf = new Date(input.asOf).getTime();
  if (Number.isNaN(asOf)) return false;
  const requested =
    input.requestedDays === undefined
      ? floor.getTime()
      : new Date(input.record.recordedAt).getTime() + input.requestedDays * DAY_MS;
  return asOf >= Math.max(floor.getTime(), requested);
}
