import { randomUUID } from 'node:crypto';
import { checkCharacterOf } from '../../policies/credit-code';

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
    ...overrides,
  };
}
