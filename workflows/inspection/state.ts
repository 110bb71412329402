/**
 * A special inspection run (专项排查, S5), once: the state `inspection-<period>` holds and its store
 * document shows (written by the run's recorder at its start and its end, and its progress after each
 * chunk of the scan, for the console). The API's view derives from it.
 */
import { z } from 'zod';
import { INSPECTION_RULE_IDS } from '../../policies/inspection-parameters';
import { INSPECTION_STATUSES } from '../../policies/vocabulary';
import { entityFields, instant } from '../kit/state';

const count = () => z.number().int().min(0);
const bySeverity = z.object({ low: count(), medium: count(), high: count(), critical: count() });
const group = z.object({ key: z.string(), findings: count(), bySeverity });

export const INSPECTION_TRIGGERS = ['schedule', 'on_demand'] as const;

/** How far the run is: partitions of the agreements scanned, and what it found so far. */
export const inspectionProgress = z.object({
  partitions: count(),
  partitionsDone: count(),
  /** Agreement rows read. */
  read: count(),
  /** Agreements the rules ran on (in a status some rule applies to, or with a live finding). */
  scanned: count(),
  /** Findings this run found: raised now, or still there from an earlier run. */
  findings: count(),
  raised: count(),
  persisting: count(),
  /** Earlier findings this run no longer found the cause of: closed. */
  closed: count(),
  /** Agreement workflows told of a finding that suspends them. */
  agreementsTold: count(),
});
export type InspectionProgress = z.infer<typeof inspectionProgress>;

/** The run's report (policies/inspection-report.ts): lists, so that no unit or partner id is a stored key. */
export const runReport = z.object({
  scanned: count(),
  findings: count(),
  byRule: z.array(z.object({ ruleId: z.enum(INSPECTION_RULE_IDS), findings: count() })),
  bySeverity,
  byUnit: z.array(group),
  byPartner: z.array(group),
});

export const inspectionState = z.object({
  ...entityFields,
  /** The period is the run's id. */
  period: z.string(),
  trigger: z.enum(INSPECTION_TRIGGERS),
  requestedBy: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  /** The instant the rules judged at (the run's start). */
  asOf: instant(),
  ruleSetVersion: z.string(),
  startedAt: instant(),
  completedAt: instant().optional(),
  /** How many times this period has run (a repeat start of a finished period runs it again). */
  runs: count(),
  progress: inspectionProgress,
  report: runReport.optional(),
});
export type InspectionState = z.infer<typeof inspectionState>;
