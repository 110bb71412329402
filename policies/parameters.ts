/**
 * The regulation parameters DataPact can be configured with (REGULATION.md §2), each defaulting to the
 * value its rule sets and described with the rule's id.
 *
 * Bounds point the way the rule does, so that no configuration makes DataPact laxer than the rule:
 * - a **floor** (a retention, a lead time, an age) may be set higher, never below the rule;
 * - a **ceiling** (a deadline, a cadence, a validity, a threshold that switches a duty on) may be set
 *   lower, never above the rule;
 * - an **information** value (the regulator's own review time) is shown, not enforced, and is free;
 * - a **configuration** value is a product choice or rests on an unconfirmed (✖) row of REGULATION.md:
 *   it has a default and no rule bound, and must never be presented as a rule.
 * Where a rule says "months" or "years" the parameter is in months or years; working days are counted on
 * the statutory calendar (`calendar.ts`).
 */
import { z } from 'zod';
import { USAGE_VIOLATION_CODES } from './agreement-reasons';
import { INSPECTION_RULES_SCHEMA, RECTIFICATION_SCHEMA } from './inspection-parameters';
import { CONTROLS, type Control } from './vocabulary';

export const PARAMETER_KINDS = ['floor', 'ceiling', 'information', 'configuration'] as const;
export type ParameterKind = (typeof PARAMETER_KINDS)[number];

export const CADENCES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

export const RETENTION_STARTS = ['agreement_end', 'record_date'] as const;
/** When a partner's missing deletion attestation blocks its new requests: past its deadline, or from revocation on. */
export const ATTESTATION_BLOCKS = ['when_overdue', 'while_outstanding'] as const;
export type AttestationBlock = (typeof ATTESTATION_BLOCKS)[number];

const R3 = 'R3 (MIIT 办法 Art 12)';
const R4_R26 = 'R4 (MIIT 办法 Art 13) and R26 (网络数据安全管理条例 Art 30)';
const R7 = 'R7 (MIIT 办法 Arts 15–17)';
const R13_R47 = 'R13 (MIIT 办法 Art 25) and R47 (CSL Art 21)';
const R15 = 'R15 (MIIT 办法 Art 28)';
const R16_R17 = 'R16 (MIIT 办法) and R17 (MIIT 风险评估实施细则)';
const R17 = 'R17 (MIIT 风险评估实施细则)';
const R18 = 'R18 (MIIT 数据安全事件应急预案)';
const R19 = 'R19 (MIIT 数据安全事件应急预案)';
const R20 = 'R20 (CAC 国家网络安全事件报告管理办法)';
const R45 = 'R45 (PIPL Art 57)';
const R22 = 'R22 (网络数据安全管理条例 Art 12)';
const R25 = 'R25 (网络数据安全管理条例 Arts 10–11)';
const R28 = 'R28 (网络数据安全管理条例 Art 33)';
const R29 = 'R29 (网络数据安全管理条例 Arts 28, 62)';
const R30 = 'R30 (个人信息保护合规审计管理办法)';
const R43 = 'R43 (PIPL Art 28)';
const R44 = 'R44 (PIPL Art 56)';
const R48 = 'R48 (促进和规范数据跨境流动规定)';
const R50 = 'R50 (个人信息出境标准合同办法)';

interface Bound {
  /** The rule's value and the parameter's default. */
  value: number;
  unit: string;
  rules: string;
  meaning: string;
  /** Fractions allowed (hours, percentages); otherwise a whole number. */
  fractional?: boolean;
}

function amount({ unit, fractional }: Bound) {
  const type = `must be a ${fractional ? 'number' : 'whole number'} of ${unit}`;
  return (fractional ? z.number(type) : z.int(type)).positive(`must be more than 0 ${unit}`);
}

/** The rule sets a minimum: more is allowed, less is refused. */
function floor(bound: Bound) {
  const { value, unit, rules, meaning } = bound;
  return amount(bound)
    .min(value, `cannot be below ${value} ${unit}: the minimum set by ${rules}`)
    .default(value)
    .describe(`${meaning}, in ${unit}. ${rules}: at least ${value}; more may be configured, less is refused.`);
}

