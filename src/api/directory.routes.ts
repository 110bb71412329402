import { directoryView } from '../schemas/directory.schema';
import type { DirectoryService } from '../services/directory';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

/** The directory the console shows names from, instead of codes and login ids. */
export function directoryRoutes(directory: DirectoryService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/directory',
      summary:
        "Units and people with their display names in zh-CN and en (the directory file, the identity provider's names, portal users); a partner's user gets its own organisation's users only",
      ok: { status: 200, schema: directoryView, description: 'The directory' },
      errors: { 401: COMMON_ERRORS[401], 403: COMMON_ERRORS[403] },
      handle: ({ caller }) => directory.list(caller),
    }),
  ];
}
