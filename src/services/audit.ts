import { accessibleFilter } from '../store/scope';
import { ForbiddenError } from '@casl/ability';
import { DomainError } from '../../policies/errors';
import { verifyAuditChain, type ChainVerdict, type StoredAuditEvent } from '../audit/audit-log';
import type { AuditEventModel } from '../models/audit-event.model';
import { decodeCursor, encodeCursor, type Page } from '../store/pagination';
import type { AuditFilters, AuditQuery } from '../schemas/audit.schema';
import type { Caller } from '../../policies/abilities';
import { nameIn, subjectNamer } from './subject-names';

/** Events an export reads from the store at a time, and hands on as one batch (each batch's subjects named together). */
const EXPORT_BATCH = 500;

/** Reading, verifying and exporting the audit trail (auditors, the DSO), newest first. */
export function createAuditService(deps: { events: typeof AuditEventModel }) {
  /** The store filters of the caller's scope and the query's filters (a 403 first for who may not read the trail). */
  function filtersOf(caller: Caller, query: AuditFilters): Record<string, unknown>[] {
    const filters: Record<string, unknown>[] = [accessibleFilter(caller.ability, 'read', 'AuditEvent')];
    if (query.subjectType) filters.push({ 'subject.type': query.subjectType });
    if (query.subjectId) filters.push({ 'subject.id': query.subjectId });
    if (query.actor) filters.push({ 'actor.sub': query.actor });
    if (query.action) filters.push({ action: query.action });
    if (query.from) filters.push({ at: { $gte: new Date(query.from) } });
    if (query.to) filters.push({ at: { $lt: new Date(query.to) } });
    return filters;
  }

  /** One page, newest first: a keyset on the unique sequence number, downwards from the cursor. */
  async function list(caller: Caller, query: AuditQuery): Promise<Page<Record<string, unknown>>> {
    const filters = filtersOf(caller, query);
    if (query.cursor) filters.push({ seq: { $lt: cursorSeq(query.cursor) } });
    const rows = await deps.events
      .find({ $and: filters })
      .sort({ seq: -1 })
      .limit(query.limit + 1)
      .lean<StoredAuditEvent[]>();
    const events = rows.slice(0, query.limit);
    const names = await subjectNamer(caller)(events.map((e) => e.subject));
    const items = events.map((event) => viewOf(event, nameIn(names, event.subject)));
    const last = events[events.length - 1];
    return rows.length > query.limit && last ? { items, nextCursor: encodeCursor(last.seq) } : { items };
  }

  /**
   * The filtered trail, newest first, in batches with their subjects' names: one streaming cursor, so a
   * long range is never held in memory. The caller's permission is checked before the first batch.
   */
  async function* exportBatches(
    caller: Caller,
    query: AuditFilters,
  ): AsyncGenerator<{ events: StoredAuditEvent[]; names: (e: StoredAuditEvent) => string | undefined }> {
    const filters = filtersOf(caller, query);
    const namer = subjectNamer(caller);
    const cursor = deps.events
      .find({ $and: filters })
      .sort({ seq: -1 })
      .lean<StoredAuditEvent[]>()
      .cursor({ batchSize: EXPORT_BATCH });
    let batch: StoredAuditEvent[] = [];
    const named = async (events: StoredAuditEvent[]) => {
      const names = await namer(events.map((e) => e.subject));
      return { events, names: (e: StoredAuditEvent) => nameIn(names, e.subject) };
    };
    for await (const event of cursor) {
      batch.push(event as StoredAuditEvent);
      if (batch.length === EXPORT_BATCH) {
        yield await named(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield await named(batch);
  }

  async function verify(caller: Caller): Promise<ChainVerdict> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'AuditEvent');
    return verifyAuditChain();
  }

  return { list, exportBatches, verify };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The sequence number a cursor of this list carries; any other cursor is a 400. */
function cursorSeq(cursor: string): number {
  const seq = decodeCursor(cursor);
  if (typeof seq === 'number' && Number.isInteger(seq)) return seq;
  throw new DomainError('request.invalid', 'the cursor is not one this API gave out');
}

function viewOf(event: StoredAuditEvent, subjectName: string | undefined): Record<string, unknown> {
  const { seq, at, actor, action, subject, before, after, reason, why, ruleVersion, prevHash, hash } = event;
  return {
    seq,
    at: at.toISOString(),
    actor,
    action,
    subject,
    ...(subjectName !== undefined ? { subjectName } : {}),
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(why?.code ? { why: { code: why.code, params: why.params ?? {} } } : {}),
    ...(ruleVersion !== undefined ? { ruleVersion } : {}),
    prevHash,
    hash,
  };
}
