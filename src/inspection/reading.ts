/**
 * What an inspection reads, shared by the run's scan, the what-if and the benchmark's floor: the agreement
 * rows of a bucket partition (narrow documents carrying the rules' facts, src/entities/agreement.ts), the
 * partners they name (each read once by `_id`, the one query the store serves from an index), and the
 * live findings of the partition's agreements.
 */
import {
  INSPECTED_PARTNER_FIELDS,
  type InspectedAgreementFacts,
  type InspectedPartner,
} from '../../policies/inspection-rules';
import { AgreementModel, AgreementRowModel, agreementEntity, inspectedAgreementOfRow } from '../entities/agreement';
import { partnerEntity } from '../entities/partner';
import { BUCKETS } from '../store/buckets';

/** A partition of the scan: one bucket of rows (about n/256 of them). */
export const SCAN_PARTITIONS: readonly string[] = BUCKETS;

export type AgreementRow = Record<string, unknown> & { _id: string };

/**
 * The rows of one bucket after `after` (none: all), sorted by id: one query FerretDB answers from an
 * equality it pushes down, about n/256 rows, sorted in Go.
 */
export async function rowsOfBucket(bucket: string, after?: string): Promise<AgreementRow[]> {
  return (await AgreementRowModel.find({ bucket, ...(after === undefined ? {} : { _id: { $gt: after } }) })
    .sort({ _id: 1 })
    .lean()) as AgreementRow[];
}

/** The rules' facts of a row; a row written before rows carried them is completed from its agreement. */
export async function agreementFactsOf(row: AgreementRow): Promise<InspectedAgreementFacts | undefined> {
  const facts = inspectedAgreementOfRow(row);
  if (facts) return facts;
  const document = await AgreementModel.findById(row._id).lean<Record<string, unknown>>();
  return document ? (agreementEntity.stateOf(document) as InspectedAgreementFacts) : undefined;
}

const PARTNER_PROJECTION = Object.fromEntries(INSPECTED_PARTNER_FIELDS.map((f) => [f, 1]));
/** Partner reads in flight at once. */
const PARTNER_READS = 8;

/**
 * The partners a scan needs, each read once: by `_id` (served from an index on either store), the fields
 * the rules read. A partner not found is undefined (the rules find it not approved).
 */
export class PartnerFacts {
  private readonly known = new Map<string, InspectedPartner | undefined>();

  /** Reads every partner of `ids` not read yet. */
  async load(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.known.has(id));
    for (let from = 0; from < missing.length; from += PARTNER_READS) {
      await Promise.all(
        missing.slice(from, from + PARTNER_READS).map(async (id) => {
          const document = await partnerEntity.model.findById(id, PARTNER_PROJECTION).lean<Record<string, unknown>>();
          this.known.set(id, document ? (partnerEntity.stateOf(document) as InspectedPartner) : undefined);
        }),
      );
    }
  }

  get(id: string): InspectedPartner | undefined {
    return this.known.get(id);
  }

  get size(): number {
    return this.known.size;
  }
}
