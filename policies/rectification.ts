/**
 * The rectification (整改) of a finding (issue 14 point 3): its owner is the requesting unit (S11); its
 * deadline is the severity's working days from the inspection; the owner is reminded before it; past it the
 * rectification escalates to the DSO, and for a revoking severity (critical by default) the agreement is
 * revoked after the configured grace. Evidence awaiting a reviewer's verification holds the revocation (the
 * owner did its part; the DSO is still told it is past due); a send-back releases it. All values are the
 * `rectification` parameters. Pure: the calendar and the progress are arguments.
 */
import { REMINDER_HOUR_SHANGHAI, atShanghaiHour } from './agreement-deadlines';
import { addWorkingDays, deadlineFor, type HolidayCalendar } from './calendar';
import type { Parameters } from './parameters';
import type { EscalationTarget, Severity } from './vocabulary';

export interface RectificationPlan {
  /** The requesting unit of the agreement. */
  ownerUnit: string;
  raisedAt: Date;
  dueAt: Date;
  /** The owner unit is reminded (09:00 Shanghai time); none before the finding was raised. */
  remindAt: Date[];
  /** Past due: the DSO is told. */
  escalateAt: Date;
  escalateTo: EscalationTarget;
  /** For a revoking severity: the agreement is revoked then if not rectified; null otherwise. */
  revokeAt: Date | null;
}

/** The plan of a finding's rectification. */
export function rectificationPlanOf(input: {
  severity: Severity;
  ownerUnit: string;
  raisedAt: Date;
  params: Pick<Parameters, 'rectification'>;
  calendar: HolidayCalendar;
}): RectificationPlan {
  const { rectification } = input.params;
  const { raisedAt, calendar } = input;
  const days = rectification.deadlineWorkingDays[input.severity];
  const dueAt = deadlineFor(raisedAt, { amount: days, unit: 'working_days' }, calendar);
  const remindAt = [...rectification.reminderWorkingDaysBefore]
    .sort((a, b) => b - a)
    .filter((before) => before < days)
    .map((before) => atShanghaiHour(addWorkingDays(raisedAt, days - before, calendar), REMINDER_HOUR_SHANGHAI))
    .filter((at) => at.getTime() > raisedAt.getTime());
  const grace = rectification.revocationGraceWorkingDays;
  const revokes = rectification.revokingSeverities.includes(input.severity);
  return {
    ownerUnit: input.ownerUnit,
    raisedAt,
    dueAt,
    remindAt,
    escalateAt: dueAt,
    escalateTo: 'dso',
    revokeAt: !revokes
      ? null
      : grace === 0
        ? dueAt
        : deadlineFor(dueAt, { amount: grace, unit: 'working_days' }, calendar),
  };
}

/** Where a rectification stands, as its workflow keeps it. */
export interface RectificationProgress {
  /** Evidence submitted and not yet verified (a send-back makes this false again). */
  awaitingVerification: boolean;
  verified: boolean;
  remindersSent: number;
  escalated: boolean;
  revoked: boolean;
}

export const RECTIFICATION_STEPS = ['remind', 'escalate', 'revoke'] as const;
export type RectificationStep = (typeof RECTIFICATION_STEPS)[number];

/**
 * The next timed step of a rectification and its instant (which may have passed: then it is due at once),
 * or null when nothing more is timed: verified, revoked, or every step taken.
 */
export function nextRectificationStepOf(
  plan: RectificationPlan,
  progress: RectificationProgress,
): { step: RectificationStep; at: Date } | null {
  if (progress.verified || progress.revoked) return null;
  const steps: { step: RectificationStep; at: Date }[] = [];
  const reminder = plan.remindAt[progress.remindersSent];
  if (reminder && !progress.awaitingVerification && !progress.escalated) steps.push({ step: 'remind', at: reminder });
  if (!progress.escalated) steps.push({ step: 'escalate', at: plan.escalateAt });
  if (plan.revokeAt && !progress.awaitingVerification) steps.push({ step: 'revoke', at: plan.revokeAt });
  // Earliest first; at the same instant in the order remind, escalate, revoke.
  steps.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() || RECTIFICATION_STEPS.indexOf(a.step) - RECTIFICATION_STEPS.indexOf(b.step),
  );
  return steps[0] ?? null;
}

/**
 * Where a group of findings stands: those a run raised for one owner unit at one severity share their
 * plan (raised at the same instant), so a rectification workflow times one group, not each finding.
 */
export interface GroupProgress {
  remindersSent: number;
  /** Findings whose rectification is owed: open or escalated, no evidence awaiting verification. */
  owed: number;
  /** Findings not yet rectified (owed or awaiting verification) and not yet escalated. */
  unescalated: number;
}

/**
 * The next timed step of a group and its instant (past: due at once), or null when nothing more is timed.
 * Reminders go out while rectification is owed and nothing is escalated yet; at the deadline every finding
 * not yet rectified escalates (evidence awaiting verification too: the DSO hears it is past due); for a
 * revoking severity, from the revocation instant on, every owed finding revokes its agreement (one sent back
 * after that instant at once).
 */
export function nextGroupStepOf(
  plan: RectificationPlan,
  group: GroupProgress,
): { step: RectificationStep; at: Date } | null {
  const steps: { step: RectificationStep; at: Date }[] = [];
  const reminder = plan.remindAt[group.remindersSent];
  if (reminder && group.owed > 0 && group.unescalated > 0) steps.push({ step: 'remind', at: reminder });
  if (group.unescalated > 0) steps.push({ step: 'escalate', at: plan.escalateAt });
  if (plan.revokeAt && group.owed > 0) steps.push({ step: 'revoke', at: plan.revokeAt });
  steps.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() || RECTIFICATION_STEPS.indexOf(a.step) - RECTIFICATION_STEPS.indexOf(b.step),
  );
  return steps[0] ?? null;
}

/** A finding of this severity suspends its agreement at once (issue 14: a critical finding suspends). */
export const suspendsAgreement = (severity: Severity): boolean => severity === 'critical';
