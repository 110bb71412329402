import { incidentGradeOf, regradingOf, type IncidentMeasure } from '../../../policies/incident-grading';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import { renderOversight } from '../../../policies/texts/oversight';

const params = DEFAULT_PARAMETERS;

/*
 * R18 (MIIT 数据安全事件应急预案), at or above each threshold:
 *   personal information   I 100,000,000   II 10,000,000   III 1,000,000   (R20's grading guide: the same numbers)
 *   sensitive PI           I  10,000,000   II  1,000,000   III   100,000
 *   outage                 I  24 h         II 12 h         III   8 h
 *   direct loss            I  ¥1 bn        II ¥100 m       III  ¥50 m
 * Below every III threshold: IV (一般).
 */
/** Each measure's thresholds (I, II, III), the step just below one, and the rules that set them. */
const THRESHOLDS: Array<[IncidentMeasure, [number, number, number], number, string]> = [
  ['personalInformation', [100_000_000, 10_000_000, 1_000_000], 1, 'R18, R20'],
  ['sensitivePersonalInformation', [10_000_000, 1_000_000, 100_000], 1, 'R18'],
  ['outageHours', [24, 12, 8], 0.01, 'R18'],
  ['directLossCny', [1_000_000_000, 100_000_000, 50_000_000], 0.01, 'R18'],
];
const GRADES = ['I', 'II', 'III', 'IV'] as const;

/** At each threshold the grade it names; just below it, the next grade with its threshold (or none for IV). */
const EDGES = THRESHOLDS.flatMap(([measure, thresholds, step, rules]) =>
  thresholds.flatMap((threshold, i) => {
    const below = Math.round((threshold - step) * 100) / 100;
    return [
      [measure, threshold, GRADES[i]!, threshold, rules] as const,
      [measure, below, GRADES[i + 1]!, thresholds[i + 1] ?? null, rules] as const,
    ];
  }),
);

describe('incidentGradeOf at every threshold edge of R18 and R20', () => {
  it('covers both sides of all twelve thresholds', () => expect(EDGES).toHaveLength(24));

  it.each(EDGES)('%s of %s is grade %s (threshold %s; %s)', (measure, value, grade, threshold, rules) => {
    const grading = incidentGradeOf({ [measure]: value }, params);
    expect(grading.grade).toBe(grade);
    expect(grading.byMeasure[measure]).toEqual({ value, grade, threshold });
    expect(grading.decidedBy).toEqual(
      grade === 'IV' ? [] : [{ measure, value, threshold, grade, rules: rules.split(', ') }],
    );
  });

  it('is IV with nothing estimated, and says no threshold was reached', () => {
    const grading = incidentGradeOf({}, params);
    expect(grading.grade).toBe('IV');
    expect(grading.byMeasure.outageHours).toEqual({ value: null, grade: 'IV', threshold: null });
    expect(grading.reasons).toEqual([{ code: 'incident.below_every_threshold', params: {} }]);
  });
});

describe('incidentGradeOf on several measures', () => {
  it('takes the gravest measure and names it', () => {
    const grading = incidentGradeOf(
      { personalInformation: 2_000_000, sensitivePersonalInformation: 1_500_000, outageHours: 3, directLossCny: 0 },
      params,
    );
    expect(grading.grade).toBe('II');
    expect(grading.decidedBy.map((d) => d.measure)).toEqual(['sensitivePersonalInformation']);
    expect(grading.byMeasure.personalInformation.grade).toBe('III');
  });

  it('names every measure that reached the grade', () => {
    const grading = incidentGradeOf({ personalInformation: 1_000_000, outageHours: 9 }, params);
    expect(grading.grade).toBe('III');
    expect(grading.decidedBy.map((d) => [d.measure, d.threshold])).toEqual([
      ['personalInformation', 1_000_000],
      ['outageHours', 8],
    ]);
    expect(grading.reasons.map((r) => renderOversight('zh-CN', r))).toEqual([
      '个人信息涉及人数为 1000000，达到较大（III级）事件的门槛（1000000）',
      '网络或服务中断时长（小时）为 9，达到较大（III级）事件的门槛（8）',
    ]);
    expect(renderOversight('en', grading.reasons[1]!)).toBe(
      'Hours of network or service outage: 9, at or above the threshold of a large (较大, III) incident (8)',
    );
  });

  it('grades by the configured thresholds', () => {
    const stricter = parametersFrom({ incidentGradeThresholds: { outageHours: { III: 6 } } });
    expect(incidentGradeOf({ outageHours: 6 }, stricter).grade).toBe('III');
    expect(incidentGradeOf({ outageHours: 6 }, params).grade).toBe('IV');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses an estimate of %s', (value) => {
    expect(() => incidentGradeOf({ directLossCny: value }, params)).toThrow(
      `directLossCny must be a finite number of 0 or more, not ${value}`,
    );
  });
});

describe('regradingOf', () => {
  const first = incidentGradeOf({ personalInformation: 500_000, outageHours: 2 }, params);

  it('records a re-grading up with the measures that moved', () => {
    const later = incidentGradeOf({ personalInformation: 12_000_000, outageHours: 2 }, params);
    expect(regradingOf(first, later)).toEqual({
      from: 'IV',
      to: 'II',
      direction: 'graver',
      changes: [
        {
          measure: 'personalInformation',
          from: { value: 500_000, grade: 'IV', threshold: null },
          to: { value: 12_000_000, grade: 'II', threshold: 10_000_000 },
        },
      ],
    });
  });

  it('records a re-grading down', () => {
    const later = incidentGradeOf({ personalInformation: 12_000_000 }, params);
    const lower = incidentGradeOf({ personalInformation: 800_000 }, params);
    expect(regradingOf(later, lower)).toMatchObject({ from: 'II', to: 'IV', direction: 'lighter' });
  });

  it('records new estimates that leave the grade as it was', () => {
    const later = incidentGradeOf({ personalInformation: 600_000, outageHours: 2 }, params);
    expect(regradingOf(first, later)).toMatchObject({
      from: 'IV',
      to: 'IV',
      direction: 'same',
      changes: [{ measure: 'personalInformation' }],
    });
    expect(regradingOf(first, first).changes).toEqual([]);
  });
});
