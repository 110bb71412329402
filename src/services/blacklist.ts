/**
 * The internal blacklist's use cases (不良名单; issue 15 point 5): the DSO lists a credit code (reason, source,
 * a term or none) or removes an entry, each with an audit event; the company's readers list the entries. An
 * entry in force refuses the code's nomination, vetting approval, re-nomination, new sharing requests and
 * amendments (they read it), and listing an approved partner blacklists it through its workflow: its
 * agreements are revoked. A partner's own blacklisting is final: the entry of a blacklisted partner stays.
 */
import { ForbiddenError, subject } from '@casl/ability';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Caller } from '../../policies/abilities';
import { isListingInForce } from '../../policies/blacklist';
import { DomainError } from '../../policies/errors';
import { listCode } from '../../activities/blacklist';
import { partnerWorkflowId } from '../../workflows/ids';
import { blacklistUpdate } from '../../workflows/partner/messages';
import { appendAuditEvent } from '../audit/audit-log';
import type { partnerEntity } from '../entities/partner';
import type { BlacklistModel } from '../models/blacklist.model';
import type { BlacklistEntryBody, BlacklistEntryView, BlacklistListQuery } from '../schemas/incident.schema';
import { pageOf, type Page } from '../store/pagination';
import { sentWith } from './entity-access';

export interface BlacklistServiceDeps {
  temporal: Client;
  blacklist: typeof BlacklistModel;
  partners: typeof partnerEntity;
  now?: () => Date;
}

/** Partners whose listing blacklists them at once (their agreements revoked); others are refused at their next step. */
const BLACKLISTED_WHEN_LISTED = ['approved', 'revetting'];

