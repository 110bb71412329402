import { auditPage, auditQuery, chainVerdictView } from '../schemas/audit.schema';
import type { AuditService } from '../services/audit';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export function auditRoutes(audit: AuditService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      summary: 'The audit trail (S7), filtered, in cursor pages',
      query: auditQuery,
      ok: { status: 200, schema: auditPage, description: 'One page of events' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => audit.list(caller, query),
    }),
    route({
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Recompute the hash chain; report the first broken sequence number',
      ok: { status: 200, schema: chainVerdictView, description: 'The verdict' },
      errors: COMMON_ERRORS,
      handle: ({ caller }) => audit.verify(caller),
    }),
  ];
}