/** The rule sets a maximum: less is allowed, more is refused. */
function ceiling(bound: Bound) {
  const { value, unit, rules, meaning } = bound;
  return amount(bound)
    .max(value, `cannot be above ${value} ${unit}: the maximum set by ${rules}`)
    .default(value)
    .describe(`${meaning}, in ${unit}. ${rules}: at most ${value}; less may be configured, more is refused.`);
}

/** A value a rule states for someone else (the regulator): shown, never enforced. */
function information(bound: Bound) {
  const { value, unit, rules, meaning } = bound;
  return amount(bound)
    .default(value)
    .describe(`${meaning}, in ${unit}. ${rules}; for display only, not a deadline DataPact enforces.`);
}

/** A product choice, or a value from an unconfirmed (✖) row: a default, never a rule. */
function setting(value: number, unit: string, why: string, meaning: string, fractional = false) {
  return amount({ value, unit, rules: '', meaning, fractional })
    .default(value)
    .describe(`Configuration, not a rule (${why}). ${meaning}, in ${unit}.`);
}

/** The controls R7 asks of important and core data: cryptography at rest and in transit, and access control. */
export const R7_CONTROLS = [
  'encryption_in_transit',
  'encryption_at_rest',
  'access_control',
] as const satisfies readonly Control[];

/** A share of a deadline's time, strictly between 0 and 1: when a reminder or an escalation comes. */
function fraction(value: number, why: string, meaning: string) {
  return z
    .number('must be a number between 0 and 1')
    .gt(0, 'must be more than 0')
    .lt(1, 'must be less than 1: at the deadline itself it is too late')
    .default(value)
    .describe(`Configuration, not a rule (${why}). ${meaning}, as a share of the deadline's time.`);
}

/** A list of controls, each once. */
function controlList(defaults: readonly Control[], meaning: string) {
  return z
    .array(z.enum(CONTROLS, `must be one of ${CONTROLS.join(', ')}`))
    .refine((list) => new Set(list).size === list.length, 'must name each control once')
    .default(() => [...defaults])
    .describe(meaning);
}

/** A day of the month that every month has. */
function dayOfMonth(value: number, why: string, meaning: string) {
  return amount({ value, unit: 'days', rules: '', meaning })
    .max(28, 'must be 28 or less: every month has the day')
    .default(value)
    .describe(`Configuration, not a rule (${why}). ${meaning}.`);
}

/**
 * Runs a check that compares fields only when the object and those fields are valid themselves, so that
 * one bad value is reported once, by its own bound.
 */
function whenValid(...fields: string[]) {
  return {
    when: (payload: { issues: readonly { code?: string; path?: readonly PropertyKey[] }[] }) =>
      !payload.issues.some((issue) => {
        const field = issue.path?.[0];
        return field === undefined ? issue.code !== 'unrecognized_keys' : fields.includes(String(field));
      }),
  };
}

type IncidentGrade = 'I' | 'II' | 'III';
type GradeThresholds = Record<IncidentGrade, number>;

/**
 * R18's thresholds for one measure, from which an incident is of grade I (特别重大), II (重大) or III (较大);
 * below III it is IV (一般). Lower thresholds grade more incidents higher, so each is a ceiling.
 */
function gradeThresholds(defaults: GradeThresholds, unit: string, meaning: string) {
  const grade = (g: IncidentGrade) =>
    ceiling({ value: defaults[g], unit, rules: R18, meaning: `${meaning} from which an incident is grade ${g}` });
  return z
    .strictObject({ I: grade('I'), II: grade('II'), III: grade('III') })
    .superRefine(
      (t, ctx) => {
        if (!(t.I > t.II)) {
          ctx.addIssue({ code: 'custom', path: ['II'], message: `must be below grade I's threshold (${t.I} ${unit})` });
        }
      },
      whenValid('I', 'II'),
    )
    .superRefine(
      (t, ctx) => {
        if (!(t.II > t.III)) {
          ctx.addIssue({
            code: 'custom',
            path: ['III'],
            message: `must be below grade II's threshold (${t.II} ${unit})`,
          });
        }
      },
      whenValid('II', 'III'),
    )
    .prefault({})
    .describe(
      `${meaning} from which an incident is grade I, II or III (at or above). ${R18}: at most the table's values.`,
    );
}

