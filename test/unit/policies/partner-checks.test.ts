import {
  certificationCheckOf,
  creditCodeCheckOf,
  dataLocationCheckOf,
  listingCheckOf,
  screeningVerdictOf,
} from '../../../policies/partner-checks';
import { answerProblemsOf } from '../../../policies/questionnaire';
import { QUESTIONNAIRES } from '../../../src/data/questionnaires';

const asOf = new Date('2026-11-25T00:00:00Z');

describe('partner checks', () => {
  it('fails a credit code whose check character is wrong, and passes a right one', () => {
    expect(creditCodeCheckOf('91110000710925462X')).toEqual({ check: 'credit_code', outcome: 'pass', reasons: [] });
    expect(creditCodeCheckOf('911100007109254620')).toEqual({
      check: 'credit_code',
      outcome: 'fail',
      reasons: [{ code: 'check.credit_code.check_digit' }],
    });
  });

  it('fails a listed partner with the list and its reason', () => {
    expect(listingCheckOf('external_lists', [{ list: '信用中国', reason: '失信被执行人' }])).toEqual({
      check: 'external_lists',
      outcome: 'fail',
      reasons: [{ code: 'check.listed', params: { list: '信用中国', reason: '失信被执行人' } }],
    });
    expect(listingCheckOf('internal_blacklist', []).outcome).toBe('pass');
  });

  it('warns of certifications expired on the date of review, or of none, without refusing', () => {
    const expired = certificationCheckOf([{ kind: 'iso27001', expiresAt: '2026-11-25T00:00:00.000Z' }], asOf);
    expect(expired.outcome).toBe('warn');
    expect(expired.reasons).toEqual([
      { code: 'check.certification_expired', params: { kind: 'iso27001', expiresAt: '2026-11-25T00:00:00.000Z' } },
    ]);
    expect(certificationCheckOf([], asOf).reasons).toEqual([{ code: 'check.no_certification' }]);
    expect(
      certificationCheckOf([{ kind: 'mlps', level: 3, expiresAt: '2026-11-26T00:00:00.000Z' }], asOf).outcome,
    ).toBe('pass');
  });

  it('warns of data kept outside China, naming the countries', () => {
    expect(dataLocationCheckOf(['CN', 'sg', 'DE'])).toEqual({
      check: 'data_locations',
      outcome: 'warn',
      reasons: [{ code: 'check.cross_border', params: { countries: 'sg, DE' } }],
    });
    expect(dataLocationCheckOf(['CN']).outcome).toBe('pass');
  });

  it('refuses the partner when any check fails, with the failing reasons only', () => {
    const verdict = screeningVerdictOf([
      creditCodeCheckOf('91110000710925462X'),
      listingCheckOf('internal_blacklist', [{ list: 'internal', reason: '数据泄露' }]),
      dataLocationCheckOf(['US']),
    ]);
    expect(verdict).toEqual({
      refused: true,
      reasons: [{ code: 'check.listed', params: { list: 'internal', reason: '数据泄露' } }],
    });
    expect(screeningVerdictOf([dataLocationCheckOf(['US'])]).refused).toBe(false);
  });
});

describe('answerProblemsOf', () => {
  const questionnaire = QUESTIONNAIRES[0]!;
  const complete = Object.fromEntries(questionnaire.questions.map((q) => [q.id, q.options[0]!.id]));

  it('accepts one known option for every question', () => {
    expect(answerProblemsOf(questionnaire, complete)).toEqual([]);
  });

  it('names the unanswered question, the unknown option and the unknown question', () => {
    const [first, second] = questionnaire.questions;
    const { [first!.id]: _dropped, ...rest } = complete;
    expect(answerProblemsOf(questionnaire, { ...rest, [second!.id]: 'maybe', q99: 'yes' })).toEqual([
      { question: first!.id, problem: 'unanswered' },
      { question: second!.id, problem: 'unknown_option' },
      { question: 'q99', problem: 'unknown_question' },
    ]);
  });

  it('is seeded in zh-CN and en for every question and option', () => {
    for (const q of questionnaire.questions) {
      expect(q.text['zh-CN'].length * q.text.en.length).toBeGreaterThan(0);
      for (const o of q.options) expect(o.text['zh-CN'].length * o.text.en.length).toBeGreaterThan(0);
    }
  });
});
