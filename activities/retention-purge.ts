import type { Collection } from 'mongodb';
import { mayPurge, type RetainedKind, type RetentionParameters } from '../policies/retention';
import { CLOSED_AGREEMENT_STATUSES } from '../policies/vocabulary';
import { purgeAuditEvents, type AuditPurgeResult } from '../src/audit/audit-log';

/** The collections of a provision's records (S4): each record names its agreement and the date it is kept until. */
export const PROVISION_RECORD_COLLECTIONS = [
  'provision_reports',
  'usage_reports',
  'deletion_attestations',
  'regulator_filings',
] as const;
type RecordCollection = (typeof PROVISION_RECORD_COLLECTIONS)[number];

interface RecordStamp {
  _id: string;
  agreementId: string;
  retainUntil: Date;
  recordedAt?: Date;
  submittedAt?: Date;
  approvedAt?: Date;
  personalInfo?: boolean;
}

interface AgreementEnd {
  _id: string;
  status: string;
  endsAt?: string | Date;
  updatedAt?: string | Date;
  access?: { revokedAt?: string | Date };
  personalInfo?: boolean;
}

const CLOSED: ReadonlySet<string> = new Set(CLOSED_AGREEMENT_STATUSES);

/**
 * The retention purge (R13, R22, R44): what the rules no longer require is deleted, never anything
 * below a floor: `policies/retention.ts` decides each record, and raises any configuration below a floor
 * to it. Run by the housekeeping workflow; repeating it changes nothing more.
 */
export function createRetentionPurgeActivities(deps: {
  parameters: RetentionParameters;
  /** The store's collections by name (the default connection's models in the worker). */
  collection: (name: RecordCollection | 'agreements') => Collection;
}) {
  return {
    /** Deletes the audit events older than the log retention: a prefix of a verified trail, anchored first. */
    async purgeAuditEvents(input: { asOf: string; requestedDays?: number }): Promise<AuditPurgeResult> {
      return purgeAuditEvents({ asOf: input.asOf, parameters: deps.parameters, requestedDays: input.requestedDays });
    },

    /**
     * Deletes the records of provisions (provision records, usage reports, deletion attestations,
     * regulator filings) whose agreement ended more than the retention ago: the record's own
     * `retainUntil` has passed and the rules agree, for the provision record's floor and, when the
     * agreement shares personal information, the PIPIA record's. A record of an agreement that has not
     * ended (or is not found) stays. The PIPIA and assessment references are in the agreement itself,
     * which no purge deletes.
     */
    async purgeProvisionRecords(input: {
      asOf: string;
      requestedDays?: number;
    }): Promise<{ deleted: Partial<Record<RecordCollection, number>> }> {
      const asOf = new Date(input.asOf);
      const candidates = new Map<RecordCollection, RecordStamp[]>();
      const agreementIds = new Set<string>();
      for (const name of PROVISION_RECORD_COLLECTIONS) {
        // The store ranges nothing cheaply: a scan of two fields, and the dates compared here.
        const due: RecordStamp[] = [];
        const cursor = deps.collection(name).find(
          {},
          {
            projection: {
              agreementId: 1,
              retainUntil: 1,
              recordedAt: 1,
              submittedAt: 1,
              approvedAt: 1,
              personalInfo: 1,
            },
          },
        );
        for await (const doc of cursor) {
          const stamp = doc as unknown as RecordStamp;
          if (stamp.retainUntil instanceof Date && stamp.retainUntil.getTime() <= asOf.getTime()) {
            due.push(stamp);
            agreementIds.add(stamp.agreementId);
          }
        }
        candidates.set(name, due);
      }
      const ends = new Map<string, AgreementEnd>();
      for (const id of agreementIds) {
        const agreement = await deps
          .collection('agreements')
          .findOne(
            { _id: id as never },
            { projection: { status: 1, endsAt: 1, updatedAt: 1, access: 1, personalInfo: 1 } },
          );
        if (agreement) ends.set(id, agreement as unknown as AgreementEnd);
      }

      const deleted: Partial<Record<RecordCollection, number>> = {};
      for (const [name, stamps] of candidates) {
        const purgeable = stamps.filter((stamp) => {
          const agreement = ends.get(stamp.agreementId);
          const endedAt = agreement ? endOf(agreement) : undefined;
          if (!endedAt) return false;
          const recordedAt = (
            stamp.recordedAt ??
            stamp.submittedAt ??
            stamp.approvedAt ??
            stamp.retainUntil
          ).toISOString();
          const kinds: RetainedKind[] =
            stamp.personalInfo || agreement?.personalInfo ? ['provision_record', 'pipia_record'] : ['provision_record'];
          return kinds.every((kind) =>
            mayPurge({
              record: { kind, recordedAt, agreementEndedAt: endedAt },
              asOf: input.asOf,
              parameters: deps.parameters,
              requestedDays: input.requestedDays,
            }),
          );
        });
        if (purgeable.length === 0) continue;
        // One by `_id` (the store pushes down no `$in`); a record deleted already counts nothing.
        let count = 0;
        for (const stamp of purgeable)
          count += (await deps.collection(name).deleteOne({ _id: stamp._id as never })).deletedCount;
        deleted[name] = count;
      }
      return { deleted };
    },
  };
}

/** When a closed agreement ended, at the latest: its term's end, its revocation, its last change. */
function endOf(agreement: AgreementEnd): string | undefined {
  if (!CLOSED.has(agreement.status)) return undefined;
  const times = [agreement.endsAt, agreement.access?.revokedAt, agreement.updatedAt]
    .filter((t): t is string | Date => t !== undefined && t !== null)
    .map((t) => new Date(t).getTime())
    .filter((t) => !Number.isNaN(t));
  if (times.length === 0) return undefined;
  return new Date(Math.max(...times)).toISOString();
}

export type RetentionPurgeActivities = ReturnType<typeof createRetentionPurgeActivities>;
