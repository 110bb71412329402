import { randomUUID } from 'node:crypto';
import type { Claims } from '../../policies/abilities';
import { checkCharacterOf } from '../../policies/credit-code';
import { CURRENT_QUESTIONNAIRE_VERSION, QUESTIONNAIRES } from '../../src/data/questionnaires';

let serial = 0;

/** A fresh, valid unified social credit code: 91 + Beijing's division + a unique organisation code. */
export function aCreditCode(): string {
  serial++;
  const unique = (Date.now() % 1e6).toString().padStart(6, '0') + String(serial % 1000).padStart(3, '0');
  const first17 = `91110000${unique}`;
  return first17 + checkCharacterOf(first17)!;
}

export function aNomination(overrides: Record<string, unknown> = {}) {
  return {
    legalName: `测试合作方 ${randomUUID().slice(0, 8)} 有限公司`,
    creditCode: aCreditCode(),
    contacts: [{ name: '王经理', email: 'wang@example.com', phone: '+86 10 5555 0101' }],
    dataLocations: ['CN'],
    certifications: [
      { kind: 'iso27001', number: 'ISMS-0001', expiresAt: '2030-12-31T00:00:00.000Z' },
      { kind: 'mlps', level: 3, expiresAt: '2030-12-31T00:00:00.000Z' },
    ],
    ...overrides,
  };
}

/** A user of the partner's own organisation, as the partner portal signs them in. */
export function aPartnerUser(partnerId: string, sub = `user@${partnerId.slice(0, 8)}`): Claims {
  return { sub, roles: ['partner'], partnerId };
}

/** Answers to every question of the current questionnaire: the first option (the most capable) or the last (none). */
export function answersOf(pick: 'best' | 'worst' = 'best'): Record<string, string> {
  const questionnaire = QUESTIONNAIRES.find((q) => q.version === CURRENT_QUESTIONNAIRE_VERSION)!;
  return Object.fromEntries(
    questionnaire.questions.map((q) => [q.id, (pick === 'best' ? q.options[0] : q.options[q.options.length - 1])!.id]),
  );
}

/** A Shanghai calendar date `days` from now, `YYYY-MM-DD`. */
export function shanghaiDate(days = 0, from: Date = new Date()): string {
  return new Date(from.getTime() + 8 * 3600 * 1000 + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** An asset of the inventory: general network data of unit-a, no personal information, unless overridden. */
export function anAsset(overrides: Record<string, unknown> = {}) {
  return {
    code: `A-${randomUUID().slice(0, 8)}`,
    name: '网络流量汇总',
    ownerUnit: 'unit-a',
    category: '网络数据',
    grade: 'general',
    personalInfo: false,
    sensitivePersonalInfo: false,
    catalogued: false,
    fields: [
      { name: 'region', personalInfo: false },
      { name: 'bytes', personalInfo: false },
    ],
    ...overrides,
  };
}

/** A sharing request of one asset's fields with a partner: ordinary, domestic, for six months, with the controls of general data. */
export function anAgreementRequest(partnerId: string, assetId: string, overrides: Record<string, unknown> = {}) {
  return {
    partnerId,
    assets: [{ assetId, fields: ['region', 'bytes'] }],
    purpose: '网络质量联合分析',
    scope: '各地区流量汇总',
    categories: '网络运行数据',
    conditions: '仅用于网络质量分析，不得用于其他目的',
    procedure: '经 API 按月提供',
    securityObligations: '传输加密、访问控制、使用后删除',
    relationship: 'provision',
    legalBasis: 'contract',
    scenario: 'general',
    recipientType: 'domestic_enterprise',
    crossBorder: false,
    volume: { records: 100000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
    frequency: 'monthly',
    transferMethod: 'api',
    controls: ['access_control', 'encryption_in_transit'],
    startDate: shanghaiDate(0),
    endDate: shanghaiDate(180),
    ...overrides,
  };
}

/**
 * A valid body of each step of an agreement (`POST /api/agreements/{id}/<step>`), for the tests of who may
 * send which step: valid, so that what answers is the policy or the agreement's state, never the schema.
 */
export function agreementStepBodies(partnerId: string, assetId: string): Record<string, Record<string, unknown>> {
  const reason = { reason: '测试理由' };
  return {
    submission: {},
    withdrawal: reason,
    decisions: { stage: 'unit_head', outcome: 'approve' },
    'regulator-decision': { outcome: 'approve', reference: 'REG-2025-0001' },
    'filing-confirmation': { confirmedAt: new Date().toISOString() },
    'usage-reports': {
      periodStart: shanghaiDate(0),
      records: 10,
      people: 0,
      personalInfoPeople: 0,
      sensitivePersonalInfoPeople: 0,
      fieldsUsed: [{ assetId, fields: ['region'] }],
      controlsAttested: ['access_control', 'encryption_in_transit'],
      onwardProvision: null,
    },
    resumption: reason,
    recertification: {},
    amendments: { request: anAgreementRequest(partnerId, assetId, { endDate: shanghaiDate(240) }) },
    'early-end': reason,
    'emergency-revocation': reason,
    'deletion-attestation': {
      what: '全部共享数据',
      deletedAt: new Date().toISOString(),
      deletedBy: '王经理',
      method: 'crypto_erase',
      includesBackups: true,
    },
    'attestation-waiver': reason,
  };
}
