import { isDuplicateKey } from '../../src/models/duplicate-key';
import type { AccessLedgerModel } from '../../src/models/access-ledger.model';
import type { AccessAction } from '../../policies/vocabulary';
import type { AccessConnector, AccessReceipt } from './access';

type Ledger = typeof AccessLedgerModel;

/**
 * The access connector of development and tests: grants and revokes are rows of the `access_ledger`
 * collection, inserted under their idempotency key, so a retried call is one row. A revoke records
 * whether it ended a grant (`effective`), from the agreement's rows ordered by version; an agreement's
 * calls come from its one workflow, one at a time, so that read cannot race another call of the same agreement.
 */
export function ledgerAccessConnector(deps: { ledger: Ledger; now?: () => Date }): AccessConnector {
  const now = deps.now ?? (() => new Date());

  async function insertOnce(row: Record<string, unknown> & { _id: string }): Promise<AccessReceipt> {
    try {
      await deps.ledger.create(row);
      return { key: row._id, repeated: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return { key: row._id, repeated: true };
    }
  }

  return {
    name: 'ledger',

    grant: (request) =>
      insertOnce({
        _id: request.key,
        action: 'grant',
        agreementId: request.agreementId,
        version: request.version,
        partnerId: request.partnerId,
        scope: request.scope,
        recordedAt: now(),
      }),

    async revoke(request) {
      const rows = await rowsOf(deps.ledger, request.agreementId);
      if (rows.some((row) => row._id === request.key)) return { key: request.key, repeated: true };
      const latest = latestOf(rows);
      const lastGrant = latestOf(rows.filter((row) => row.action === 'grant'));
      return insertOnce({
        _id: request.key,
        action: 'revoke',
        agreementId: request.agreementId,
        version: request.version,
        ...(lastGrant?.partnerId ? { partnerId: lastGrant.partnerId } : {}),
        reason: request.reason,
        effective: latest?.action === 'grant',
        recordedAt: now(),
      });
    },
  };
}

interface Row {
  _id: string;
  action: AccessAction;
  version: number;
  partnerId?: string | null;
  effective?: boolean | null;
  recordedAt: Date;
}

const rowsOf = (ledger: Ledger, agreementId: string) =>
  ledger.find({ agreementId }, { action: 1, version: 1, partnerId: 1, effective: 1, recordedAt: 1 }).lean<Row[]>();

/** The row of the highest version (a revoke after a grant of the same version comes after it). */
function latestOf(rows: readonly Row[]): Row | undefined {
  const rank = (row: Row) => row.version * 2 + (row.action === 'revoke' ? 1 : 0);
  return rows.reduce<Row | undefined>((best, row) => (!best || rank(row) > rank(best) ? row : best), undefined);
}

/** What the ledger holds for one agreement: the figures "granted once, revoked once" is checked on. */
export interface AccessLedgerSummary {
  agreementId: string;
  grants: number;
  revokes: number;
  /** Revokes that ended a grant; a revoke of access already gone is not one. */
  effectiveRevokes: number;
  /** Whether the agreement's latest row is a grant. */
  granted: boolean;
  lastGrantAt?: Date;
  lastRevokeAt?: Date;
}

function summaryOf(agreementId: string, rows: readonly Row[]): AccessLedgerSummary {
  const grants = rows.filter((row) => row.action === 'grant');
  const revokes = rows.filter((row) => row.action === 'revoke');
  const lastAt = (of: readonly Row[]) =>
    of.reduce<Date | undefined>((last, row) => (!last || row.recordedAt > last ? row.recordedAt : last), undefined);
  const lastGrantAt = lastAt(grants);
  const lastRevokeAt = lastAt(revokes);
  return {
    agreementId,
    grants: grants.length,
    revokes: revokes.length,
    effectiveRevokes: revokes.filter((row) => row.effective).length,
    granted: latestOf(rows)?.action === 'grant',
    ...(lastGrantAt ? { lastGrantAt } : {}),
    ...(lastRevokeAt ? { lastRevokeAt } : {}),
  };
}

/** The ledger's figures for one agreement. */
export async function accessLedgerOf(ledger: Ledger, agreementId: string): Promise<AccessLedgerSummary> {
  return summaryOf(agreementId, await rowsOf(ledger, agreementId));
}

/**
 * The ledger's figures for many agreements (a benchmark's hundred), read in one pass of a streaming cursor
 * rather than one query each: on the embedded store every query scans the collection.
 */
export async function accessLedgersOf(
  ledger: Ledger,
  agreementIds: readonly string[],
): Promise<Map<string, AccessLedgerSummary>> {
  const wanted = new Set(agreementIds);
  const rowsByAgreement = new Map<string, Row[]>(agreementIds.map((id) => [id, []]));
  const cursor = ledger
    .find({}, { agreementId: 1, action: 1, version: 1, partnerId: 1, effective: 1, recordedAt: 1 })
    .lean<(Row & { agreementId: string })[]>()
    .cursor({ batchSize: 1000 });
  for await (const row of cursor) {
    if (wanted.has(row.agreementId)) rowsByAgreement.get(row.agreementId)!.push(row);
  }
  return new Map([...rowsByAgreement].map(([id, rows]) => [id, summaryOf(id, rows)]));
}
