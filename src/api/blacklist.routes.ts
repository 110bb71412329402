import {
  blacklistEntryBody,
  blacklistEntryView,
  blacklistListQuery,
  blacklistPage,
  blacklistRemovalBody,
  blacklistingView,
  creditCodeParams,
} from '../schemas/incident.schema';
import type { BlacklistService } from '../services/blacklist';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export function blacklistRoutes(blacklist: BlacklistService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/blacklist',
      summary: 'The internal blacklist (不良名单): its entries, by source or credit code, in cursor pages',
      query: blacklistListQuery,
      ok: { status: 200, schema: blacklistPage, description: 'One page of entries' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => blacklist.list(caller, query),
    }),
    route({
      method: 'post',
      path: '/api/blacklist',
      summary:
        'The DSO lists a credit code (reason, source, a term or none): nomination, vetting approval, new requests and amendments are refused for it; an approved partner of that code is blacklisted, its agreements revoked',
      body: blacklistEntryBody,
      ok: { status: 201, schema: blacklistingView, description: 'Listed' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 409: 'The code is listed already', 422: 'A term that has ended' },
      handle: ({ caller, body }) => blacklist.add(caller, body),
      location: (created: { entry: { creditCode: string } }) => `/api/blacklist/${created.entry.creditCode}`,
    }),
    route({
      method: 'get',
      path: '/api/blacklist/{creditCode}',
      summary: 'The entry of a credit code',
      params: creditCodeParams,
      ok: { status: 200, schema: blacklistEntryView, description: 'The entry' },
      errors: { ...COMMON_ERRORS, 400: 'Not a credit code', 404: 'Not listed' },
      handle: ({ caller, params }) => blacklist.get(caller, params.creditCode),
    }),
    route({
      method: 'post',
      path: '/api/blacklist/{creditCode}/removal',
      summary:
        "The DSO removes an entry, with a reason (a blacklisted partner's entry stays: its blacklisting is final)",
      params: creditCodeParams,
      body: blacklistRemovalBody,
      ok: { status: 200, schema: blacklistEntryView, description: 'Removed; the entry as it was' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'Not listed', 409: 'The partner of this code is blacklisted' },
      handle: ({ caller, params, body }) => blacklist.remove(caller, params.creditCode, body),
    }),
  ];
}
