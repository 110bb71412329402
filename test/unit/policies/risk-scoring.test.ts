import { QUESTIONNAIRES } from '../../../src/data/questionnaires';
import { riskAssessmentOf, type RiskInput } from '../../../policies/risk-scoring';

const questionnaire = QUESTIONNAIRES[0]!;
const now = new Date('2026-11-25T00:00:00Z');
const answersAll = (pick: (options: readonly { id: string }[]) => string) =>
  Object.fromEntries(questionnaire.questions.map((q) => [q.id, pick(q.options)]));
const best = answersAll((o) => o[0]!.id);
const worst = answersAll((o) => o[o.length - 1]!.id);
const certified = [
  { kind: 'iso27001' as const, expiresAt: '2027-06-30T00:00:00Z' },
  { kind: 'mlps' as const, level: 3, expiresAt: '2027-06-30T00:00:00Z' },
  { kind: 'dsmm' as const, level: 3 },
];
const input = (overrides: Partial<RiskInput> = {}): RiskInput => ({
  certifications: certified,
  dataLocations: ['CN'],
  answers: best,
  questionnaire,
  now,
  ...overrides,
});
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

describe('riskAssessmentOf', () => {
  it('gives a certified partner with the best answers, keeping data in China, a low tier and clearance for important data', () => {
    expect(riskAssessmentOf(input())).toMatchObject({ score: 100, tier: 'low', clearance: 'important' });
  });

  it('gives the weakest answers and no certification a high tier, naming each weak area', () => {
    const result = riskAssessmentOf(input({ answers: worst, certifications: [] }));
    expect(result).toMatchObject({ score: 0, tier: 'high', clearance: 'general' });
    expect(codes(result).filter((c) => c === 'risk.weak_answer')).toHaveLength(questionnaire.questions.length);
    expect(codes(result)).toEqual(expect.arrayContaining(['risk.no_iso27001', 'risk.mlps_below_3']));
  });

  it('does not count a certification that has expired on the day of review', () => {
    const expired = certified.map((c) => ({ ...c, expiresAt: '2026-11-24T00:00:00Z' }));
    const result = riskAssessmentOf(input({ certifications: expired }));
    expect(result.score).toBe(75);
    expect(result.tier).toBe('low');
    expect(result.reasons).toEqual(
      expect.arrayContaining([{ code: 'risk.certification_expired', params: { kind: 'iso27001' } }]),
    );
  });

  it('raises a low tier to medium and limits clearance to general data when data is kept abroad', () => {
    const result = riskAssessmentOf(input({ dataLocations: ['CN', 'SG'] }));
    expect(result).toMatchObject({ tier: 'medium', clearance: 'general' });
    expect(result.reasons).toEqual(
      expect.arrayContaining([{ code: 'risk.cross_border', params: { countries: 'SG' } }]),
    );
  });

  it('puts a partner exactly at a threshold in the better tier', () => {
    const isoAndMlps = certified.slice(0, 2); // +20 points
    const yesOnFirst = (n: number) =>
      Object.fromEntries(
        questionnaire.questions.map((q, i) => [q.id, i < n ? 'yes' : q.options[q.options.length - 1]!.id]),
      );
    // 75 of 100 from the best answers alone, no certification: exactly the low threshold.
    expect(riskAssessmentOf(input({ certifications: [] }))).toMatchObject({ score: 75, tier: 'low' });
    // 4 best answers (40 points → 30) + ISO and MLPS 3 (20): exactly the medium threshold.
    expect(riskAssessmentOf(input({ answers: yesOnFirst(4), certifications: isoAndMlps }))).toMatchObject({
      score: 50,
      tier: 'medium',
    });
    // One best answer fewer: below it.
    expect(riskAssessmentOf(input({ answers: yesOnFirst(3), certifications: isoAndMlps }))).toMatchObject({
      score: 43,
      tier: 'high',
    });
  });

  it('names unanswered questions and never clears core data', () => {
    const result = riskAssessmentOf(input({ answers: {} }));
    expect(codes(result).filter((c) => c === 'risk.unanswered')).toHaveLength(questionnaire.questions.length);
    for (const variant of [input(), input({ answers: worst }), input({ dataLocations: ['US'] })]) {
      expect(riskAssessmentOf(variant).clearance).not.toBe('core');
    }
  });
});

describe('the questionnaire data', () => {
  it('has unique question and option ids, zh-CN and en text, and a best option worth points', () => {
    const ids = questionnaire.questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of questionnaire.questions) {
      expect(q.text['zh-CN'].length && q.text.en.length).toBeTruthy();
      expect(new Set(q.options.map((o) => o.id)).size).toBe(q.options.length);
      expect(Math.max(...q.options.map((o) => o.points))).toBeGreaterThan(0);
      for (const o of q.options) expect(o.text['zh-CN'].length && o.text.en.length).toBeTruthy();
    }
  });
});
