/**
 * What-if (issue 14 point 5): before a parameter change is saved, what it would do — (a) the findings each
 * live agreement would get, or lose, under the proposed parameters, by the same rules the inspection runs;
 * (b) the past approval decisions that would have gone differently, replayed from the snapshots they stored
 * (`decision-snapshot.ts`). Only the change is applied to a past decision: its own parameters of the day,
 * with the changed values put over them, are compared with the same replay without the change, so that
 * neither other changes since nor a newer rules version show as an effect. Nothing is written. Pure.
 */
import {
  evaluationChangesOf,
  whatIfOf,
  type DecisionSnapshot,
  type SnapshotDecision,
  type WhatIfChange,
} from './decision-snapshot';
import {
  findingsFor,
  type Finding,
  type InspectedAgreement,
  type InspectedPartner,
  type InspectionConfig,
} from './inspection-rules';
import type { InspectionRuleId } from './inspection-parameters';
import { InvalidParametersError, parametersFrom, type ParameterProblem, type Parameters } from './parameters';
import { SEVERITIES, type Severity } from './vocabulary';

/** One value the proposal changes: its path in the parameters, what it is now and what it would be. */
export interface ParameterChange {
  path: string[];
  from: unknown;
  to: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every value that differs between the parameters in force and the proposed ones; a list is one value. */
export function parameterChangesOf(current: Parameters, proposed: Parameters): ParameterChange[] {
  const changes: ParameterChange[] = [];
  const walk = (from: unknown, to: unknown, path: string[]) => {
    if (isObject(from) && isObject(to)) {
      for (const key of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
        walk(from[key], to[key], [...path, key]);
      }
    } else if (JSON.stringify(from) !== JSON.stringify(to)) {
      changes.push({ path, from, to });
    }
  };
  walk(current, proposed, []);
  return changes;
}

/** Parameters with the changes put over them, validated; throws `InvalidParametersError` if the result is refused. */
export function withParameterChanges(base: unknown, changes: readonly ParameterChange[]): Parameters {
  const copy: unknown = JSON.parse(JSON.stringify(base ?? {}));
  for (const { path, to } of changes) {
    let at = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (!isObject(at[key])) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (to === undefined) delete at[last];
    else at[last] = JSON.parse(JSON.stringify(to));
  }
  return parametersFrom(copy);
}

// (a) Findings

export interface FindingsWhatIf {
  agreementId: string;
  /** Findings it would get that it does not now. */
  gained: Finding[];
  /** Findings it has now and would not get. */
  lost: Finding[];
  /** Findings it gets either way, at another severity. */
  severityChanged: { ruleId: InspectionRuleId; from: Severity; to: Severity }[];
}

/** The findings an agreement would get under the proposed configuration, against those it gets now. */
export function findingsWhatIfOf(
  agreement: InspectedAgreement,
  partner: InspectedPartner | undefined,
  now: Date,
  configs: { current: InspectionConfig; proposed: InspectionConfig },
): FindingsWhatIf {
  const before = findingsFor(agreement, partner, now, configs.current);
  const after = findingsFor(agreement, partner, now, configs.proposed);
  const keysBefore = new Map(before.map((f) => [f.key, f]));
  const keysAfter = new Set(after.map((f) => f.key));
  return {
    agreementId: agreement.id,
    gained: after.filter((f) => !keysBefore.has(f.key)),
    lost: before.filter((f) => !keysAfter.has(f.key)),
    severityChanged: after
      .filter((f) => keysBefore.has(f.key) && keysBefore.get(f.key)!.severity !== f.severity)
      .map((f) => ({ ruleId: f.ruleId, from: keysBefore.get(f.key)!.severity, to: f.severity })),
  };
}

// (b) Past decisions

/**
 * How a past decision would have gone under the change, gravest first: refused outright; held for want of a
 * record; routed through other stages or the regulator; approved on other conditions (controls, export
 * pathway, reportability, checklist, provisioning); the same. `not_replayable`: the change cannot be put over
 * the decision's own parameters (the result is refused).
 */
export const DECISION_VERDICTS = [
  'would_be_refused',
  'would_be_blocked',
  'would_route_differently',
  'would_change_conditions',
  'unchanged',
  'not_replayable',
] as const;
export type DecisionVerdict = (typeof DECISION_VERDICTS)[number];

export interface DecisionWhatIf {
  at: string;
  decision: SnapshotDecision;
  verdict: DecisionVerdict;
  /** The aspects that differ, the replay without the change as `then`. */
  changes: WhatIfChange[];
  /** Why the change cannot be replayed on this decision. */
  problems: ParameterProblem[];
}

/** An approval (of a stage, of the regulator, of an amendment): what "past approval decisions" means. */
export const isApprovalDecision = (snapshot: Pick<DecisionSnapshot, 'decision'>) =>
  snapshot.decision.outcome === 'approve';

const added = (change: WhatIfChange) => change.now.some((item) => !change.then.includes(item));

function verdictOf(changes: readonly WhatIfChange[]): DecisionVerdict {
  const of = (aspect: WhatIfChange['aspect']) => changes.find((c) => c.aspect === aspect);
  const refusals = of('refusals');
  if (refusals && added(refusals)) return 'would_be_refused';
  const blockers = of('approvalBlockers');
  if (blockers && added(blockers)) return 'would_be_blocked';
  if (of('stages') || of('regulatorReview')) return 'would_route_differently';
  return changes.length > 0 ? 'would_change_conditions' : 'unchanged';
}

/** A past decision replayed with the change, against the same replay without it. */
export function decisionWhatIfOf(snapshot: DecisionSnapshot, changes: readonly ParameterChange[]): DecisionWhatIf {
  const base = { at: snapshot.at, decision: snapshot.decision };
  let changed: Parameters;
  try {
    changed = withParameterChanges(snapshot.inputs.params, changes);
  } catch (error) {
    if (!(error instanceof InvalidParametersError)) throw error;
    return { ...base, verdict: 'not_replayable', changes: [], problems: [...error.problems] };
  }
  const without = whatIfOf(snapshot).evaluation;
  const withChange = whatIfOf(snapshot, { params: changed }).evaluation;
  const differences = evaluationChangesOf(without, withChange);
  return { ...base, verdict: verdictOf(differences), changes: differences, problems: [] };
}

// The whole scope, streamed

/** The running tally of a what-if over the scope: plain JSON, updated in place, one result at a time. */
export interface WhatIfTally {
  agreements: number;
  agreementsGaining: number;
  agreementsLosing: number;
  gainedByRule: Partial<Record<InspectionRuleId, number>>;
  lostByRule: Partial<Record<InspectionRuleId, number>>;
  gainedBySeverity: Record<Severity, number>;
  decisions: number;
  decisionsByVerdict: Record<DecisionVerdict, number>;
}

export function emptyWhatIfTally(): WhatIfTally {
  return {
    agreements: 0,
    agreementsGaining: 0,
    agreementsLosing: 0,
    gainedByRule: {},
    lostByRule: {},
    gainedBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    decisions: 0,
    decisionsByVerdict: Object.fromEntries(DECISION_VERDICTS.map((v) => [v, 0])) as Record<DecisionVerdict, number>,
  };
}

export function addFindingsWhatIf(tally: WhatIfTally, result: FindingsWhatIf): WhatIfTally {
  tally.agreements += 1;
  if (result.gained.length > 0) tally.agreementsGaining += 1;
  if (result.lost.length > 0) tally.agreementsLosing += 1;
  for (const f of result.gained) {
    tally.gainedByRule[f.ruleId] = (tally.gainedByRule[f.ruleId] ?? 0) + 1;
    tally.gainedBySeverity[f.severity] += 1;
  }
  for (const f of result.lost) tally.lostByRule[f.ruleId] = (tally.lostByRule[f.ruleId] ?? 0) + 1;
  return tally;
}

export function addDecisionWhatIf(tally: WhatIfTally, result: DecisionWhatIf): WhatIfTally {
  tally.decisions += 1;
  tally.decisionsByVerdict[result.verdict] += 1;
  return tally;
}
