/** True when a write broke a unique index (E11000): with "inserts decide races", that means "already done". */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;
