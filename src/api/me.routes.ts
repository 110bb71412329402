import { z } from 'zod';
import { claimsSchema } from '../auth/jwt';
import { notificationIdParams, workView } from '../schemas/my-work.schema';
import { permissionQuery, permissionView } from '../schemas/permission.schema';
import type { MyWorkService } from '../services/my-work';
import type { PermissionService } from '../services/permissions';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export function meRoutes(permissions: PermissionService, work: MyWorkService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/me',
      summary: 'The claims of the signed-in user',
      ok: { status: 200, schema: claimsSchema, description: 'The caller' },
      errors: { 401: COMMON_ERRORS[401] },
      handle: async ({ caller }) => caller.claims,
    }),
    route({
      method: 'get',
      path: '/api/me/work',
      summary: "The caller's pending items (reviews awaiting them, notifications), overdue first",
      ok: { status: 200, schema: workView, description: 'The items' },
      errors: { 401: COMMON_ERRORS[401] },
      handle: ({ caller }) => work.list(caller, new Date()),
    }),
    route({
      method: 'post',
      path: '/api/me/notifications/{id}/read',
      summary: 'Mark a notification addressed to me, my role or my organisation read (audited once); it leaves My work',
      params: notificationIdParams,
      ok: {
        status: 200,
        schema: z.object({ id: z.string(), status: z.literal('read') }),
        description: 'Read (again: no change)',
      },
      errors: {
        ...COMMON_ERRORS,
        400: 'Not a notification id',
        403: 'Not its addressee (whoever may read it but is not addressed, e.g. an auditor)',
        404: 'No such notification, or none the caller may read',
      },
      handle: ({ caller, params }) => work.markRead(caller, params.id),
    }),
    route({
      method: 'get',
      path: '/api/me/permissions',
      summary: 'May I? Allowed or not, and which rule decided',
      query: permissionQuery,
      ok: { status: 200, schema: permissionView, description: 'The answer' },
      errors: { ...COMMON_ERRORS, 400: 'Unknown action or subject', 404: 'No such record' },
      handle: ({ caller, query }) => permissions.check(caller, query),
    }),
  ];
}
