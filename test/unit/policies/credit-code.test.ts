import {
  CREDIT_CODE_ALPHABET,
  checkCharacterOf,
  creditCodeVerdict,
  isValidCreditCode,
} from '../../../policies/credit-code';

// Published codes of real enterprises, and one built from the standard's own rules.
const VALID_CODES = [
  '914403001922038216',
  '91440300708461136T',
  '91110000710925462X',
  '91310000MA1FL1MMXL',
  '91350100M000100Y43',
];

describe('creditCodeVerdict', () => {
  it.each(VALID_CODES)('accepts the valid code %s', (code) => {
    expect(creditCodeVerdict(code)).toEqual({ valid: true });
  });

  it('computes the check character that the published codes carry', () => {
    for (const code of VALID_CODES) expect(checkCharacterOf(code.slice(0, 17))).toBe(code.charAt(17));
  });

  it('refuses every single-character substitution of every valid code', () => {
    // Other characters of the alphabet, lowercase letters, and characters the standard leaves out.
    const replacements = [...CREDIT_CODE_ALPHABET, 'I', 'O', 'Z', 'S', 'V', 'a', 'x', '-', ' ', '中'];
    let mutations = 0;
    for (const code of VALID_CODES) {
      for (let i = 0; i < code.length; i++) {
        for (const c of replacements) {
          if (c === code.charAt(i)) continue;
          const mutated = code.slice(0, i) + c + code.slice(i + 1);
          mutations++;
          expect({ mutated, valid: isValidCreditCode(mutated) }).toEqual({ mutated, valid: false });
        }
      }
    }
    expect(mutations).toBe(VALID_CODES.length * 18 * (replacements.length - 1));
  });

  it('names why a code is refused', () => {
    expect(creditCodeVerdict('91440300708461136')).toEqual({ valid: false, reason: 'length' });
    expect(creditCodeVerdict('91440300708461136TT')).toEqual({ valid: false, reason: 'length' });
    expect(creditCodeVerdict('9144O300708461136T')).toEqual({ valid: false, reason: 'characters' });
    expect(creditCodeVerdict('91440300708461136I')).toEqual({ valid: false, reason: 'characters' });
    expect(creditCodeVerdict('91440300708461136U')).toEqual({ valid: false, reason: 'check_digit' });
  });

  it('refuses a check character of 0 where the sum calls for another', () => {
    const first17 = '91440300708461136';
    const wrong = CREDIT_CODE_ALPHABET.split('').filter((c) => c !== checkCharacterOf(first17));
    for (const c of wrong) expect(isValidCreditCode(first17 + c)).toBe(false);
  });
});
