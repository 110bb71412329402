import { readFileSync } from 'node:fs';
import { listingCheckOf, type CheckResult, type Listing } from '../policies/partner-checks';

/**
 * A source of outside lists of untrustworthy parties (e.g. 信用中国 失信被执行人, an industry
 * 不良名单). DataPact asks each connector whether a credit code is listed; a connector that cannot
 * answer throws, and Temporal retries the check.
 */
export interface ExternalListConnector {
  /** Shown to reviewers as the list's name. */
  readonly name: string;
  listingsOf(creditCode: string): Promise<Listing[]>;
}

export interface ExternalListEntry {
  creditCode: string;
  list: string;
  reason: string;
}

/**
 * The connector that ships: entries kept in a local JSON file (an array of `{creditCode, list, reason}`),
 * e.g. an export of the lists the company subscribes to. The file is read on each lookup, so an
 * updated export takes effect without a restart.
 */
export function localExternalList(file: string): ExternalListConnector {
  return {
    name: `local:${file}`,
    async listingsOf(creditCode) {
      const entries = JSON.parse(readFileSync(file, 'utf8')) as ExternalListEntry[];
      return entries.filter((e) => e.creditCode === creditCode).map(({ list, reason }) => ({ list, reason }));
    },
  };
}

/** A connector over entries held in memory: for a deployment that has none, and for tests. */
export function inMemoryExternalList(entries: readonly ExternalListEntry[] = []): ExternalListConnector {
  return {
    name: 'in-memory',
    async listingsOf(creditCode) {
      return entries.filter((e) => e.creditCode === creditCode).map(({ list, reason }) => ({ list, reason }));
    },
  };
}

/** The outside-lists check of a vetting: every configured connector asked; one that cannot answer is retried. */
export function createExternalListActivities(deps: { externalLists: readonly ExternalListConnector[] }) {
  return {
    async checkExternalLists(input: { creditCode: string }): Promise<CheckResult> {
      const listings = await Promise.all(deps.externalLists.map((c) => c.listingsOf(input.creditCode)));
      return listingCheckOf('external_lists', listings.flat());
    },
  };
}

export type ExternalListActivities = ReturnType<typeof createExternalListActivities>;
