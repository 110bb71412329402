/**
 * The console's two catalogues: every code of the agreements' vocabulary the console puts into words
 * has its word in zh-CN and en (a missing one would show the raw code), and each text of one language
 * takes the same parameters as its twin and is written in its own language.
 */
import {
  AGREEMENT_STATUSES,
  APPROVAL_STAGES,
  ATTESTATION_STATUSES,
  CONSENT_BASES,
  DATA_GRADES,
  DELETION_METHODS,
  ESCALATION_TARGETS,
  LEGAL_BASES,
  PROVISION_RELATIONSHIPS,
  PROVISIONING_PREREQUISITES,
  ROLES,
  STAGE_OUTCOMES,
  TRANSFER_FREQUENCIES,
  TRANSFER_METHODS,
} from '../../policies/vocabulary';
import { en } from '../../src/console/i18n/en';
import { zhCN } from '../../src/console/i18n/zh-CN';
import { ENDING_TRIGGERS, SUSPENSION_CAUSES } from '../../workflows/agreement/state';

const catalogues = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };

/** Each prefix the console words codes under (`wordFor(t, prefix, code)`), with every code it may meet. */
const WORDED: Record<string, readonly string[]> = {
  'agreement.status': AGREEMENT_STATUSES,
  // The regulator's decision on core data is shown as a stage of the route.
  'agreement.stage': [...APPROVAL_STAGES, 'regulator'],
  'agreement.outcome': STAGE_OUTCOMES,
  'agreement.reviewKind': ['request', 'amendment'],
  'agreement.relationship': PROVISION_RELATIONSHIPS,
  'agreement.legalBasis': LEGAL_BASES,
  'agreement.consentBasis': CONSENT_BASES,
  'agreement.frequency': TRANSFER_FREQUENCIES,
  'agreement.transferMethod': TRANSFER_METHODS,
  'agreement.prerequisite': PROVISIONING_PREREQUISITES,
  'agreement.deletionMethod': DELETION_METHODS,
  'agreement.suspension': SUSPENSION_CAUSES,
  'agreement.trigger': ENDING_TRIGGERS,
  'agreement.escalation': ESCALATION_TARGETS,
  // An awaited attestation past its deadline is shown as overdue.
  'agreement.attestationStatus': [...ATTESTATION_STATUSES, 'overdue'],
  grade: DATA_GRADES,
  role: ROLES,
};

/** English texts that name Chinese on purpose: the switch to Chinese, values a file may hold, a scheme's own name. */
const CHINESE_ON_PURPOSE = ['header.language', 'csv.bad_grade', 'csv.bad_boolean', 'cert.mlps'];

const parametersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the console's catalogues", () => {
  it.each(Object.entries(catalogues))('have a %s word for every code the console words', (_, catalogue) => {
    const missing = Object.entries(WORDED).flatMap(([prefix, codes]) =>
      codes.map((code) => `${prefix}.${code}`).filter((key) => !catalogue[key]?.trim()),
    );
    expect(missing).toEqual([]);
  });

  it('give each text the same parameters in both languages', () => {
    const unequal = Object.keys(zhCN).filter(
      (key) => parametersOf(catalogues['zh-CN'][key]!).join() !== parametersOf(catalogues.en[key] ?? '').join(),
    );
    expect(unequal).toEqual([]);
  });

  it('hold no Chinese in the English texts but where named on purpose, and no empty text', () => {
    const chinese = Object.entries(en)
      .filter(([, text]) => /\p{Script=Han}/u.test(text))
      .map(([key]) => key);
    expect(chinese.sort()).toEqual([...CHINESE_ON_PURPOSE].sort());
    for (const catalogue of Object.values(catalogues)) {
      expect(Object.entries(catalogue).filter(([, text]) => !text.trim())).toEqual([]);
    }
  });

  it('hold the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });
});
