import {
  REASON_CODES,
  REASON_PARAMS,
  REQUEST_REFUSAL_CODES,
  USAGE_VIOLATION_CODES,
  type ReasonCode,
} from '../../../policies/agreement-reasons';
import { ERROR_CODES } from '../../../policies/errors';
import { refusalOf, renderReason } from '../../../policies/refusal';
import { AGREEMENT_TERMS, AGREEMENT_TEXTS, PARAM_TERMS, TEXT_LOCALES } from '../../../policies/texts/agreement';
import {
  ACTIONS,
  AGREEMENT_STATUSES,
  APPROVAL_STAGES,
  CONTROLS,
  DATA_GRADES,
  EXPORT_PATHWAYS,
  PARTNER_STATUSES,
  PRE_APPROVAL_RECORDS,
  RECIPIENT_TYPES,
  RISK_TIERS,
  SHARING_SCENARIOS,
  ATTESTATION_STATUSES,
} from '../../../policies/vocabulary';
import { REQUIRED_TERMS } from '../../../policies/agreement-request';

const placeholdersOf = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('the agreement texts', () => {
  it.each(TEXT_LOCALES)('has a %s text for every code, and no text without a code', (locale) => {
    expect(Object.keys(AGREEMENT_TEXTS[locale]).sort()).toEqual([...REASON_CODES].sort());
    for (const code of REASON_CODES)
      expect({ code, text: AGREEMENT_TEXTS[locale][code].trim() }).not.toEqual({ code, text: '' });
  });

  it.each(REASON_CODES)('names exactly the params of %s in both languages', (code) => {
    const declared = [...REASON_PARAMS[code]].sort();
    for (const locale of TEXT_LOCALES) {
      expect({ locale, params: placeholdersOf(AGREEMENT_TEXTS[locale][code]) }).toEqual({ locale, params: declared });
    }
  });

  it('writes the zh-CN texts in Chinese', () => {
    for (const code of REASON_CODES) {
      expect({ code, chinese: /\p{Script=Han}/u.test(AGREEMENT_TEXTS['zh-CN'][code]) }).toEqual({
        code,
        chinese: true,
      });
    }
  });

  it('has both languages’ words for every value an enum param can take', () => {
    const values: Record<keyof (typeof AGREEMENT_TERMS)['en'], readonly string[]> = {
      control: CONTROLS,
      grade: [...DATA_GRADES, 'none'],
      partnerStatus: [...PARTNER_STATUSES, 'unknown'],
      status: AGREEMENT_STATUSES,
      tier: RISK_TIERS,
      scenario: SHARING_SCENARIOS,
      recipientType: RECIPIENT_TYPES,
      pathway: EXPORT_PATHWAYS,
      stage: [...APPROVAL_STAGES, 'regulator', 'none'],
      record: PRE_APPROVAL_RECORDS,
      term: [...REQUIRED_TERMS, 'startDate', 'endDate', 'partner', 'assets', 'fields', 'volume', 'controls'],
      attestation: [...ATTESTATION_STATUSES, 'none'],
      action: ['approve', 'reject', 'update', 'withdraw', 'amend', 'revoke', 'waive'],
    };
    for (const locale of TEXT_LOCALES) {
      for (const [kind, list] of Object.entries(values)) {
        const words = AGREEMENT_TERMS[locale][kind as keyof typeof values];
        for (const value of list)
          expect({ locale, kind, value, word: typeof words[value] }).toEqual({ locale, kind, value, word: 'string' });
      }
      expect(Object.keys(AGREEMENT_TERMS[locale]).sort()).toEqual(Object.keys(values).sort());
    }
    for (const action of ['approve', 'reject', 'update', 'withdraw', 'amend', 'revoke', 'waive'])
      expect(ACTIONS).toContain(action);
  });

  it('maps each enum param to a list of words that exists', () => {
    for (const kind of Object.values(PARAM_TERMS)) expect(Object.keys(AGREEMENT_TERMS.en)).toContain(kind);
  });
});

describe('the codes', () => {
  const errorCodes = new Set<string>(ERROR_CODES);

  it('are error codes for every refusal, and reasons only for the rest', () => {
    const refusals = REASON_CODES.filter((c) => c.startsWith('agreement.') || c.startsWith('auth.'));
    for (const code of refusals)
      expect({ code, isErrorCode: errorCodes.has(code) }).toEqual({ code, isErrorCode: true });
    for (const code of ERROR_CODES.filter((c) => c.startsWith('agreement.'))) {
      expect({ code, declared: code in REASON_PARAMS }).toEqual({ code, declared: true });
    }
    for (const code of REASON_CODES.filter((c) => !refusals.includes(c))) expect(errorCodes.has(code)).toBe(false);
  });

  it('list the request refusals and the usage violations among the declared codes', () => {
    for (const code of [...REQUEST_REFUSAL_CODES, ...USAGE_VIOLATION_CODES]) expect(REASON_CODES).toContain(code);
  });
});

describe('renderReason', () => {
  const refusal = refusalOf('agreement.grade_above_clearance', { grade: 'core', clearance: 'important' });

  it('renders a reason in either language, enum values in words', () => {
    expect(renderReason('zh-CN', refusal)).toBe('数据级别“核心数据”高于合作方可接收的最高级别“重要数据”');
    expect(renderReason('en', refusal)).toBe(refusal.message);
    expect(refusal.message).toBe(
      'The data is core data, above the highest grade the partner may receive (important data)',
    );
  });

  it('renders values that are not enum words as they are', () => {
    const reason = { code: 'export.people_from' as ReasonCode, params: { people: 1_200_000, threshold: 1_000_000 } };
    expect(renderReason('zh-CN', reason)).toContain('1200000 人');
  });

  it('leaves a missing param visible rather than inventing one', () => {
    expect(renderReason('en', { code: 'agreement.control_missing', params: {} })).toContain('{control}');
  });
});
