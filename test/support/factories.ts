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
