/**
 * The scan of a special inspection (issue 14): the agreement rows, bucket partition by bucket partition,
 * each batch judged by the rules (policies/inspection-rules.ts) against the findings earlier runs left
 * live; what is new is raised (inserted: one per run × rule × agreement), what persists is counted, what
 * is gone is closed by the rectification that owns it; an agreement whose new finding suspends it is told.
 * One activity scans one chunk of partitions and heartbeats after every batch with the point to resume
 * after it and its running result, so an attempt that dies (a worker killed) is resumed by the next one
 * where it stopped. Nothing of the scope is held but one partition; the rows are narrow documents.
 */
import { Context } from '@temporalio/activity';
import { CHINA_HOLIDAYS } from '../policies/calendar-data';
import { addFinding, addScanned, emptyRunTally, type RunTally } from '../policies/inspection-report';
import {
  findingsFor,
  inspectedStatusesOf,
  reinspectionOf,
  type Finding,
  type InspectionConfig,
} from '../policies/inspection-rules';
import { findingCodeOf } from '../policies/oversight-reasons';
import type { Parameters } from '../policies/parameters';
import { suspendsAgreement } from '../policies/rectification';
import { renderOversight } from '../policies/texts/oversight';
import type { FindingStatus } from '../policies/vocabulary';
import type { InspectionState, InspectionProgress } from '../workflows/inspection/state';
import { oversightSignal, type OversightFact } from '../workflows/agreement/messages';
import { findingsClosedSignal, type FindingsClosed } from '../workflows/rectification/messages';
import { agreementWorkflowId, rectificationWorkflowId } from '../workflows/ids';
import type { findingEntity } from '../src/entities/finding';
import type { inspectionEntity } from '../src/entities/inspection';
import { insertFindings, raisedFindingOf } from '../src/inspection/findings';
import { ruleSetInForce } from '../src/inspection/rule-sets';
import {
  PartnerFacts,
  SCAN_PARTITIONS,
  agreementFactsOf,
  rowsOfBucket,
  type AgreementRow,
} from '../src/inspection/reading';
import { signalEach, type Send } from './oversight-signals';

/** Rows judged between two heartbeats. */
export const SCAN_BATCH = 500;

export interface ChunkInput {
  period: string;
  /** The instant the rules judge at (the run's start). */
  asOf: string;
  ruleSetVersion: string;
  params: Parameters;
  /** The partitions [from, to) of the 256 buckets. */
  from: number;
  to: number;
}

export interface ChunkResult {
  partitionsDone: number;
  read: number;
  scanned: number;
  raised: number;
  persisting: number;
  closed: number;
  agreementsTold: number;
  /** Workflows a fact was meant for that do not exist. */
  unreachable: number;
  tally: RunTally;
  /** Owner units of the findings this run raised in the chunk. */
  unitsRaised: string[];
}

interface Checkpoint {
  resume: { partition: number; after?: string };
  result: ChunkResult;
}

/** A finding earlier runs left live, as the re-inspection reads it. */
interface LiveFinding {
  _id: string;
  key: string;
  ruleId: Finding['ruleId'];
  cause: string;
  status: FindingStatus;
  period: string;
  ownerUnit: string;
  agreementId: string;
}
const LIVE_PROJECTION = { key: 1, ruleId: 1, cause: 1, status: 1, period: 1, ownerUnit: 1, agreementId: 1 };

export const emptyChunkResult = (): ChunkResult => ({
  partitionsDone: 0,
  read: 0,
  scanned: 0,
  raised: 0,
  persisting: 0,
  closed: 0,
  agreementsTold: 0,
  unreachable: 0,
  tally: emptyRunTally(),
  unitsRaised: [],
});

/** The SYSTEM actor of a run's own steps. */
const INSPECTION_ACTOR = 'system:inspection';

