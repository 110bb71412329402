import { z } from 'zod';
import {
  AGREEMENT_STATUSES,
  DATA_GRADES,
  FINDING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  PARTNER_STATUSES,
  RISK_TIERS,
  SEVERITIES,
} from '../../policies/vocabulary';

/** `GET /api/overview` takes no parameters: an unknown one is a 400, as on every route. */
export const overviewQuery = z.object({}).strict();

/** A count for every code of a vocabulary (zero included), so a chart has every bar. */
const countsOf = <T extends readonly [string, ...string[]]>(codes: T) =>
  z.record(z.enum(codes), z.number().int().min(0));

export const OVERVIEW_SUBJECTS = ['Partner', 'Agreement', 'Finding', 'Incident'] as const;

/** Something that is due: overdue, or due before the end of the current week (Monday to Sunday, Asia/Shanghai). */
export const dueItem = z.object({
  type: z.enum(OVERVIEW_SUBJECTS),
  id: z.string(),
  /** The record's own name: a partner's legal name, an agreement's or incident's title, a finding's agreement. */
  title: z.string(),
  /** Its status, a code of its type's vocabulary. */
  status: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  /** The console's page of the record. */
  link: z.string(),
});
export type DueItem = z.infer<typeof dueItem>;

export const overviewView = z.object({
  /** When the answer was made: the due list is read then, and `overdue` is against it. */
  at: z.string(),
  /**
   * As of when the counts are: the snapshot's time (refreshed every minute by the Schedule
   * `datapact-overview`), or `at` when there is no snapshot yet and they were counted for this answer.
   */
  asOf: z.string(),
  /** The first instant of next week (Monday 00:00 Asia/Shanghai): "due this week" is before it. */
  weekEndsAt: z.string(),
  /** Each section only for a caller who may read its records, counted over what it may read. */
  partners: z.object({ byStatus: countsOf(PARTNER_STATUSES), byTier: countsOf(RISK_TIERS) }).optional(),
  agreements: z
    .object({
      byStatus: countsOf(AGREEMENT_STATUSES),
      /** Per grade (the agreement's effective grade), its agreements by status. */
      byGrade: z.record(z.enum(DATA_GRADES), countsOf(AGREEMENT_STATUSES)),
    })
    .optional(),
  /** Real incidents only: drills are left out. */
  incidents: z.object({ byStatus: countsOf(INCIDENT_STATUSES), byGrade: countsOf(INCIDENT_GRADES) }).optional(),
  findings: z.object({ byStatus: countsOf(FINDING_STATUSES), bySeverity: countsOf(SEVERITIES) }).optional(),
  due: z.object({
    overdue: z.number().int().min(0),
    dueThisWeek: z.number().int().min(0),
    /** The most pressing first (earliest due), at most DUE_ITEMS_SHOWN. */
    items: z.array(dueItem),
  }),
});
export type OverviewView = z.infer<typeof overviewView>;
