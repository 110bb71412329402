import { accessibleFilter } from '../store/scope';
import { ForbiddenError } from '@casl/ability';
import { verifyAuditChain, type ChainVerdict, type StoredAuditEvent } from '../audit/audit-log';
import type { AuditEventModel } from '../models/audit-event.model';
import { pageOf, type Page } from '../store/pagination';
import type { AuditQuery } from '../schemas/audit.schema';
import type { Caller } from '../../policies/abilities';

/** Reading and verifying the audit trail (auditors, the DSO). */
export function createAuditService(deps: { events: typeof AuditEventModel }) {
  async function list(caller: Caller, query: AuditQuery): Promise<Page<Record<string, unknown>>> {
    const filters: Record<string, unknown>[] = [accessibleFilter(caller.ability, 'read', 'AuditEvent')];
    if (query.subjectType) filters.push({ 'subject.type': query.subjectType });
    if (query.subjectId) filters.push({ 'subject.id': query.subjectId });
    if (query.actor) filters.push({ 'actor.sub': query.actor });
    if (query.action) filters.push({ action: query.action });
    if (query.from) filters.push({ at: { $gte: new Date(query.from) } });
    if (query.to) filters.push({ at: { $lt: new Date(query.to) } });
    const page = await pageOf(
      (cursor, limit) =>
        deps.events
          .find({ $and: [...filters, cursor] })
          .sort({ seq: 1 })
          .limit(limit)
          .lean<StoredAuditEvent[]>()
          .then((rows) => rows.map(viewOf)),
      'seq',
      query,
    );
    return page;
  }

  async function verify(caller: Caller): Promise<ChainVerdict> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'AuditEvent');
    return verifyAuditChain();
  }

  return { list, verify };
}

export type AuditService = ReturnType<typeof createAuditService>;

function viewOf(event: StoredAuditEvent): Record<string, unknown> {
  const { seq, at, actor, action, subject, before, after, reason, why, ruleVersion, prevHash, hash } = event;
  return {
    seq,
    at: at.toISOString(),
    actor,
    action,
    subject,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(why?.code ? { why: { code: why.code, params: why.params ?? {} } } : {}),
    ...(ruleVersion !== undefined ? { ruleVersion } : {}),
    prevHash,
    hash,
  };
}
