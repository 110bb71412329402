/**
 * The configurable part of the inspection rules and of rectification (issue 14): for each rule whether it
 * runs, its severity and its own parameters; the rectification deadline of each severity, its reminders,
 * and which severities revoke the agreement when overdue. Sections `inspectionRules` and `rectification`
 * of the parameters file (`parameters.ts`), validated there with everything else.
 *
 * Every value here is configuration, not a rule: no row of REGULATION.md sets a severity, a rectification
 * deadline or an inspection grace (R55 ✖: the 2018 notice on external data cooperation is not public).
 * The checks themselves and the rows they come from are `inspection-rules.ts`. Pure; imports only zod.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from './vocabulary';

/** Every inspection rule, once: its id is in findings, in the parameters file and in the texts. */
export const INSPECTION_RULE_IDS = [
  'partner_not_approved',
  'partner_vetting_lapsed',
  'partner_validity_ends_first',
  'partner_blacklisted',
  'partner_certification_expired',
  'grade_above_clearance',
  'agreement_past_end',
  'usage_report_overdue',
  'usage_beyond_approval',
  'controls_not_attested',
  'controls_below_requirement',
  'provision_record_missing',
  'regulator_filing_missing',
  'regulator_filing_unconfirmed',
  'cross_border_pathway_missing',
  'export_assessment_missing',
  'export_assessment_expired',
  'export_assessment_extension_due',
  'cross_border_beyond_assessed_scope',
  'risk_assessment_missing',
  'risk_assessment_expired',
  'pipia_missing',
  'pipia_expired',
  'deletion_attestation_overdue',
  'recertification_overdue',
] as const;
export type InspectionRuleId = (typeof INSPECTION_RULE_IDS)[number];

/** A whole number of `unit`, 0 allowed: a product choice with its default. */
function count(value: number, unit: string, meaning: string) {
  return z
    .int(`must be a whole number of ${unit}`)
    .min(0, `cannot be below 0 ${unit}`)
    .max(3650, `cannot be above 3650 ${unit}`)
    .default(value)
    .describe(`Configuration, not a rule. ${meaning}, in ${unit}.`);
}

/** A positive whole number of `unit`. */
function positive(value: number, unit: string, meaning: string) {
  return z
    .int(`must be a whole number of ${unit}`)
    .min(1, `must be at least 1 ${unit}`)
    .max(3650, `cannot be above 3650 ${unit}`)
    .default(value)
    .describe(`Configuration, not a rule. ${meaning}, in ${unit}.`);
}

const severity = (value: Severity) =>
  z
    .enum(SEVERITIES, `must be one of ${SEVERITIES.join(', ')}`)
    .default(value)
    .describe('The finding’s severity');

const noParams = () => z.strictObject({}).prefault({});

/** One rule's configuration: whether it runs, its severity, its own parameters. */
function rule<P extends z.ZodType>(defaultSeverity: Severity, params: P, meaning: string) {
  return (
    z
      .strictObject({
        enabled: z.boolean('must be true or false').default(true),
        severity: severity(defaultSeverity),
        params,
      })
      // Every field has its default; zod cannot see that through the generic `params`.
      .prefault({} as never)
      .describe(meaning)
  );
}

/**
 * The default severity of each rule. A product choice: critical where data may be flowing to a party or a
 * country the rules forbid right now (a critical finding suspends the agreement), high where a record the
 * rules require is missing or the approval is exceeded, medium where a record is late or out of date, low
 * for a lead-time warning.
 */