export const PARAMETERS_SCHEMA = z
  .strictObject(
    {
      // Retention
      logRetentionDays: floor({
        value: 180,
        unit: 'days',
        rules: R13_R47,
        meaning: 'How long operation, permission and processing logs are kept (6 months)',
      }),
      provisionRecordRetentionYears: floor({
        value: 3,
        unit: 'years',
        rules: R22,
        meaning: 'How long records of each provision and entrusted processing are kept',
      }),
      provisionRecordRetentionFrom: z
        .enum(RETENTION_STARTS)
        .default('agreement_end')
        .describe(
          `Configuration, not a rule (${R22} does not say when its 3 years start). When the provision-record retention starts: at the end of the agreement (the conservative default) or at the date of each record.`,
        ),
      pipiaRecordRetentionYears: floor({
        value: 3,
        unit: 'years',
        rules: R44,
        meaning: 'How long PI-protection impact assessment (PIPIA) reports and processing records are kept',
      }),

      // Catalog filing (R3)
      catalogChangeFilingMonths: ceiling({
        value: 3,
        unit: 'months',
        rules: R3,
        meaning: 'Time to file a change of the important- and core-data catalog after a major change',
      }),
      majorChangeThresholdPercent: ceiling({
        value: 30,
        unit: 'percent',
        rules: R3,
        meaning: 'Change of record count or storage volume from which a catalog change is major',
        fractional: true,
      }),
      filingResubmissionWorkingDays: ceiling({
        value: 15,
        unit: 'working days',
        rules: R3,
        meaning: 'Time to resubmit a catalog filing after the regulator rejects it',
      }),
      regulatorReviewWorkingDays: information({
        value: 20,
        unit: 'working days',
        rules: R3,
        meaning: "The regulator's review time of a catalog filing",
      }),

      // Risk assessment of important and core data
      riskAssessmentCadenceMonths: ceiling({
        value: 12,
        unit: 'months',
        rules: R16_R17,
        meaning: 'Interval between two MIIT risk assessments of important and core data',
      }),
      riskAssessmentValidityMonths: ceiling({
        value: 12,
        unit: 'months',
        rules: R17,
        meaning: 'How long a risk-assessment result is valid from the date its report is first issued',
      }),
      riskAssessmentSubmissionWorkingDays: ceiling({
        value: 10,
        unit: 'working days',
        rules: R17,
        meaning: 'Time to submit a finished risk-assessment report to the local regulator',
      }),
      importantDataRiskReportCadenceMonths: ceiling({
        value: 12,
        unit: 'months',
        rules: R28,
        meaning: 'Interval between two risk-assessment reports on important data to the provincial authority',
      }),

      // Personal information: audits and volume thresholds
      piAuditCadenceYears: ceiling({
        value: 2,
        unit: 'years',
        rules: R30,
        meaning: 'Interval between two PI compliance audits above the audit threshold',
      }),
      piAuditThresholdPeople: ceiling({
        value: 10_000_000,
        unit: 'people',
        rules: R30,
        meaning: 'PI volume above which the periodic PI compliance audit is due',
      }),
      piProtectionOfficerThresholdPeople: ceiling({
        value: 1_000_000,
        unit: 'people',
        rules: R30,
        meaning: 'PI volume from which a PI-protection officer must be appointed',
      }),
      largeScalePiThresholdPeople: ceiling({
        value: 10_000_000,
        unit: 'people',
        rules: R29,
        meaning: 'PI volume from which a processor has the duties of an important-data processor (条例 Art 28)',
      }),
      largePlatformRegisteredUsers: ceiling({
        value: 50_000_000,
        unit: 'registered users',
        rules: R29,
        meaning: 'Registered users from which a platform is a large platform',
      }),
      largePlatformMonthlyActiveUsers: ceiling({
        value: 10_000_000,
        unit: 'monthly active users',
        rules: R29,
        meaning: 'Monthly active users from which a platform is a large platform',
      }),
      sensitivePiAgeUnder: floor({
        value: 14,
        unit: 'years of age',
        rules: R43,
        meaning: 'Age below which a person’s PI is sensitive PI',
      }),

      // Incidents
      incidentGradeThresholds: z
        .strictObject({
          personalInformation: gradeThresholds(
            { I: 100_000_000, II: 10_000_000, III: 1_000_000 },
            'people',
            'People whose PI is leaked, tampered with or lost',
          ),
          sensitivePersonalInformation: gradeThresholds(
            { I: 10_000_000, II: 1_000_000, III: 100_000 },
            'people',
            'People whose sensitive PI is leaked, tampered with or lost',
          ),
          outageHours: gradeThresholds({ I: 24, II: 12, III: 8 }, 'hours', 'Outage of a network or service'),
          directLossCny: gradeThresholds(
            { I: 1_000_000_000, II: 100_000_000, III: 50_000_000 },
            'CNY',
            'Direct economic loss',
          ),
        })
        .prefault({})
        .describe(`Incident grade thresholds per measure (at or above). ${R18}: at most the table's values.`),
      incidentFirstReportHoursCiio: ceiling({
        value: 1,
        unit: 'hours',
        rules: R20,
        meaning:
          'Time for a critical-information-infrastructure operator (CIIO) to report an incident of grade 较大 or above (MIIT: immediately, alerted at once)',
        fractional: true,
      }),
      incidentFirstReportHoursOther: ceiling({
        value: 4,
        unit: 'hours',
        rules: R20,
        meaning:
          'Time for any other operator to report an incident of grade 较大 or above (MIIT: immediately, alerted at once)',
        fractional: true,
      }),
      miitIncidentSummaryWorkingDays: ceiling({
        value: 5,
        unit: 'working days',
        rules: R19,
        meaning: 'Time to send the MIIT summary report of an incident of grade 重大 or above after emergency work ends',
      }),
      cacIncidentSummaryDays: ceiling({
        value: 30,
        unit: 'days',
        rules: R20,
        meaning: 'Time to send the CAC summary report after incident handling ends',
      }),
      defectReportHours: ceiling({
        value: 24,
        unit: 'hours',
        rules: R25,
        meaning: 'Time to report a product or service defect endangering national security or the public interest',
        fractional: true,
      }),
      incidentHandlingReportCadenceMonths: ceiling({
        value: 12,
        unit: 'months',
        rules: R15,
        meaning: 'Interval between two incident-handling reports to the MIIT local regulator',
      }),
      incidentSectorReportHours: setting(
        1,
        'hours',
        `${R15} and ${R19} say "at once" (第一时间, 立即) and set no hours; the default is the shortest hour limit of ${R20}`,
        'Time to report an incident to the sector regulator (the local 通信管理局) when it involves important or core data or is of grade 较大 or above; alerted at once',
        true,
      ),
      individualNoticeHours: setting(
        24,
        'hours',
        `${R45} and ${R15} say "immediately" and "promptly" and set no hours; a product choice`,
        'Time to notify the individuals whose personal information an incident affected',
        true,
      ),
      incidentReminderAtFraction: fraction(
        0.5,
        'a product choice',
        'When the handler of an incident is reminded of a report not yet made',
      ),
      incidentEscalationAtFraction: fraction(
        0.75,
        'a product choice',
        'When a report not yet made escalates to the DSO',
      ),
      partnerIncidentReportHours: setting(
        1,
        'hours',
        `${R20} Art 5 leaves the time to the contract; the default is its shortest hour limit`,
        'Time the agreement gives a partner to report to the company an incident it detects',
        true,
      ),
      drillCadenceMonths: setting(
        12,
        'months',
        `${R4_R26} ask for emergency drills "periodically" and set no number`,
        'Interval between two emergency drills (应急演练)',
      ),
      drillReminderDays: setting(
        30,
        'days',
        'a product choice',
        'Days before a drill is due at which the DSO is reminded',
      ),

      // Cross-border (non-CIIO, people counted from 1 January of the current year)
      crossBorderExemptBelowPeople: ceiling({
        value: 100_000,
        unit: 'people',
        rules: R48,
        meaning: 'Non-sensitive PI export below which no pathway is needed',
      }),
      crossBorderAssessmentFromPeople: ceiling({
        value: 1_000_000,
        unit: 'people',
        rules: R48,
        meaning:
          'Non-sensitive PI export from which a CAC security assessment is needed (below it: SCC or certification)',
      }),
      crossBorderSensitiveAssessmentFromPeople: ceiling({
        value: 10_000,
        unit: 'people',
        rules: R48,
        meaning: 'Sensitive PI export from which a CAC security assessment is needed (below it: SCC or certification)',
      }),
      exportAssessmentValidityYears: ceiling({
        value: 3,
        unit: 'years',
        rules: R48,
        meaning: 'How long an export security assessment result is valid',
      }),
      exportAssessmentExtensionLeadWorkingDays: floor({
        value: 60,
        unit: 'working days',
        rules: R48,
        meaning: 'How long before the assessment expires its extension is applied for',
      }),
      sccFilingWorkingDays: ceiling({
        value: 10,
        unit: 'working days',
        rules: R50,
        meaning: 'Time to file a standard contract (SCC) with the provincial 网信 office after it takes effect',
      }),

      // Sharing agreements: routing, reporting and required controls
      requiredControlsByGrade: z
        .strictObject({
          general: controlList(
            ['access_control', 'encryption_in_transit'],
            'Controls every sharing of general data commits to (a product choice)',
          ),
          important: controlList(
            R7_CONTROLS,
            `Controls every sharing of important data commits to (${R7}: at least ${R7_CONTROLS.join(', ')})`,
          ),
          core: controlList(
            [...R7_CONTROLS, 'watermark'],
            `Controls every sharing of core data commits to (${R7}: at least ${R7_CONTROLS.join(', ')})`,
          ),
        })
        .superRefine((byGrade, ctx) => {
          const lower = { important: 'general', core: 'important' } as const;
          for (const grade of ['important', 'core'] as const) {
            const belowR7 = R7_CONTROLS.filter((c) => !byGrade[grade].includes(c));
            if (belowR7.length > 0) {
              ctx.addIssue({
                code: 'custom',
                path: [grade],
                message: `cannot leave out ${belowR7.join(', ')}: the minimum set by ${R7}`,
              });
            }
            // A control already reported against R7 is reported once.
            const belowLower = byGrade[lower[grade]].filter(
              (c) => !byGrade[grade].includes(c) && !(belowR7 as readonly Control[]).includes(c),
            );
            if (belowLower.length > 0) {
              ctx.addIssue({
                code: 'custom',
                path: [grade],
                message: `must include every control of ${lower[grade]} data (${belowLower.join(', ')}): a higher grade is never protected less`,
              });
            }
          }
        })
        .prefault({})
        .describe(
          `The controls a sharing commits to, by the effective grade of its data. ${R7}: important and core data at least ${R7_CONTROLS.join(', ')}; the general list and anything beyond R7 are product choices; a higher grade includes the lower grade's controls.`,
        ),
      requiredControlsByContent: z
        .strictObject({
          personalInfo: controlList(['masking'], 'Controls added when personal information is shared'),
          sensitivePersonalInfo: controlList(
            ['masking', 'encryption_at_rest'],
            'Controls added when sensitive personal information is shared',
          ),
          crossBorder: controlList(
            ['encryption_in_transit', 'encryption_at_rest'],
            'Controls added when data is sent abroad',
          ),
        })
        .prefault({})
        .describe(
          'Configuration, not a rule (no row of REGULATION.md names a control for these; PIPL Art 51 asks for de-identification and encryption in general). The controls added to the grade’s when a sharing carries personal information, sensitive personal information, or goes abroad.',
        ),
      refuseCoreDataAbroad: z
        .boolean('must be true or false')
        .default(true)
        .describe(
          'Configuration, not a rule (R10 asks a CAC assessment for any export of important or core data and names no ban; refusing core data abroad is the product’s default). Whether a request sending core data abroad is refused outright.',
        ),
      reportablePersonalInfoPeopleFrom: setting(
        100_000,
        'people',
        'no rule sets a number; the default is the export threshold of R48',
        'People whose personal information a sharing carries from which it is filed with the regulator',
      ),
      reportableSensitivePeopleFrom: setting(
        10_000,
        'people',
        'no rule sets a number; the default is the sensitive export threshold of R48',
        'People whose sensitive personal information a sharing carries from which it is filed with the regulator',
      ),
      pipiaValidityMonths: setting(
        12,
        'months',
        'R44 asks for a PIPIA before each provision and sets no validity; aligned with the 1-year risk assessment of R17',
        'How long a PI-protection impact assessment counts for the approval of a request',
      ),
      operatorIsCiio: z
        .boolean()
        .default(false)
        .describe(
          'Configuration, not a rule (the operator profile; R48 and R20 read it): whether the company is a critical-information-infrastructure operator (关键信息基础设施运营者).',
        ),
      attestationBlocksNewRequests: z
        .enum(ATTESTATION_BLOCKS)
        .default('when_overdue')
        .describe(
          'Configuration, not a rule (R9 and PIPL Art 21 ask for deletion, no deadline). When a partner’s deletion attestation that has not arrived blocks new requests to it: once its deadline passed (when_overdue), or from the revocation on (while_outstanding).',
        ),

      // Sharing agreements: deadlines
      stageDecisionWorkingDays: setting(
        5,
        'working days',
        'a product choice',
        'Time an approver has to decide a stage of a sharing request; then it escalates',
      ),
      stageReminderWorkingDays: setting(
        3,
        'working days',
        'a product choice',
        'Working days after a stage opens at which its approver is reminded',
      ),
      regulatorFollowUpWorkingDays: setting(
        20,
        'working days',
        'R12 sets no time for the regulator; the default is the review time of R3',
        'Working days after which, and then every as many, the DSO is reminded of a core-data request awaiting the regulator',
      ),
      usageReportCadence: z
        .enum(CADENCES)
        .default('monthly')
        .describe(
          'Configuration, not a rule (R22 asks for supervision of the recipient and sets no cadence). The period each usage report of a partner covers.',
        ),
      usageReportDueDay: dayOfMonth(
        10,
        'a product choice',
        'Day of the month after a usage period by which its report is due',
      ),
      usageReportReminderDays: setting(
        3,
        'days',
        'a product choice',
        'Days before a usage report is due at which the partner is reminded',
      ),
      usageReportGraceWorkingDays: setting(
        5,
        'working days',
        'a product choice',
        'Working days after a usage report was due at which the agreement suspends if none came',
      ),
      recertificationMonths: setting(
        12,
        'months',
        'no rule sets a number; aligned with the yearly assessment of recipients in R17 item (七)',
        'Interval at which the unit head confirms a sharing is still needed',
      ),
      recertificationReminderDays: setting(
        30,
        'days',
        'a product choice',
        'Days before a recertification is due at which the unit head is reminded',
      ),
      recertificationGraceWorkingDays: setting(
        10,
        'working days',
        'a product choice',
        'Working days after a recertification was due at which the agreement suspends if it did not come',
      ),
      deletionAttestationWorkingDays: setting(
        15,
        'working days',
        'R9 and PIPL Art 21 ask for deletion and set no deadline',
        'Time a partner has after a revocation to attest that it deleted the data',
      ),
      deletionAttestationReminderWorkingDays: setting(
        10,
        'working days',
        'a product choice',
        'Working days after a revocation at which the partner is reminded of its deletion attestation',
      ),
      suspendingUsageViolations: z
        .array(z.enum(USAGE_VIOLATION_CODES, `must be one of ${USAGE_VIOLATION_CODES.join(', ')}`))
        .default(() => [...USAGE_VIOLATION_CODES])
        .describe(
          'Configuration, not a rule (R22 asks the recipient to stay within the agreed scope and sets no sanction). The usage-report violations that suspend the agreement; every one by default.',
        ),

      // Product choices
      progressReportCadence: z
        .enum(CADENCES)
        .default('monthly')
        .describe(
          'Configuration, not a rule (seed S10, a 2019–2020 campaign requirement; later rules ask for yearly reports: R15, R28). How often the progress report to the regulator is made.',
        ),
      inspectionCadence: z
        .enum(CADENCES)
        .default('quarterly')
        .describe(
          'Configuration, not a rule (R55 ✖: the 2018 notice is not public and no rule sets a number). How often special inspections of external cooperation run; they also run at each annual assessment and on an incident or partner change.',
        ),
      partnerRevettingMonths: setting(
        12,
        'months',
        'no rule sets a number; aligned with the 1-year assessment validity of R17, see also R27',
        'Interval between two vettings of a partner',
      ),
      partnerRevettingLeadDays: setting(
        30,
        'days',
        'a product choice',
        'How long before a partner’s vetting lapses its re-vetting starts',
      ),
      questionnaireDeadlineDays: setting(
        14,
        'days',
        'a product choice',
        'Time a partner has to answer a security questionnaire',
      ),
      reviewDeadlineDays: setting(
        14,
        'days',
        'a product choice',
        'Time a reviewer has to decide a vetting once the automated checks have passed',
      ),

      // Inspections and rectification (policies/inspection-parameters.ts)
      inspectionRules: INSPECTION_RULES_SCHEMA,
      rectification: RECTIFICATION_SCHEMA,
    },
    'must be an object of parameters',
  )
  .superRefine(
    (p, ctx) => {
      if (!(p.crossBorderExemptBelowPeople < p.crossBorderAssessmentFromPeople)) {
        ctx.addIssue({
          code: 'custom',
          path: ['crossBorderExemptBelowPeople'],
          message: `must be below crossBorderAssessmentFromPeople (${p.crossBorderAssessmentFromPeople} people)`,
        });
      }
    },
    whenValid('crossBorderExemptBelowPeople', 'crossBorderAssessmentFromPeople'),
  )
  .superRefine(
    (p, ctx) => {
      // The shortest month has 28 days: a lead time that long would start a re-vetting before the last one.
      if (!(p.partnerRevettingLeadDays < p.partnerRevettingMonths * 28)) {
        ctx.addIssue({
          code: 'custom',
          path: ['partnerRevettingLeadDays'],
          message: `must be shorter than the re-vetting interval (${p.partnerRevettingMonths} months)`,
        });
      }
    },
    whenValid('partnerRevettingLeadDays', 'partnerRevettingMonths'),
  )
  .superRefine(
    (p, ctx) => {
      if (!(p.stageReminderWorkingDays < p.stageDecisionWorkingDays)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stageReminderWorkingDays'],
          message: `must be shorter than the stage deadline (${p.stageDecisionWorkingDays} working days)`,
        });
      }
    },
    whenValid('stageReminderWorkingDays', 'stageDecisionWorkingDays'),
  )
  .superRefine(
    (p, ctx) => {
      if (!(p.deletionAttestationReminderWorkingDays < p.deletionAttestationWorkingDays)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deletionAttestationReminderWorkingDays'],
          message: `must be shorter than the attestation deadline (${p.deletionAttestationWorkingDays} working days)`,
        });
      }
    },
    whenValid('deletionAttestationReminderWorkingDays', 'deletionAttestationWorkingDays'),
  )
  .superRefine(
    (p, ctx) => {
      if (!(p.incidentReminderAtFraction < p.incidentEscalationAtFraction)) {
        ctx.addIssue({
          code: 'custom',
          path: ['incidentReminderAtFraction'],
          message: `must come before the escalation (${p.incidentEscalationAtFraction} of the deadline's time)`,
        });
      }
    },
    whenValid('incidentReminderAtFraction', 'incidentEscalationAtFraction'),
  )
  .superRefine(
    (p, ctx) => {
      // The shortest month has 28 days.
      if (!(p.drillReminderDays < p.drillCadenceMonths * 28)) {
        ctx.addIssue({
          code: 'custom',
          path: ['drillReminderDays'],
          message: `must be shorter than the drill interval (${p.drillCadenceMonths} months)`,
        });
      }
    },
    whenValid('drillReminderDays', 'drillCadenceMonths'),
  )
  .superRefine(
    (p, ctx) => {
      if (!(p.recertificationReminderDays < p.recertificationMonths * 28)) {
        ctx.addIssue({
          code: 'custom',
          path: ['recertificationReminderDays'],
          message: `must be shorter than the recertification interval (${p.recertificationMonths} months)`,
        });
      }
    },
    whenValid('recertificationReminderDays', 'recertificationMonths'),
  );

