/**
 * The internal blacklist (不良名单, issue 15 point 5): an entry lists a credit code with its reason and
 * source, for good or until a date; while in force it refuses the code's nomination, vetting approval and
 * re-nomination, new sharing requests and amendments. Pure: `now` is a parameter.
 */

/** An entry as the store keeps it. */
export interface BlacklistListing {
  creditCode: string;
  reason: string;
  until?: Date | string | null;
}

/** Whether the entry still lists its code at `now`: it has no end, or its end is still ahead. */
export function isListingInForce(entry: Pick<BlacklistListing, 'until'> | null | undefined, now: Date): boolean {
  if (!entry) return false;
  if (entry.until === undefined || entry.until === null) return true;
  const until = entry.until instanceof Date ? entry.until.getTime() : Date.parse(entry.until);
  return until > now.getTime();
}
