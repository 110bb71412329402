/**
 * The what-if over the store (issue 14 point 5): the agreement rows bucket partition by bucket partition,
 * as the inspection's scan reads them (`reading.ts`), each agreement the rules look at judged under the
 * rules in force and under the proposal by the same function (`findingsWhatIfOf`), and the approval
 * decisions of the partition's agreements replayed from their stored snapshots (`decisionWhatIfOf`).
 * Nothing is written. Memory holds one partition (about n/256 rows) and the bounded lists.
 *
 * Bounded time: one call scans partitions until a time budget is spent, then answers what it has with a
 * cursor naming the next partition; the caller posts the same proposal with the cursor to go on and adds
 * the tallies (the console does it by itself). A call is stateless: nothing is kept between calls.
 */
import { CHINA_HOLIDAYS } from '../../policies/calendar-data';
import type { DecisionSnapshot } from '../../policies/decision-snapshot';
import { wasApproved, whatIfStatusesOf } from '../../policies/inspection-rule-set';
import type { InspectionConfig } from '../../policies/inspection-rules';
import type { Parameters } from '../../policies/parameters';
import type { AgreementStatus } from '../../policies/vocabulary';
import {
  addDecisionWhatIf,
  addFindingsWhatIf,
  decisionWhatIfOf,
  emptyWhatIfTally,
  findingsWhatIfOf,
  isApprovalDecision,
  type ParameterChange,
  type WhatIfTally,
} from '../../policies/what-if';
import { DecisionSnapshotModel } from '../models/decision-snapshot.model';
import type { WhatIfView } from '../schemas/inspection.schema';
import { PartnerFacts, SCAN_PARTITIONS, agreementFactsOf, rowsOfBucket } from './reading';

/** Snapshot reads in flight at once (one indexed equality each, by agreement). */
const SNAPSHOT_READS = 8;
const MONTH_MS = 31 * 24 * 3600 * 1000;

export interface WhatIfScanInput {
  current: Parameters;
  proposed: Parameters;
  changes: ParameterChange[];
  now: Date;
  /** Decisions made within this many months before `now` are replayed. */
  months: number;
  /** At most this many agreements and decisions are listed (all are counted). */
  limit: number;
  /** The partition to start at (0: the first call). */
  fromPartition: number;
  /** Scan stops after the partition during which this instant passes. */
  deadline: number;
  clock: () => number;
}

export type WhatIfSlice = Pick<WhatIfView, 'agreements' | 'decisions'> & {
  tally: WhatIfTally;
  /** Approved agreements in the scope with no stored snapshot of their approval: not replayable. */
  decisionsWithoutSnapshot: number;
  truncated: boolean;
  partitionsDone: number;
  /** The partition the next call starts at; absent once every partition is done. */
  nextPartition?: number;
};

interface StoredSnapshot {
  _id: string;
  agreementId: string;
  snapshot: DecisionSnapshot;
}

async function snapshotsOf(agreementIds: readonly string[]): Promise<Map<string, StoredSnapshot[]>> {
  const byAgreement = new Map<string, StoredSnapshot[]>();
  for (let from = 0; from < agreementIds.length; from += SNAPSHOT_READS) {
    await Promise.all(
      agreementIds.slice(from, from + SNAPSHOT_READS).map(async (agreementId) => {
        const found = await DecisionSnapshotModel.find({ agreementId }, { agreementId: 1, snapshot: 1 }).lean<
          StoredSnapshot[]
        >();
        byAgreement.set(agreementId, found);
      }),
    );
  }
  return byAgreement;
}

const briefOf = (f: { ruleId: string; severity: string; params: Record<string, unknown> }) => ({
  ruleId: f.ruleId,
  severity: f.severity,
  params: Object.fromEntries(
    Object.entries(f.params).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
  ),
});

export async function whatIfSlice(input: WhatIfScanInput): Promise<WhatIfSlice> {
  const configs: { current: InspectionConfig; proposed: InspectionConfig } = {
    current: { params: input.current, calendar: CHINA_HOLIDAYS },
    proposed: { params: input.proposed, calendar: CHINA_HOLIDAYS },
  };
  const statuses = new Set<AgreementStatus>(whatIfStatusesOf(input.current, input.proposed));
  const since = input.now.getTime() - input.months * MONTH_MS;
  const slice: WhatIfSlice = {
    tally: emptyWhatIfTally(),
    agreements: [],
    decisions: [],
    decisionsWithoutSnapshot: 0,
    truncated: false,
    partitionsDone: 0,
  };
  const partners = new PartnerFacts();

  for (let partition = input.fromPartition; partition < SCAN_PARTITIONS.length; partition++) {
    const rows = await rowsOfBucket(SCAN_PARTITIONS[partition]!);
    const facts = await Promise.all(rows.map(agreementFactsOf));
    await partners.load(facts.flatMap((f) => (f && statuses.has(f.status) ? [f.partnerId] : [])));
    const approved = facts.flatMap((f) => (f && wasApproved(f.status) ? [f.id] : []));
    const snapshots = await snapshotsOf(approved);

    rows.forEach((row, i) => {
      const agreement = facts[i];
      if (!agreement || !statuses.has(agreement.status)) return;
      const result = findingsWhatIfOf(agreement, partners.get(agreement.partnerId), input.now, configs);
      addFindingsWhatIf(slice.tally, result);
      if (result.gained.length + result.lost.length + result.severityChanged.length === 0) return;
      if (slice.agreements.length >= input.limit) {
        slice.truncated = true;
        return;
      }
      slice.agreements.push({
        agreementId: agreement.id,
        title: String(row.title ?? ''),
        requestingUnit: agreement.requestingUnit,
        partnerName: String(row.partnerName ?? ''),
        status: agreement.status,
        gained: result.gained.map(briefOf) as WhatIfView['agreements'][number]['gained'],
        lost: result.lost.map(briefOf) as WhatIfView['agreements'][number]['lost'],
        severityChanged: result.severityChanged,
      });
    });

    for (const agreementId of approved) {
      const stored = (snapshots.get(agreementId) ?? []).filter((s) => isApprovalDecision(s.snapshot));
      if (stored.length === 0) slice.decisionsWithoutSnapshot += 1;
      for (const { _id, snapshot } of stored) {
        if (Date.parse(snapshot.at) < since) continue;
        const result = decisionWhatIfOf(snapshot, input.changes);
        addDecisionWhatIf(slice.tally, result);
        if (result.verdict === 'unchanged') continue;
        if (slice.decisions.length >= input.limit) {
          slice.truncated = true;
          continue;
        }
        slice.decisions.push({
          agreementId,
          key: _id,
          at: result.at,
          kind: result.decision.kind,
          ...(result.decision.stage ? { stage: result.decision.stage } : {}),
          verdict: result.verdict,
          changes: result.changes,
          problems: [...result.problems],
        });
      }
    }

    slice.partitionsDone += 1;
    if (partition + 1 < SCAN_PARTITIONS.length && input.clock() >= input.deadline) {
      slice.nextPartition = partition + 1;
      break;
    }
  }
  return slice;
}
