/**
 * A special inspection run (专项排查, S5; issue 14): `inspection-<period>`, started by the monthly Schedule
 * (scheduled.ts) or on demand by the DSO; the one writer of its run's document. It scans every agreement
 * row, chunk of bucket partitions by chunk (each chunk a heartbeating activity that resumes after a crash
 * where it stopped), so its `progress` query is exact after each chunk and the console reads the same from
 * the store; then it opens the rectification of each owner unit it raised findings for, and records its
 * report: findings by rule, severity, unit and partner. Starting the same period again while it runs is
 * the same run; once it has ended, a new start runs the period again (its findings are the same ones).
 */
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { InspectionScanActivities } from '../../activities/inspection-scan';
import { mergeRunTallies, emptyRunTally, runReportOf } from '../../policies/inspection-report';
import { nowIso } from '../clock';
import { EntityRun } from '../kit/entity-run';
import { rectificationWorkflowId } from '../ids';
import { rectification } from '../rectification/rectification';
import { findingsRaisedSignal } from '../rectification/messages';
import { progressQuery, type InspectionInput, type InspectionSummary } from './messages';
import type { InspectionProgress, InspectionState } from './state';

/** Reading the run's start and writing its progress: quick store calls. */
const store = proxyActivities<InspectionScanActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '1 minute' },
});
/**
 * A chunk of the scan: minutes at scale; a worker that dies stops heartbeating, and the next attempt
 * resumes from the last heartbeat's point.
 */
const scan = proxyActivities<InspectionScanActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The 256 bucket partitions of the rows, scanned this many to a chunk (one activity each). */
export const PARTITIONS = 256;
export const PARTITIONS_PER_CHUNK = 16;

const noProgress = (): InspectionProgress => ({
  partitions: PARTITIONS,
  partitionsDone: 0,
  read: 0,
  scanned: 0,
  findings: 0,
  raised: 0,
  persisting: 0,
  closed: 0,
  agreementsTold: 0,
});

export async function inspection(input: InspectionInput): Promise<InspectionSummary> {
  const { period } = input;
  const setup = await store.prepareInspection({ period });
  const at = nowIso();
  const state: InspectionState = {
    ...(setup.existing ?? { id: period, version: 0, createdAt: at, runs: 0 }),
    updatedAt: at,
    period,
    trigger: input.trigger,
    requestedBy: input.requestedBy.sub,
    status: 'running',
    asOf: at,
    ruleSetVersion: setup.ruleSetVersion,
    startedAt: at,
    runs: (setup.existing?.runs ?? 0) + 1,
    progress: noProgress(),
  };
  delete state.completedAt;
  delete state.report;
  const run = new EntityRun<InspectionState>({
    entity: 'Inspection',
    state,
    summaryOf: (s) => ({ status: s.status, ...(s.report ? { findings: s.report.findings } : {}) }),
  });
  setHandler(progressQuery, () => summaryOf(state));
  await run.record({ actor: input.requestedBy, action: 'inspection.started', ruleVersion: state.ruleSetVersion });

  let tally = emptyRunTally();
  const unitsRaised = new Set<string>();
  for (let from = 0; from < PARTITIONS; from += PARTITIONS_PER_CHUNK) {
    const chunk = await scan.scanInspectionChunk({
      period,
      asOf: state.asOf,
      ruleSetVersion: state.ruleSetVersion,
      params: setup.params,
      from,
      to: Math.min(from + PARTITIONS_PER_CHUNK, PARTITIONS),
    });
    tally = mergeRunTallies(tally, chunk.tally);
    for (const unit of chunk.unitsRaised) unitsRaised.add(unit);
    const p = state.progress;
    Object.assign(p, {
      partitionsDone: p.partitionsDone + chunk.partitionsDone,
      read: p.read + chunk.read,
      scanned: p.scanned + chunk.scanned,
      findings: tally.findings,
      raised: p.raised + chunk.raised,
      persisting: p.persisting + chunk.persisting,
      closed: p.closed + chunk.closed,
      agreementsTold: p.agreementsTold + chunk.agreementsTold,
    });
    await store.storeInspectionProgress({ period, version: state.version, progress: { ...p } });
  }

  await openRectifications(period, [...unitsRaised].sort());
  state.status = 'completed';
  state.completedAt = nowIso();
  state.report = runReportOf(tally);
  await run.record({
    actor: input.requestedBy,
    action: 'inspection.completed',
    why: {
      code: 'inspection.completed',
      params: {
        scanned: state.progress.scanned,
        findings: tally.findings,
        raised: state.progress.raised,
        closed: state.progress.closed,
      },
    },
    ruleVersion: state.ruleSetVersion,
  });
  run.finish();
  return summaryOf(state);
}

/**
 * One rectification per owner unit the run raised findings for: started (it outlives the run), or, when
 * this period's is running already (a repeated run raised more), told to read its findings again.
 */
async function openRectifications(period: string, units: string[]): Promise<void> {
  for (const ownerUnit of units) {
    const workflowId = rectificationWorkflowId(period, ownerUnit);
    try {
      await startChild(rectification, {
        workflowId,
        args: [{ period, ownerUnit }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await getExternalWorkflowHandle(workflowId).signal(findingsRaisedSignal, { key: `raised:${nowIso()}` });
    }
  }
}

function summaryOf(state: InspectionState): InspectionSummary {
  return { period: state.period, status: state.status, progress: { ...state.progress } };
}
