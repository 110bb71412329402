/** `{ a: true, b: true }` from `['a', 'b']`: the mask zod's `pick`, `omit` and `partial` take. */
export function maskOf<K extends string>(keys: readonly K[]): { [P in K]: true } {
  return Object.fromEntries(keys.map((k) => [k, true])) as { [P in K]: true };
}