export function createBlacklistService(deps: BlacklistServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const entryTarget = (creditCode: string) => subject('BlacklistEntry', { creditCode });

  const viewOf = (doc: Record<string, unknown>): BlacklistEntryView => {
    const until = doc.until instanceof Date ? doc.until : undefined;
    return {
      creditCode: String(doc.creditCode),
      reason: String(doc.reason),
      source: (doc.source as BlacklistEntryView['source']) ?? 'manual',
      listedBy: String(doc.listedBy),
      listedAt: (doc.createdAt instanceof Date ? doc.createdAt : now()).toISOString(),
      ...(until ? { until: until.toISOString() } : {}),
      expired: !isListingInForce({ until: until ?? null }, now()),
      ...(doc.incidentId ? { incidentId: String(doc.incidentId) } : {}),
      ...(doc.partnerId ? { partnerId: String(doc.partnerId) } : {}),
    };
  };

  const partnerOfCode = async (creditCode: string) => {
    const doc = await deps.partners.model.findOne({ creditCode }).lean<Record<string, unknown>>();
    return doc ? deps.partners.stateOf(doc) : null;
  };

  async function list(caller: Caller, query: BlacklistListQuery): Promise<Page<BlacklistEntryView>> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', 'BlacklistEntry');
    const filters: Record<string, unknown> = {};
    if (query.source) filters.source = query.source;
    if (query.creditCode) filters.creditCode = query.creditCode;
    const page = await pageOf(
      (cursor, limit) =>
        deps.blacklist
          .find({ ...filters, ...cursor })
          .sort({ creditCode: 1 })
          .limit(limit)
          .lean<Record<string, unknown>[]>(),
      'creditCode',
      query,
    );
    return { ...page, items: page.items.map(viewOf) };
  }

  async function get(caller: Caller, creditCode: string): Promise<BlacklistEntryView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('read', entryTarget(creditCode));
    const doc = await deps.blacklist.findOne({ creditCode }).lean<Record<string, unknown>>();
    if (!doc) throw new DomainError('blacklist.not_found', `credit code ${creditCode} is not listed`, { creditCode });
    return viewOf(doc);
  }

  /** Lists the code; an approved partner of that code is blacklisted through its workflow (its agreements revoked). */
  async function add(caller: Caller, body: BlacklistEntryBody) {
    ForbiddenError.from(caller.ability).throwUnlessCan('blacklist', entryTarget(body.creditCode));
    const until = body.until ? new Date(body.until) : undefined;
    if (until && until.getTime() <= now().getTime()) {
      throw new DomainError('blacklist.until_in_past', 'a listing ends after today', { until: body.until! });
    }
    const partner = await partnerOfCode(body.creditCode);
    const { listed, entry } = await listCode(
      deps.blacklist,
      {
        creditCode: body.creditCode,
        reason: body.reason,
        listedBy: caller.claims.sub,
        source: body.source,
        ...(until ? { until } : {}),
        ...(partner ? { partnerId: partner.id } : {}),
      },
      now(),
    );
    if (!listed) {
      throw new DomainError(
        'blacklist.already_listed',
        `credit code ${body.creditCode} is listed: ${String(entry.reason)}`,
        {
          creditCode: body.creditCode,
          reason: String(entry.reason),
        },
      );
    }
    await appendAuditEvent({
      eventKey: `blacklist:${body.creditCode}:${String(entry._id)}:${(entry.updatedAt as Date).getTime()}`,
      actor: caller.claims,
      action: 'blacklist.listed',
      subject: { type: 'BlacklistEntry', id: body.creditCode },
      after: { source: body.source, ...(body.until ? { until: body.until } : {}) },
      reason: body.reason,
    });
    let effect: { id: string; status: string; blacklisted: boolean } | undefined;
    if (partner) {
      effect = { id: partner.id, status: partner.status, blacklisted: partner.status === 'blacklisted' };
      if (BLACKLISTED_WHEN_LISTED.includes(partner.status)) {
        effect = { id: partner.id, ...(await blacklistPartner(caller, partner.id, body.reason)) };
      }
    }
    return { entry: viewOf(entry), ...(effect ? { partner: effect } : {}) };
  }

  /** The partner's workflow blacklists it (for good) and tells its agreements. */
  async function blacklistPartner(caller: Caller, partnerId: string, reason: string) {
    const updateId = `blacklist-entry:${partnerId}`;
    try {
      const state = await deps.temporal.workflow
        .getHandle(partnerWorkflowId(partnerId))
        .executeUpdate(blacklistUpdate, {
          args: [sentWith({ reason: `internal blacklist: ${reason}`, actor: caller.claims }, updateId)],
          updateId,
        });
      return { status: state.status, blacklisted: state.status === 'blacklisted' };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { status: 'unknown', blacklisted: false };
      throw err;
    }
  }

  /** Removes an entry (a listing made in error, an appeal upheld); a blacklisted partner's entry stays. */
  async function remove(caller: Caller, creditCode: string, body: { reason: string }) {
    ForbiddenError.from(caller.ability).throwUnlessCan('blacklist', entryTarget(creditCode));
    const doc = await deps.blacklist.findOne({ creditCode }).lean<Record<string, unknown>>();
    if (!doc) throw new DomainError('blacklist.not_found', `credit code ${creditCode} is not listed`, { creditCode });
    const partner = await partnerOfCode(creditCode);
    if (partner?.status === 'blacklisted') {
      throw new DomainError(
        'blacklist.partner_blacklisted',
        `partner ${partner.id} of credit code ${creditCode} is blacklisted for good: its entry stays`,
        { creditCode, partnerId: partner.id },
      );
    }
    await deps.blacklist.deleteOne({ _id: doc._id });
    await appendAuditEvent({
      eventKey: `blacklist:${creditCode}:${String(doc._id)}:removed`,
      actor: caller.claims,
      action: 'blacklist.removed',
      subject: { type: 'BlacklistEntry', id: creditCode },
      before: viewOf(doc),
      reason: body.reason,
    });
    return viewOf(doc);
  }

  return { list, get, add, remove };
}

export type BlacklistService = ReturnType<typeof createBlacklistService>;
