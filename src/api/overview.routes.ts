import { overviewQuery, overviewView } from '../schemas/overview.schema';
import type { OverviewService } from '../services/overview';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

/** The console's landing figures: counts and what is due, over what the caller may read. */
export function overviewRoutes(overview: OverviewService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/overview',
      summary:
        "Counts by status, tier, grade and severity, and what is overdue or due this week, over the records the caller may read (the company's people; a partner's user gets 403)",
      query: overviewQuery,
      ok: { status: 200, schema: overviewView, description: 'The figures' },
      errors: { ...COMMON_ERRORS, 400: 'A query parameter (the route takes none)' },
      handle: ({ caller }) => overview.overview(caller),
    }),
  ];
}
