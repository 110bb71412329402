import { z } from 'zod';
import {
  annualReportQuery,
  closureBody,
  explanationBody,
  incidentIdParams,
  incidentListQuery,
  incidentPage,
  incidentView,
  investigationBody,
  monthlySectionQuery,
  regradeBody,
  reportIncidentBody,
  reportMadeBody,
} from '../schemas/incident.schema';
import { partnerTimeline } from '../schemas/partner.schema';
import type { IncidentService } from '../services/incidents';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';
import { readRouteOf } from './read-route';
import { stepErrorsOf, stepRouteOf } from './step-route';

/** A step of an incident sent to its workflow as an update. */
const STEP_ERRORS = stepErrorsOf('incident', {
  409: 'The incident is not at this step (the code says where it is), it is closed, or a step of it (this one sent twice, say) is still being recorded (entity.busy: ask again)',
  422: 'The step does not hold: a report without its content, at an impossible time; a closure lists every blocker in `reasons`',
});

const reportDocument = z.object({
  locale: z.string(),
  title: z.string(),
  subtitle: z.string(),
  sections: z.array(
    z.object({
      heading: z.string(),
      paragraphs: z.array(z.string()),
      table: z
        .object({ columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number()]))) })
        .optional(),
    }),
  ),
});
const annualReportView = z.looseObject({
  version: z.string(),
  year: z.number(),
  summary: z.record(z.string(), z.unknown()),
  incidents: z.array(z.record(z.string(), z.unknown())),
  drills: z.record(z.string(), z.unknown()),
});
const monthlySectionView = z.object({
  section: z.looseObject({ month: z.string(), figures: z.array(z.record(z.string(), z.unknown())) }),
  document: reportDocument,
});

export function incidentRoutes(incidents: IncidentService): Route[] {
  const entity = { base: '/api/incidents', noun: 'incident', params: incidentIdParams };
  const readRoute = readRouteOf({ ...entity, idName: 'an incident id' });
  const stepRoute = stepRouteOf({ ...entity, view: incidentView, errors: STEP_ERRORS });

  return [
    route({
      method: 'post',
      path: '/api/incidents',
      summary:
        "Report an incident (a security reviewer or the DSO; a partner's user for its own organisation) or a drill: starts `incident-<id>`, which contains every affected agreement at once",
      body: reportIncidentBody,
      idempotency: 'create',
      ok: { status: 201, schema: incidentView, description: 'Reported; its containment under way' },
      errors: {
        ...COMMON_ERRORS,
        ...BODY_ERRORS,
        404: 'No such partner',
        422: 'An agreement not of this partner or not live, an unknown asset, a detection time in the future',
      },
      handle: ({ caller, body, requestKey }) => incidents.report(caller, body, { requestKey }),
      location: (created: { id: string }) => `/api/incidents/${created.id}`,
    }),
    route({
      method: 'get',
      path: '/api/incidents',
      summary: 'Incidents the caller may read, by status, grade, partner or drill, in cursor pages',
      query: incidentListQuery,
      ok: { status: 200, schema: incidentPage, description: 'One page of incidents' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => incidents.list(caller, query),
    }),
    readRoute(
      '',
      "An incident as its workflow last wrote it: its agreements' containment, its reports and their deadlines (met, due, missed); a partner's user sees no internal fields",
      { schema: incidentView, description: 'The incident' },
      ({ caller, id }) => incidents.get(caller, id),
    ),
    readRoute(
      'timeline',
      "The incident's transitions from the audit trail (the company's own readers)",
      { schema: partnerTimeline, description: 'Oldest first' },
      ({ caller, id }) => incidents.timeline(caller, id),
    ),
    stepRoute(
      'regrading',
      'New estimates (or important data found): the incident is graded again, both grades recorded, the reports it owes redone',
      regradeBody,
      ({ caller, id, body, requestKey }) => incidents.regrade(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'reports',
      'A report or notice made: when, to whom, its reference, and its content where a rule sets one (met by its deadline, or missed)',
      reportMadeBody,
      ({ caller, id, body, requestKey }) => incidents.recordReport(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'missed-reports',
      "The DSO's explanation of a report that was missed: the incident may then be closed without it",
      explanationBody,
      ({ caller, id, body, requestKey }) => incidents.explainMissed(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'investigation',
      'Findings, root cause, responsibility, measures; `handlingEnded` ends emergency handling (the summary reports count from then)',
      investigationBody,
      ({ caller, id, body, requestKey }) => incidents.investigate(caller, id, body, { requestKey }),
    ),
    stepRoute(
      'closure',
      'The DSO closes the incident: `resume` (the agreements resume, access granted again) or `revoke` (revoked, deletion attestations awaited, the partner blacklisted); every report owed must be made or explained',
      closureBody,
      ({ caller, id, body, requestKey }) => incidents.close(caller, id, body, { requestKey }),
    ),
    route({
      method: 'get',
      path: '/api/incident-reports/annual',
      summary: "The year's incident-handling report to the regulator (R15), as data",
      query: annualReportQuery.omit({ format: true, lang: true }),
      ok: { status: 200, schema: annualReportView, description: 'The report' },
      errors: { ...COMMON_ERRORS, 400: 'Not a year' },
      handle: async ({ caller, query }) =>
        (await incidents.annualReport(caller, { ...query, lang: 'zh-CN', format: 'json' })).body,
    }),
    route({
      method: 'get',
      path: '/api/incident-reports/annual/document',
      summary: "The year's incident-handling report as a document to read, in zh-CN or en, as text or HTML",
      query: annualReportQuery.extend({ format: z.enum(['text', 'html']).default('html') }),
      ok: { status: 200, type: 'text/html', description: 'The document' },
      errors: { ...COMMON_ERRORS, 400: 'Not a year, a language or a format' },
      respond: async ({ caller, query }, res) => {
        const { type, body } = await incidents.annualReport(caller, query);
        res.type(type).send(body);
      },
    }),
    route({
      method: 'get',
      path: '/api/incident-reports/monthly',
      summary: "The incident section of a month's report: its figures and incidents, and as a document in zh-CN or en",
      query: monthlySectionQuery,
      ok: { status: 200, schema: monthlySectionView, description: 'The section' },
      errors: { ...COMMON_ERRORS, 400: 'Not a month or a language' },
      handle: ({ caller, query }) => incidents.monthlySection(caller, query),
    }),
  ];
}