export type Parameters = z.output<typeof PARAMETERS_SCHEMA>;
export type ParametersInput = z.input<typeof PARAMETERS_SCHEMA>;
export type ParameterKey = keyof Parameters;

/** How each parameter is bounded; `configuration` marks a default that is never a rule. */
export const PARAMETER_KIND_OF = {
  logRetentionDays: 'floor',
  provisionRecordRetentionYears: 'floor',
  provisionRecordRetentionFrom: 'configuration',
  pipiaRecordRetentionYears: 'floor',
  catalogChangeFilingMonths: 'ceiling',
  majorChangeThresholdPercent: 'ceiling',
  filingResubmissionWorkingDays: 'ceiling',
  regulatorReviewWorkingDays: 'information',
  riskAssessmentCadenceMonths: 'ceiling',
  riskAssessmentValidityMonths: 'ceiling',
  riskAssessmentSubmissionWorkingDays: 'ceiling',
  importantDataRiskReportCadenceMonths: 'ceiling',
  piAuditCadenceYears: 'ceiling',
  piAuditThresholdPeople: 'ceiling',
  piProtectionOfficerThresholdPeople: 'ceiling',
  largeScalePiThresholdPeople: 'ceiling',
  largePlatformRegisteredUsers: 'ceiling',
  largePlatformMonthlyActiveUsers: 'ceiling',
  sensitivePiAgeUnder: 'floor',
  incidentGradeThresholds: 'ceiling',
  incidentFirstReportHoursCiio: 'ceiling',
  incidentFirstReportHoursOther: 'ceiling',
  miitIncidentSummaryWorkingDays: 'ceiling',
  cacIncidentSummaryDays: 'ceiling',
  defectReportHours: 'ceiling',
  incidentHandlingReportCadenceMonths: 'ceiling',
  incidentSectorReportHours: 'configuration',
  individualNoticeHours: 'configuration',
  incidentReminderAtFraction: 'configuration',
  incidentEscalationAtFraction: 'configuration',
  partnerIncidentReportHours: 'configuration',
  drillCadenceMonths: 'configuration',
  drillReminderDays: 'configuration',
  crossBorderExemptBelowPeople: 'ceiling',
  crossBorderAssessmentFromPeople: 'ceiling',
  crossBorderSensitiveAssessmentFromPeople: 'ceiling',
  exportAssessmentValidityYears: 'ceiling',
  exportAssessmentExtensionLeadWorkingDays: 'floor',
  sccFilingWorkingDays: 'ceiling',
  requiredControlsByGrade: 'floor',
  requiredControlsByContent: 'configuration',
  refuseCoreDataAbroad: 'configuration',
  reportablePersonalInfoPeopleFrom: 'configuration',
  reportableSensitivePeopleFrom: 'configuration',
  pipiaValidityMonths: 'configuration',
  attestationBlocksNewRequests: 'configuration',
  operatorIsCiio: 'configuration',
  stageDecisionWorkingDays: 'configuration',
  stageReminderWorkingDays: 'configuration',
  regulatorFollowUpWorkingDays: 'configuration',
  usageReportCadence: 'configuration',
  usageReportDueDay: 'configuration',
  usageReportReminderDays: 'configuration',
  usageReportGraceWorkingDays: 'configuration',
  recertificationMonths: 'configuration',
  recertificationReminderDays: 'configuration',
  recertificationGraceWorkingDays: 'configuration',
  deletionAttestationWorkingDays: 'configuration',
  deletionAttestationReminderWorkingDays: 'configuration',
  suspendingUsageViolations: 'configuration',
  progressReportCadence: 'configuration',
  inspectionCadence: 'configuration',
  partnerRevettingMonths: 'configuration',
  partnerRevettingLeadDays: 'configuration',
  questionnaireDeadlineDays: 'configuration',
  reviewDeadlineDays: 'configuration',
  inspectionRules: 'configuration',
  rectification: 'configuration',
} as const satisfies Record<ParameterKey, ParameterKind>;

export interface ParameterProblem {
  /** The parameter's path, e.g. `logRetentionDays` or `incidentGradeThresholds.outageHours.III`. */
  key: string;
  message: string;
}

/** A configuration refused, with every invalid key. */
export class InvalidParametersError extends Error {
  constructor(public readonly problems: readonly ParameterProblem[]) {
    super(`invalid parameters:\n${problems.map((p) => `- ${p.key}: ${p.message}`).join('\n')}`);
    this.name = 'InvalidParametersError';
  }
}

/** The parameters a configuration sets, the rule values elsewhere; throws listing every invalid key. */
export function parametersFrom(input: unknown): Parameters {
  const result = PARAMETERS_SCHEMA.safeParse(input === undefined ? {} : input);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue): ParameterProblem[] => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ key: at ? `${at}.${key}` : key, message: 'is not a parameter' }));
    }
    return [{ key: at || '(parameters)', message: issue.message }];
  });
  throw new InvalidParametersError(problems);
}

export const DEFAULT_PARAMETERS: Readonly<Parameters> = deepFreeze(parametersFrom({}));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
