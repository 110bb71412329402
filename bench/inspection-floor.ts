/**
 * bench:inspection's floor, run as a process of its own: what judging every agreement costs at the least,
 * with no Temporal, no checkpoints, no writes: the rows read with the same driver as the scan, whole as the
 * scan reads them (src/inspection/reading.ts), the partners read once in one pass, and the same rule functions the scan
 * applies (findingsFor on the row's facts, src/entities/agreement.ts). Two plain ways to read, named by the
 * first argument: `cursor`, one streaming cursor over all rows; `buckets`, the 256 bucket queries one after
 * another (on FerretDB the faster of the two: its cursor reads slower than its pushed-down equalities).
 * Prints one JSON line: rows read, agreements judged, findings by rule, its time and its peak RSS.
 * MONGODB_URI names the store (with the database).
 */
import mongoose from 'mongoose';
import { CHINA_HOLIDAYS } from '../policies/calendar-data';
import {
  findingsFor,
  inspectedStatusesOf,
  INSPECTED_PARTNER_FIELDS,
  type InspectedPartner,
} from '../policies/inspection-rules';
import { AgreementModel, AgreementRowModel, agreementEntity, inspectedAgreementOfRow } from '../src/entities/agreement';
import { partnerEntity } from '../src/entities/partner';
import { rowsOfBucket, SCAN_PARTITIONS, type AgreementRow } from '../src/inspection/reading';
import { loadParameters } from '../src/parameters';

export const FLOOR_READS = ['cursor', 'buckets'] as const;
export type FloorRead = (typeof FLOOR_READS)[number];
const CURSOR_BATCH = 1_000;

/** Every row, one at a time, read the plain way `how` names. */
async function* rowsReadBy(how: FloorRead): AsyncGenerator<AgreementRow> {
  if (how === 'cursor') {
    yield* AgreementRowModel.find({}).lean().cursor({ batchSize: CURSOR_BATCH }) as AsyncIterable<AgreementRow>;
    return;
  }
  for (const bucket of SCAN_PARTITIONS) yield* await rowsOfBucket(bucket);
}

async function main() {
  const uri = process.env.MONGODB_URI;
  const how = process.argv[2] as FloorRead;
  if (!uri) throw new Error('MONGODB_URI names the store');
  if (!FLOOR_READS.includes(how)) throw new Error(`the first argument is one of ${FLOOR_READS.join(', ')}`);
  await mongoose.connect(uri);
  try {
    const params = loadParameters();
    const config = { params, calendar: CHINA_HOLIDAYS };
    const inspected = new Set<string>(inspectedStatusesOf(params));
    const asOf = new Date();
    const started = performance.now();
    // The partners in one pass: the fields the rules read (the scan reads the same ones, by id).
    const partners = new Map<string, InspectedPartner>();
    const projection = Object.fromEntries(INSPECTED_PARTNER_FIELDS.map((f) => [f, 1]));
    for await (const d of partnerEntity.model.find({}, projection).lean().cursor())
      partners.set(String(d._id), partnerEntity.stateOf(d as Record<string, unknown>) as InspectedPartner);
    let read = 0;
    let scanned = 0;
    let findings = 0;
    const byRule: Record<string, number> = {};
    for await (const row of rowsReadBy(how)) {
      read += 1;
      let facts = inspectedAgreementOfRow(row);
      if (!facts) {
        const document = await AgreementModel.findById(row._id).lean<Record<string, unknown>>();
        facts = document ? (agreementEntity.stateOf(document) as never) : undefined;
      }
      if (!facts || !inspected.has(facts.status)) continue;
      scanned += 1;
      for (const f of findingsFor(facts, partners.get(facts.partnerId), asOf, config)) {
        findings += 1;
        byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      }
    }
    const ms = performance.now() - started;
    process.stdout.write(
      `${JSON.stringify({ how, read, scanned, findings, byRule, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
    );
  } finally {
    await mongoose.disconnect();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
