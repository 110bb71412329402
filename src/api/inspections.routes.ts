import { z } from 'zod';
import {
  evidenceBody,
  findingIdParams,
  findingListQuery,
  findingPage,
  findingView,
  inspectionListQuery,
  inspectionPage,
  inspectionPeriodParams,
  inspectionView,
  progressView,
  reportView,
  runInspectionBody,
  verificationBody,
} from '../schemas/inspection.schema';
import { partnerTimeline } from '../schemas/partner.schema';
import type { InspectionService } from '../services/inspections';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';
import { readRouteOf } from './read-route';
import { stepErrorsOf, stepRouteOf } from './step-route';

const runStarted = z.object({ period: z.string(), workflowId: z.string() });

/** A step of a finding's rectification, sent to the rectification workflow that owns it. */
const STEP_ERRORS = stepErrorsOf('finding', {
  409: 'The finding is not at this step (the code says where it is), or its rectification has ended',
});

export function inspectionRoutes(inspections: InspectionService): Route[] {
  const finding = { base: '/api/findings', noun: 'finding', params: findingIdParams };
  const readRoute = readRouteOf({ ...finding, idName: 'a finding id' });
  const stepRoute = stepRouteOf({ ...finding, view: findingView, errors: STEP_ERRORS });

  return [
    route({
      method: 'post',
      path: '/api/inspections',
      summary:
        'Run a special inspection now (the DSO): starts `inspection-<period>` (today in Shanghai unless named); a period still running is refused',
      body: runInspectionBody,
      ok: { status: 202, schema: runStarted, description: 'Started; follow its progress' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 409: 'This period is being inspected already' },
      handle: ({ caller, body }) => inspections.runNow(caller, body),
    }),
    route({
      method: 'get',
      path: '/api/inspections',
      summary: 'Inspection runs, by status and trigger, in cursor pages',
      query: inspectionListQuery,
      ok: { status: 200, schema: inspectionPage, description: 'One page of runs' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => inspections.listRuns(caller, query),
    }),
    route({
      method: 'get',
      path: '/api/inspections/{period}',
      summary: 'An inspection run as its workflow last wrote it',
      params: inspectionPeriodParams,
      ok: { status: 200, schema: inspectionView, description: 'The run' },
      errors: { ...COMMON_ERRORS, 400: 'Not a period', 404: 'No such run' },
      handle: ({ caller, params }) => inspections.getRun(caller, params.period),
    }),
    route({
      method: 'get',
      path: '/api/inspections/{period}/progress',
      summary: "Where a run stands: agreements scanned and findings so far (the workflow's answer while it runs)",
      params: inspectionPeriodParams,
      ok: { status: 200, schema: progressView, description: 'The progress' },
      errors: { ...COMMON_ERRORS, 400: 'Not a period', 404: 'No such run' },
      handle: ({ caller, params }) => inspections.progress(caller, params.period),
    }),
    route({
      method: 'get',
      path: '/api/inspections/{period}/report',
      summary: "A finished run's report: findings by rule, severity, owner unit and partner",
      params: inspectionPeriodParams,
      ok: { status: 200, schema: reportView, description: 'The report' },
      errors: { ...COMMON_ERRORS, 400: 'Not a period', 404: 'No such run, or no report yet' },
      handle: ({ caller, params }) => inspections.report(caller, params.period),
    }),
    route({
      method: 'get',
      path: '/api/findings',
      summary:
        'Findings the caller may read (a unit its own), by run, status, severity, rule, unit, partner or agreement, in cursor pages',
      query: findingListQuery,
      ok: { status: 200, schema: findingPage, description: 'One page of findings' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => inspections.listFindings(caller, query),
    }),
    readRoute(
      '',
      'A finding and its rectification as they stand',
      { schema: findingView, description: 'The finding' },
      ({ caller, id }) => inspections.getFinding(caller, id),
    ),
    readRoute(
      'timeline',
      "The finding's transitions from the audit trail",
      { schema: partnerTimeline, description: 'Oldest first' },
      ({ caller, id }) => inspections.findingTimeline(caller, id),
    ),
    stepRoute(
      'evidence',
      "The owner unit's evidence that the finding is rectified (整改), for a security reviewer to verify",
      evidenceBody,
      ({ caller, id, body, requestKey }) =>
        inspections.submitEvidence(caller, id, body, requestKey ? { requestKey } : {}),
      { done: 'Submitted; the finding as it now is' },
    ),
    stepRoute(
      'verification',
      'A security reviewer verifies the evidence (the finding is rectified) or sends it back with a reason; nobody verifies their own',
      verificationBody,
      ({ caller, id, body, requestKey }) =>
        inspections.decideEvidence(caller, id, body, requestKey ? { requestKey } : {}),
      { done: 'Decided; the finding as it now is' },
    ),
  ];
}
