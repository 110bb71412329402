import { INCIDENT_MEASURES } from '../../../policies/incident-grading';
import {
  DEADLINE_STATES,
  INCIDENT_DEADLINE_KINDS,
  INCIDENT_RECIPIENTS,
  INDIVIDUAL_NOTICE_ITEMS,
  SUMMARY_REPORT_ITEMS,
} from '../../../policies/incident-deadlines';
import { INSPECTION_RULE_IDS } from '../../../policies/inspection-parameters';
import { FIGURE_IDS, REPORT_SECTIONS } from '../../../policies/monthly-report';
import { OVERSIGHT_CODES, OVERSIGHT_REASON_PARAMS, findingCodeOf } from '../../../policies/oversight-reasons';
import { RECTIFICATION_STEPS } from '../../../policies/rectification';
import { TEXT_LOCALES } from '../../../policies/texts/agreement';
import {
  LIST_PARAMS,
  OVERSIGHT_LABELS,
  OVERSIGHT_PARAM_TERMS,
  OVERSIGHT_TERMS,
  OVERSIGHT_TEXTS,
  renderOversight,
} from '../../../policies/texts/oversight';
import {
  CERTIFICATION_KINDS,
  FINDING_CLOSURES,
  FINDING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_KINDS,
  SEVERITIES,
} from '../../../policies/vocabulary';
import { DECISION_VERDICTS } from '../../../policies/what-if';

const placeholdersOf = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('the oversight texts', () => {
  it.each(TEXT_LOCALES)('has a %s text for every code, and no text without a code', (locale) => {
    expect(Object.keys(OVERSIGHT_TEXTS[locale]).sort()).toEqual([...OVERSIGHT_CODES].sort());
  });

  it.each(OVERSIGHT_CODES)('names exactly the params of %s in both languages', (code) => {
    const declared = [...OVERSIGHT_REASON_PARAMS[code]].sort();
    for (const locale of TEXT_LOCALES) {
      expect({ locale, params: placeholdersOf(OVERSIGHT_TEXTS[locale][code]) }).toEqual({ locale, params: declared });
    }
    expect(/\p{Script=Han}/u.test(OVERSIGHT_TEXTS['zh-CN'][code])).toBe(true);
  });

  it('has a finding text for every inspection rule', () => {
    for (const ruleId of INSPECTION_RULE_IDS) expect(OVERSIGHT_CODES).toContain(findingCodeOf(ruleId));
  });

  it('renders enum params and list params in words', () => {
    const reason = {
      code: 'inspection.partner_certification_expired' as const,
      params: { certifications: 'iso27001, mlps', expiredAt: '2026-10-01' },
    };
    expect(renderOversight('zh-CN', reason)).toBe(
      '合作方的资质认证已过期：ISO/IEC 27001 认证、网络安全等级保护测评（最早于 2026-10-01 到期）',
    );
    expect(renderOversight('en', reason)).toBe(
      "The partner's certifications have expired: ISO/IEC 27001, MLPS (等保) assessment (the first on 2026-10-01)",
    );
    expect(
      renderOversight('zh-CN', {
        code: 'inspection.controls_below_requirement',
        params: { controls: 'encryption_at_rest, watermark', grade: 'important' },
      }),
    ).toBe('协议承诺的安全措施不满足重要数据现行要求，缺少：存储加密、数字水印');
    expect(
      renderOversight('en', { code: 'inspection.partner_not_approved', params: { partnerStatus: 'lapsed' } }),
    ).toBe('Data flows to a partner that is lapsed, not approved');
  });

  it('leaves a missing param visible rather than inventing one', () => {
    expect(renderOversight('en', { code: 'inspection.recertification_overdue', params: {} })).toContain('{dueAt}');
  });

  it('renders every enum param it maps to words', () => {
    const values: Record<keyof (typeof OVERSIGHT_TERMS)['en'], readonly string[]> = {
      certification: CERTIFICATION_KINDS,
      incidentGrade: INCIDENT_GRADES,
      measure: INCIDENT_MEASURES,
    };
    for (const locale of TEXT_LOCALES) {
      for (const [kind, list] of Object.entries(values)) {
        const words = OVERSIGHT_TERMS[locale][kind as keyof typeof values] as Record<string, string>;
        expect(Object.keys(words).sort()).toEqual([...list].sort());
      }
    }
    for (const name of LIST_PARAMS) expect(Object.keys(OVERSIGHT_PARAM_TERMS)).toContain(name);
  });
});

describe('the oversight labels', () => {
  const expected: Record<keyof (typeof OVERSIGHT_LABELS)['en'], readonly string[]> = {
    rule: INSPECTION_RULE_IDS,
    severity: SEVERITIES,
    incidentGrade: INCIDENT_GRADES,
    incidentKind: INCIDENT_KINDS,
    measure: INCIDENT_MEASURES,
    deadlineKind: INCIDENT_DEADLINE_KINDS,
    recipient: INCIDENT_RECIPIENTS,
    contentItem: [...new Set([...INDIVIDUAL_NOTICE_ITEMS, ...SUMMARY_REPORT_ITEMS])],
    deadlineState: DEADLINE_STATES,
    findingStatus: FINDING_STATUSES,
    findingClosure: FINDING_CLOSURES,
    rectificationStep: RECTIFICATION_STEPS,
    decisionVerdict: DECISION_VERDICTS,
    section: REPORT_SECTIONS,
    figure: FIGURE_IDS,
    heading: [
      'monthly_report',
      'inspection_report',
      'period',
      'cutoff',
      'scanned',
      'findings',
      'by_rule',
      'by_severity',
      'by_unit',
      'by_partner',
      'rule_set_version',
    ],
  };

  it.each(TEXT_LOCALES)('labels every value in %s, and nothing else', (locale) => {
    const labels = OVERSIGHT_LABELS[locale] as Record<string, Record<string, string>>;
    expect(Object.keys(labels).sort()).toEqual(Object.keys(expected).sort());
    for (const [kind, values] of Object.entries(expected)) {
      expect({ kind, keys: Object.keys(labels[kind]!).sort() }).toEqual({ kind, keys: [...values].sort() });
      for (const value of values) expect(labels[kind]![value]!.trim()).not.toBe('');
    }
  });

  it('writes the zh-CN labels in Chinese', () => {
    for (const [kind, labels] of Object.entries(OVERSIGHT_LABELS['zh-CN'])) {
      for (const [value, label] of Object.entries(labels as Record<string, string>)) {
        expect({ kind, value, chinese: /\p{Script=Han}/u.test(label) }).toEqual({ kind, value, chinese: true });
      }
    }
  });
});
