/**
 * The unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, Z, S, V); characters 3–8 are the administrative
 * division code (digits); the 18th is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** The code's shape, in the portable subset of regular expressions (JSON Schema, OpenAPI). */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type CreditCodeVerdict = { valid: true } | { valid: false; reason: 'length' | 'characters' | 'check_digit' };

/** The check character GB 32100-2015 gives the first 17 characters, or null if one is outside the alphabet. */
export function checkCharacterOf(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function creditCodeVerdict(code: string): CreditCodeVerdict {
  if (code.length !== 18) return { valid: false, reason: 'length' };
  if (!CREDIT_CODE_PATTERN.test(code)) return { valid: false, reason: 'characters' };
  if (checkCharacterOf(code.slice(0, 17)) !== code.charAt(17)) return { valid: false, reason: 'check_digit' };
  return { valid: true };
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeVerdict(code).valid;
}

export const CREDIT_CODE_ALPHABET = ALPHABET;