export const INSPECTION_RULES_SCHEMA = z
  .strictObject(
    {
      partner_not_approved: rule('critical', noParams(), 'Data flows to a partner that is not approved'),
      partner_vetting_lapsed: rule('critical', noParams(), 'Data flows to a partner whose vetting period has ended'),
      partner_validity_ends_first: rule('medium', noParams(), 'The partner’s vetting ends before the agreement does'),
      partner_blacklisted: rule('critical', noParams(), 'The agreement runs with a blacklisted partner'),
      partner_certification_expired: rule('medium', noParams(), 'A certification of the partner has expired'),
      grade_above_clearance: rule(
        'high',
        noParams(),
        'The agreement’s data is above the highest grade the partner may now receive',
      ),
      agreement_past_end: rule(
        'high',
        z
          .strictObject({
            graceWorkingDays: count(
              1,
              'working days',
              'Time after the end date in which the expiry is left to the agreement’s own timer',
            ),
          })
          .prefault({}),
        'The agreement still runs after its end date',
      ),
      usage_report_overdue: rule(
        'medium',
        z
          .strictObject({
            graceWorkingDays: count(0, 'working days', 'Time after a usage report was due before it is a finding'),
          })
          .prefault({}),
        'A usage report of the partner is overdue',
      ),
      usage_beyond_approval: rule(
        'high',
        z
          .strictObject({
            lookbackMonths: positive(
              12,
              'months',
              'How far back reported uses of assets, fields or onward provision beyond the approval count',
            ),
          })
          .prefault({}),
        'Reported volume, assets, fields or onward provision go beyond the approval',
      ),
      controls_not_attested: rule(
        'high',
        noParams(),
        'The partner’s latest usage report does not attest a control the agreement commits to',
      ),
      controls_below_requirement: rule(
        'high',
        noParams(),
        'The agreement commits to fewer controls than its data now requires',
      ),
      provision_record_missing: rule('high', noParams(), 'A running agreement has no provision record'),
      regulator_filing_missing: rule('high', noParams(), 'A reportable sharing has not been filed with the regulator'),
      regulator_filing_unconfirmed: rule(
        'medium',
        z
          .strictObject({
            confirmationWorkingDays: positive(
              20,
              'working days',
              'Time after its submission in which the regulator’s confirmation of a filing is expected (default: the review time of R3)',
            ),
          })
          .prefault({}),
        'The regulator’s confirmation of a filing has not been recorded',
      ),
      cross_border_pathway_missing: rule(
        'critical',
        noParams(),
        'A cross-border sharing has no export pathway decided',
      ),
      export_assessment_missing: rule(
        'critical',
        noParams(),
        'A cross-border sharing that needs a CAC security assessment has none on file',
      ),
      export_assessment_expired: rule('high', noParams(), 'The export security assessment has expired'),
      export_assessment_extension_due: rule(
        'low',
        z
          .strictObject({
            noticeWorkingDays: count(
              20,
              'working days',
              'Time before the last day to apply for the extension (R48: its lead time before expiry) from which it is a finding',
            ),
          })
          .prefault({}),
        'The export security assessment expires within its extension lead time',
      ),
      cross_border_beyond_assessed_scope: rule(
        'high',
        noParams(),
        'What went abroad exceeds the scale its export pathway was decided on',
      ),
      risk_assessment_missing: rule('high', noParams(), 'An important- or core-data sharing has no risk assessment'),
      risk_assessment_expired: rule('medium', noParams(), 'The risk assessment is older than its validity'),
      pipia_missing: rule('high', noParams(), 'A personal-information sharing has no PIPIA'),
      pipia_expired: rule('medium', noParams(), 'The PIPIA is older than its validity'),
      deletion_attestation_overdue: rule(
        'high',
        z
          .strictObject({
            graceWorkingDays: count(
              0,
              'working days',
              'Time after a deletion attestation was due before it is a finding',
            ),
          })
          .prefault({}),
        'The partner’s deletion attestation is overdue',
      ),
      recertification_overdue: rule(
        'medium',
        z
          .strictObject({
            graceWorkingDays: count(0, 'working days', 'Time after a recertification was due before it is a finding'),
          })
          .prefault({}),
        'The unit head’s recertification is overdue',
      ),
    } satisfies Record<InspectionRuleId, z.ZodType>,
    'must be an object of inspection rules',
  )
  .prefault({})
  .describe(
    'Configuration, not a rule (R55 ✖; no rule sets a severity). Each inspection rule: enabled (true or false), severity (low, medium, high, critical) and its own params.',
  );
export type InspectionRulesConfig = z.output<typeof INSPECTION_RULES_SCHEMA>;

/** Highest first, for the order check of the deadlines. */
const GRAVEST_FIRST: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export const RECTIFICATION_SCHEMA = z
  .strictObject(
    {
      deadlineWorkingDays: z
        .strictObject({
          critical: positive(3, 'working days', 'Time to rectify a critical finding'),
          high: positive(10, 'working days', 'Time to rectify a high finding'),
          medium: positive(20, 'working days', 'Time to rectify a medium finding'),
          low: positive(30, 'working days', 'Time to rectify a low finding'),
        })
        .superRefine((days, ctx) => {
          for (let i = 1; i < GRAVEST_FIRST.length; i += 1) {
            const graver = GRAVEST_FIRST[i - 1]!;
            const lighter = GRAVEST_FIRST[i]!;
            if (days[lighter] < days[graver]) {
              ctx.addIssue({
                code: 'custom',
                path: [lighter],
                message: `cannot be shorter than the ${graver} deadline (${days[graver]} working days): a graver finding never gets more time`,
              });
            }
          }
        })
        .prefault({})
        .describe('Working days the owner unit has to rectify a finding, by its severity'),
      reminderWorkingDaysBefore: z
        .array(z.int('must be a whole number of working days').min(1, 'must be at least 1 working day').max(365))
        .max(5, 'at most 5 reminders')
        .refine((list) => new Set(list).size === list.length, 'must name each day once')
        .default(() => [3, 1])
        .describe(
          'Working days before the deadline at which the owner unit is reminded; a reminder that would fall before the finding was raised is not sent',
        ),
      revokingSeverities: z
        .array(z.enum(SEVERITIES, `must be one of ${SEVERITIES.join(', ')}`))
        .refine((list) => new Set(list).size === list.length, 'must name each severity once')
        .default(() => ['critical'] as Severity[])
        .describe('Severities whose overdue rectification revokes the agreement (issue 14: critical)'),
      revocationGraceWorkingDays: count(
        0,
        'working days',
        'Time after an overdue rectification of a revoking severity was escalated before the agreement is revoked',
      ),
    },
    'must be an object of rectification parameters',
  )
  .prefault({})
  .describe(
    'Configuration, not a rule (no rule sets a rectification deadline; the owner is the requesting unit, S11). Rectification deadlines by severity, reminders, and which overdue rectifications revoke the agreement; an overdue rectification escalates to the DSO.',
  );
export type RectificationParameters = z.output<typeof RECTIFICATION_SCHEMA>;
