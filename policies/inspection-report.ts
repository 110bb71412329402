/**
 * The report of one inspection run (issue 14 point 4): findings by rule, severity, owner unit and partner,
 * with the number of agreements scanned. A streaming reducer: the scan adds one finding at a time and never
 * holds the scope; the tally is plain JSON (a heartbeat can carry it, a resumed batch continues from it) and
 * two tallies of separate batches merge. `add` updates the tally in place, for speed at 100,000 findings.
 * Pure and bundle-safe.
 */
import { INSPECTION_RULE_IDS, type InspectionRuleId } from './inspection-parameters';
import { SEVERITIES, type Severity } from './vocabulary';

type BySeverity = Record<Severity, number>;

/** The running tally of a run. */
export interface RunTally {
  scanned: number;
  findings: number;
  byRule: Partial<Record<InspectionRuleId, number>>;
  bySeverity: BySeverity;
  /** Keyed by unit, then by partner id: their findings by severity. */
  byUnit: Record<string, BySeverity>;
  byPartner: Record<string, BySeverity>;
}

/** What the tally reads of a finding. */
export interface TalliedFinding {
  ruleId: InspectionRuleId;
  severity: Severity;
  ownerUnit: string;
  subject: { partnerId: string };
}

const noSeverities = (): BySeverity => ({ low: 0, medium: 0, high: 0, critical: 0 });

export function emptyRunTally(): RunTally {
  return { scanned: 0, findings: 0, byRule: {}, bySeverity: noSeverities(), byUnit: {}, byPartner: {} };
}

/** Counts agreements scanned (with or without findings). */
export function addScanned(tally: RunTally, count: number): RunTally {
  tally.scanned += count;
  return tally;
}

/** Counts one finding. */
export function addFinding(tally: RunTally, finding: TalliedFinding): RunTally {
  tally.findings += 1;
  tally.byRule[finding.ruleId] = (tally.byRule[finding.ruleId] ?? 0) + 1;
  tally.bySeverity[finding.severity] += 1;
  (tally.byUnit[finding.ownerUnit] ??= noSeverities())[finding.severity] += 1;
  (tally.byPartner[finding.subject.partnerId] ??= noSeverities())[finding.severity] += 1;
  return tally;
}

/** Two tallies of separate batches as one (neither is changed). */
export function mergeRunTallies(a: RunTally, b: RunTally): RunTally {
  const merged = emptyRunTally();
  for (const tally of [a, b]) {
    merged.scanned += tally.scanned;
    merged.findings += tally.findings;
    for (const [rule, n] of Object.entries(tally.byRule) as [InspectionRuleId, number][]) {
      merged.byRule[rule] = (merged.byRule[rule] ?? 0) + n;
    }
    for (const s of SEVERITIES) merged.bySeverity[s] += tally.bySeverity[s];
    for (const [field, into] of [
      ['byUnit', merged.byUnit],
      ['byPartner', merged.byPartner],
    ] as const) {
      for (const [key, counts] of Object.entries(tally[field])) {
        const target = (into[key] ??= noSeverities());
        for (const s of SEVERITIES) target[s] += counts[s];
      }
    }
  }
  return merged;
}

export interface GroupCount {
  key: string;
  findings: number;
  bySeverity: BySeverity;
}

export interface RunReport {
  scanned: number;
  findings: number;
  /** Every rule, in the rules' order, with 0 for a rule that found nothing. */
  byRule: { ruleId: InspectionRuleId; findings: number }[];
  bySeverity: BySeverity;
  /** Most critical findings first, then most findings, then by key. */
  byUnit: GroupCount[];
  byPartner: GroupCount[];
}

const GRAVEST_FIRST: readonly Severity[] = [...SEVERITIES].reverse();

function groupsOf(counts: Record<string, BySeverity>): GroupCount[] {
  const total = (c: BySeverity) => SEVERITIES.reduce((sum, s) => sum + c[s], 0);
  return Object.entries(counts)
    .map(([key, bySeverity]) => ({ key, findings: total(bySeverity), bySeverity: { ...bySeverity } }))
    .sort((a, b) => {
      for (const s of GRAVEST_FIRST) if (a.bySeverity[s] !== b.bySeverity[s]) return b.bySeverity[s] - a.bySeverity[s];
      return b.findings - a.findings || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    });
}

/** The run's report from its tally: lists, not maps, so that no unit or partner id becomes a stored key. */
export function runReportOf(tally: RunTally): RunReport {
  return {
    scanned: tally.scanned,
    findings: tally.findings,
    byRule: INSPECTION_RULE_IDS.map((ruleId) => ({ ruleId, findings: tally.byRule[ruleId] ?? 0 })),
    bySeverity: { ...tally.bySeverity },
    byUnit: groupsOf(tally.byUnit),
    byPartner: groupsOf(tally.byPartner),
  };
}
