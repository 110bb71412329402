/**
 * The grade of a data-security incident (S3; issue 15): 特别重大 (I), 重大 (II), 较大 (III) or 一般 (IV),
 * from the people whose personal information and sensitive personal information it affected, the hours of
 * outage and the direct loss — by the thresholds of R18 (MIIT 数据安全事件应急预案) and, for personal
 * information, R20 (CAC 国家网络安全事件报告管理办法's grading guide: 1,000,000 / 10,000,000 / 100,000,000
 * people, the same numbers as R18). Each measure is graded on its own, at or above a threshold; the gravest
 * measure grades the incident, and the grading says which thresholds decided it. The thresholds are the
 * parameters `incidentGradeThresholds` (ceilings at R18's values). Pure.
 */
import { oversightReasonOf, type OversightReason } from './oversight-reasons';
import type { Parameters } from './parameters';
import { INCIDENT_GRADES, type IncidentGrade } from './vocabulary';

/** What an incident is graded on, as the parameters name them. */
export const INCIDENT_MEASURES = [
  'personalInformation',
  'sensitivePersonalInformation',
  'outageHours',
  'directLossCny',
] as const;
export type IncidentMeasure = (typeof INCIDENT_MEASURES)[number];

/** The grades a threshold leads to, gravest first; below them all an incident is IV (一般). */
const THRESHOLD_GRADES = ['I', 'II', 'III'] as const satisfies readonly IncidentGrade[];

/** The rows each measure's thresholds come from. */
export const MEASURE_RULES: Readonly<Record<IncidentMeasure, readonly string[]>> = {
  personalInformation: ['R18', 'R20'],
  sensitivePersonalInformation: ['R18'],
  outageHours: ['R18'],
  directLossCny: ['R18'],
};

/** The estimates an incident is graded on; a measure not estimated yet counts as none. */
export type IncidentEstimates = Partial<Record<IncidentMeasure, number>>;

export interface ThresholdReached {
  measure: IncidentMeasure;
  value: number;
  threshold: number;
  grade: Exclude<IncidentGrade, 'IV'>;
  rules: readonly string[];
}

export interface MeasureGrade {
  /** Null when not estimated. */
  value: number | null;
  grade: IncidentGrade;
  /** The threshold it reached; null when it reached none (IV). */
  threshold: number | null;
}

export interface IncidentGrading {
  grade: IncidentGrade;
  /** Every measure that reached the incident's grade, with its threshold; empty for IV. */
  decidedBy: ThresholdReached[];
  byMeasure: Record<IncidentMeasure, MeasureGrade>;
  /** Why, as codes to render: each threshold that decided it, or that none was reached. */
  reasons: OversightReason[];
}

type Thresholds = Parameters['incidentGradeThresholds'];

/** Gravest first: I is 0. */
export const gradeRankOf = (grade: IncidentGrade) => INCIDENT_GRADES.indexOf(grade);
/** Whether `grade` is `from` or graver (`isGradeAtLeast('II', 'III')`: 重大 is at least 较大). */
export const isGradeAtLeast = (grade: IncidentGrade, from: IncidentGrade) => gradeRankOf(grade) <= gradeRankOf(from);

function checked(measure: IncidentMeasure, value: number | undefined): number | null {
  if (value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${measure} must be a finite number of 0 or more, not ${value}`);
  }
  return value;
}

/** One measure graded against its thresholds, gravest first. */
function measureGradeOf(value: number | null, thresholds: Thresholds[IncidentMeasure]): MeasureGrade {
  if (value !== null) {
    for (const grade of THRESHOLD_GRADES) {
      if (value >= thresholds[grade]) return { value, grade, threshold: thresholds[grade] };
    }
  }
  return { value, grade: 'IV', threshold: null };
}

/** The incident's grade from its estimates, with the thresholds that decided it. */
export function incidentGradeOf(
  estimates: IncidentEstimates,
  params: Pick<Parameters, 'incidentGradeThresholds'>,
): IncidentGrading {
  const byMeasure = Object.fromEntries(
    INCIDENT_MEASURES.map((measure) => [
      measure,
      measureGradeOf(checked(measure, estimates[measure]), params.incidentGradeThresholds[measure]),
    ]),
  ) as Record<IncidentMeasure, MeasureGrade>;
  const grade = INCIDENT_MEASURES.map((m) => byMeasure[m].grade).reduce<IncidentGrade>(
    (gravest, g) => (gradeRankOf(g) < gradeRankOf(gravest) ? g : gravest),
    'IV',
  );
  const decidedBy: ThresholdReached[] =
    grade === 'IV'
      ? []
      : INCIDENT_MEASURES.filter((m) => byMeasure[m].grade === grade).map((measure) => ({
          measure,
          value: byMeasure[measure].value!,
          threshold: byMeasure[measure].threshold!,
          grade,
          rules: MEASURE_RULES[measure],
        }));
  const reasons =
    decidedBy.length === 0
      ? [oversightReasonOf('incident.below_every_threshold', {})]
      : decidedBy.map((d) =>
          oversightReasonOf('incident.threshold_reached', {
            measure: d.measure,
            value: d.value,
            threshold: d.threshold,
            level: d.grade,
          }),
        );
  return { grade, decidedBy, byMeasure, reasons };
}

export interface MeasureChange {
  measure: IncidentMeasure;
  from: MeasureGrade;
  to: MeasureGrade;
}

export interface Regrading {
  from: IncidentGrade;
  to: IncidentGrade;
  /** `graver`: e.g. 较大 → 重大; `lighter`: the other way; `same`: the grade stands (estimates may have moved). */
  direction: 'graver' | 'lighter' | 'same';
  /** Every measure whose estimate or grade changed. */
  changes: MeasureChange[];
}

/** Two gradings of one incident compared: both grades are recorded (issue 15), with what moved. */
export function regradingOf(before: IncidentGrading, after: IncidentGrading): Regrading {
  const rankFrom = gradeRankOf(before.grade);
  const rankTo = gradeRankOf(after.grade);
  return {
    from: before.grade,
    to: after.grade,
    direction: rankTo < rankFrom ? 'graver' : rankTo > rankFrom ? 'lighter' : 'same',
    changes: INCIDENT_MEASURES.filter(
      (m) =>
        before.byMeasure[m].value !== after.byMeasure[m].value ||
        before.byMeasure[m].grade !== after.byMeasure[m].grade,
    ).map((measure) => ({ measure, from: before.byMeasure[measure], to: after.byMeasure[measure] })),
  };
}