export function createInspectionScanActivities(deps: {
  inspections: typeof inspectionEntity;
  findings: typeof findingEntity;
  parameters: () => Parameters;
  /**
   * Called after each batch's heartbeat with the attempt and whether it resumed an earlier attempt's
   * checkpoint: a test holds an attempt there to stop its worker mid-scan. Nothing in production.
   */
  afterBatch?: (at: { attempt: number; resumed: boolean }) => Promise<void>;
}) {
  /** The partners of the run being scanned, read once per worker process (chunks of a run share them). */
  let partnerCache: { run: string; partners: PartnerFacts } | undefined;
  const partnersOf = (run: string) => {
    if (partnerCache?.run !== run) partnerCache = { run, partners: new PartnerFacts() };
    return partnerCache.partners;
  };

  async function liveFindingsOf(bucket: string): Promise<Map<string, LiveFinding[]>> {
    const found = await deps.findings.model
      .find({ agreementBucket: bucket, live: true }, LIVE_PROJECTION)
      .lean<LiveFinding[]>();
    const byAgreement = new Map<string, LiveFinding[]>();
    for (const f of found) byAgreement.set(f.agreementId, [...(byAgreement.get(f.agreementId) ?? []), f]);
    return byAgreement;
  }

  /** Judges one batch of rows; inserts, tells and closes what it must; adds to `result`. */
  async function inspectBatch(
    input: ChunkInput,
    rows: AgreementRow[],
    live: Map<string, LiveFinding[]>,
    result: ChunkResult,
  ): Promise<void> {
    const client = Context.current().client;
    const config: InspectionConfig = { params: input.params, calendar: CHINA_HOLIDAYS };
    const inspected = new Set<string>(inspectedStatusesOf(input.params));
    const asOf = new Date(input.asOf);
    const partners = partnersOf(`${input.period}@${input.asOf}`);
    const facts = await Promise.all(rows.map(agreementFactsOf));
    await partners.load(facts.flatMap((f) => (f ? [f.partnerId] : [])));

    const raised: ReturnType<typeof raisedFindingOf>[] = [];
    const tell: Send<OversightFact>[] = [];
    const closes = new Map<string, string[]>();
    const units = new Set(result.unitsRaised);
    const suspend = (findingId: string, f: Finding) => {
      if (!suspendsAgreement(f.severity)) return;
      tell.push({
        workflowId: agreementWorkflowId(f.subject.id),
        signal: oversightSignal,
        arg: {
          key: findingId,
          step: 'finding',
          findingId,
          ruleId: f.ruleId,
          severity: f.severity,
          suspends: true,
          // Both of the console's languages: the agreement keeps this text as the suspension's reason.
          reason: (['zh-CN', 'en'] as const)
            .map((language) => renderOversight(language, { code: findingCodeOf(f.ruleId), params: f.params }))
            .join(' / '),
          at: input.asOf,
        },
      });
    };

    rows.forEach((row, i) => {
      result.read += 1;
      const agreement = facts[i];
      const earlier = live.get(row._id) ?? [];
      if (!agreement || (!inspected.has(agreement.status) && earlier.length === 0)) return;
      addScanned(result.tally, 1);
      result.scanned += 1;
      const found = findingsFor(agreement, partners.get(agreement.partnerId), asOf, config);
      const open = new Map(earlier.filter((e) => e.status !== 'verified').map((e) => [e.key, e]));
      const verdict = reinspectionOf({
        earlier: earlier.map((e) => ({
          key: e.key,
          ruleId: e.ruleId,
          cause: e.cause,
          state: e.status === 'verified' ? 'verified' : 'open',
        })),
        now: found,
        params: input.params,
      });
      for (const f of verdict.raises) {
        const finding = raisedFindingOf({
          finding: f,
          period: input.period,
          asOf: input.asOf,
          ruleSetVersion: input.ruleSetVersion,
          agreementTitle: String(row.title ?? ''),
          partnerName: String(row.partnerName ?? ''),
        });
        raised.push(finding);
        result.raised += 1;
        units.add(f.ownerUnit);
        addFinding(result.tally, f);
        suspend(finding.id, f);
      }
      for (const { earlier: e, now } of verdict.persists) {
        const mine = open.get(e.key)!;
        addFinding(result.tally, now);
        if (mine.period === input.period) {
          // Raised by this run before it was retried (or by this period's earlier run): raised, told again.
          result.raised += 1;
          units.add(now.ownerUnit);
          suspend(mine._id, now);
        } else {
          result.persisting += 1;
        }
      }
      for (const e of verdict.closes) {
        const mine = open.get(e.key)!;
        const workflowId = rectificationWorkflowId(mine.period, mine.ownerUnit);
        closes.set(workflowId, [...(closes.get(workflowId) ?? []), mine._id]);
        result.closed += 1;
      }
    });

    await insertFindings(raised);
    const told = await signalEach(client, tell);
    const closing: Send<FindingsClosed>[] = [...closes].map(([workflowId, findingIds]) => ({
      workflowId,
      signal: findingsClosedSignal,
      arg: { key: `${input.period}:${rows[0]!._id}`, period: input.period, findingIds, at: input.asOf },
    }));
    const closed = await signalEach(client, closing);
    result.agreementsTold += told.told;
    result.unreachable += told.unreachable + closed.unreachable;
    result.unitsRaised = [...units].sort();
  }

  return {
    /**
     * What a run starts from: the period's document if it ran before (a repeat continues its versions),
     * the parameters in force (one set for the whole run, whichever worker scans) and their rule set version.
     */
    async prepareInspection(input: { period: string }): Promise<{
      existing?: InspectionState;
      params: Parameters;
      ruleSetVersion: string;
    }> {
      const document = await deps.inspections.model.findById(input.period).lean<Record<string, unknown>>();
      // The rule set the DSO saved last, over the parameters file's (src/inspection/rule-sets.ts).
      const inForce = await ruleSetInForce(deps.parameters());
      return {
        ...(document ? { existing: deps.inspections.stateOf(document) } : {}),
        params: inForce.params,
        ruleSetVersion: inForce.ruleSetVersion,
      };
    },

    /** Scans partitions [from, to), resuming after the last batch an earlier attempt finished. */
    async scanInspectionChunk(input: ChunkInput): Promise<ChunkResult> {
      const context = Context.current();
      const checkpoint = context.info.heartbeatDetails as Checkpoint | undefined;
      const at = { attempt: context.info.attempt, resumed: checkpoint !== undefined };
      const result = checkpoint?.result ?? emptyChunkResult();
      const resume = checkpoint?.resume ?? { partition: input.from };
      for (let partition = resume.partition; partition < input.to; partition++) {
        const bucket = SCAN_PARTITIONS[partition]!;
        const after = partition === resume.partition ? resume.after : undefined;
        // The partition's rows and the live findings of its agreements, read together.
        const [rows, live] = await Promise.all([rowsOfBucket(bucket, after), liveFindingsOf(bucket)]);
        for (let from = 0; from < rows.length; from += SCAN_BATCH) {
          const batch = rows.slice(from, from + SCAN_BATCH);
          await inspectBatch(input, batch, live, result);
          const last = from + SCAN_BATCH >= rows.length;
          if (last) result.partitionsDone += 1;
          context.heartbeat(
            structuredClone({
              resume: last ? { partition: partition + 1 } : { partition, after: batch[batch.length - 1]!._id },
              result,
            } satisfies Checkpoint),
          );
          await deps.afterBatch?.(at);
        }
        if (rows.length === 0) {
          result.partitionsDone += 1;
          context.heartbeat(structuredClone({ resume: { partition: partition + 1 }, result } satisfies Checkpoint));
          await deps.afterBatch?.(at);
        }
      }
      return result;
    },

    /** The run's progress on its document, for the console; a write of an older version's run changes nothing. */
    async storeInspectionProgress(input: { period: string; version: number; progress: InspectionProgress }) {
      await deps.inspections.model.updateOne(
        { _id: input.period, version: input.version },
        { $set: { progress: input.progress } },
      );
    },
  };
}

export type InspectionScanActivities = ReturnType<typeof createInspectionScanActivities>;
export { INSPECTION_ACTOR };
