import {
  DEFAULT_PARAMETERS,
  InvalidParametersError,
  PARAMETER_KIND_OF,
  PARAMETERS_SCHEMA,
  parametersFrom,
  type ParameterKey,
} from '../../../policies/parameters';

/** The values REGULATION.md §2 gives, written out so that a changed default fails here. */
const RULE_VALUES = {
  logRetentionDays: 180,
  provisionRecordRetentionYears: 3,
  provisionRecordRetentionFrom: 'agreement_end',
  pipiaRecordRetentionYears: 3,
  catalogChangeFilingMonths: 3,
  majorChangeThresholdPercent: 30,
  filingResubmissionWorkingDays: 15,
  regulatorReviewWorkingDays: 20,
  riskAssessmentCadenceMonths: 12,
  riskAssessmentValidityMonths: 12,
  riskAssessmentSubmissionWorkingDays: 10,
  importantDataRiskReportCadenceMonths: 12,
  piAuditCadenceYears: 2,
  piAuditThresholdPeople: 10_000_000,
  piProtectionOfficerThresholdPeople: 1_000_000,
  largeScalePiThresholdPeople: 10_000_000,
  largePlatformRegisteredUsers: 50_000_000,
  largePlatformMonthlyActiveUsers: 10_000_000,
  sensitivePiAgeUnder: 14,
  incidentGradeThresholds: {
    personalInformation: { I: 100_000_000, II: 10_000_000, III: 1_000_000 },
    sensitivePersonalInformation: { I: 10_000_000, II: 1_000_000, III: 100_000 },
    outageHours: { I: 24, II: 12, III: 8 },
    directLossCny: { I: 1_000_000_000, II: 100_000_000, III: 50_000_000 },
  },
  incidentFirstReportHoursCiio: 1,
  incidentFirstReportHoursOther: 4,
  miitIncidentSummaryWorkingDays: 5,
  cacIncidentSummaryDays: 30,
  defectReportHours: 24,
  incidentHandlingReportCadenceMonths: 12,
  incidentSectorReportHours: 1,
  individualNoticeHours: 24,
  incidentReminderAtFraction: 0.5,
  incidentEscalationAtFraction: 0.75,
  partnerIncidentReportHours: 1,
  drillCadenceMonths: 12,
  drillReminderDays: 30,
  crossBorderExemptBelowPeople: 100_000,
  crossBorderAssessmentFromPeople: 1_000_000,
  crossBorderSensitiveAssessmentFromPeople: 10_000,
  exportAssessmentValidityYears: 3,
  exportAssessmentExtensionLeadWorkingDays: 60,
  sccFilingWorkingDays: 10,
  requiredControlsByGrade: {
    general: ['access_control', 'encryption_in_transit'],
    important: ['encryption_in_transit', 'encryption_at_rest', 'access_control'],
    core: ['encryption_in_transit', 'encryption_at_rest', 'access_control', 'watermark'],
  },
  requiredControlsByContent: {
    personalInfo: ['masking'],
    sensitivePersonalInfo: ['masking', 'encryption_at_rest'],
    crossBorder: ['encryption_in_transit', 'encryption_at_rest'],
  },
  refuseCoreDataAbroad: true,
  reportablePersonalInfoPeopleFrom: 100_000,
  reportableSensitivePeopleFrom: 10_000,
  pipiaValidityMonths: 12,
  attestationBlocksNewRequests: 'when_overdue',
  operatorIsCiio: false,
  stageDecisionWorkingDays: 5,
  stageReminderWorkingDays: 3,
  regulatorFollowUpWorkingDays: 20,
  usageReportCadence: 'monthly',
  usageReportDueDay: 10,
  usageReportReminderDays: 3,
  usageReportGraceWorkingDays: 5,
  recertificationMonths: 12,
  recertificationReminderDays: 30,
  recertificationGraceWorkingDays: 10,
  deletionAttestationWorkingDays: 15,
  deletionAttestationReminderWorkingDays: 10,
  suspendingUsageViolations: [
    'usage.records_beyond_approval',
    'usage.people_beyond_approval',
    'usage.personal_info_people_beyond_approval',
    'usage.sensitive_people_beyond_approval',
    'usage.asset_not_approved',
    'usage.field_not_approved',
    'usage.control_not_attested',
    'usage.onward_provision_not_approved',
  ],
  progressReportCadence: 'monthly',
  inspectionCadence: 'quarterly',
  partnerRevettingMonths: 12,
  partnerRevettingLeadDays: 30,
  questionnaireDeadlineDays: 14,
  reviewDeadlineDays: 14,
  inspectionRules: {
    partner_not_approved: { enabled: true, severity: 'critical', params: {} },
    partner_vetting_lapsed: { enabled: true, severity: 'critical', params: {} },
    partner_validity_ends_first: { enabled: true, severity: 'medium', params: {} },
    partner_blacklisted: { enabled: true, severity: 'critical', params: {} },
    partner_certification_expired: { enabled: true, severity: 'medium', params: {} },
    grade_above_clearance: { enabled: true, severity: 'high', params: {} },
    agreement_past_end: { enabled: true, severity: 'high', params: { graceWorkingDays: 1 } },
    usage_report_overdue: { enabled: true, severity: 'medium', params: { graceWorkingDays: 0 } },
    usage_beyond_approval: { enabled: true, severity: 'high', params: { lookbackMonths: 12 } },
    controls_not_attested: { enabled: true, severity: 'high', params: {} },
    controls_below_requirement: { enabled: true, severity: 'high', params: {} },
    provision_record_missing: { enabled: true, severity: 'high', params: {} },
    regulator_filing_missing: { enabled: true, severity: 'high', params: {} },
    regulator_filing_unconfirmed: { enabled: true, severity: 'medium', params: { confirmationWorkingDays: 20 } },
    cross_border_pathway_missing: { enabled: true, severity: 'critical', params: {} },
    export_assessment_missing: { enabled: true, severity: 'critical', params: {} },
    export_assessment_expired: { enabled: true, severity: 'high', params: {} },
    export_assessment_extension_due: { enabled: true, severity: 'low', params: { noticeWorkingDays: 20 } },
    cross_border_beyond_assessed_scope: { enabled: true, severity: 'high', params: {} },
    risk_assessment_missing: { enabled: true, severity: 'high', params: {} },
    risk_assessment_expired: { enabled: true, severity: 'medium', params: {} },
    pipia_missing: { enabled: true, severity: 'high', params: {} },
    pipia_expired: { enabled: true, severity: 'medium', params: {} },
    deletion_attestation_overdue: { enabled: true, severity: 'high', params: { graceWorkingDays: 0 } },
    recertification_overdue: { enabled: true, severity: 'medium', params: { graceWorkingDays: 0 } },
  },
  rectification: {
    deadlineWorkingDays: { critical: 3, high: 10, medium: 20, low: 30 },
    reminderWorkingDaysBefore: [3, 1],
    revokingSeverities: ['critical'],
    revocationGraceWorkingDays: 0,
  },
};

const keys = Object.keys(PARAMETER_KIND_OF) as ParameterKey[];
const numericKeysOf = (kind: string) =>
  keys.filter((key) => PARAMETER_KIND_OF[key] === kind && typeof DEFAULT_PARAMETERS[key] === 'number');

/** The problems `parametersFrom` reports for an input, or [] if it accepts it. */
function problemsOf(input: unknown): { key: string; message: string }[] {
  try {
    parametersFrom(input);
    return [];
  } catch (error) {
    if (error instanceof InvalidParametersError) return [...error.problems];
    throw error;
  }
}

describe('parametersFrom', () => {
  it('returns the rule values when nothing is configured', () => {
    expect(parametersFrom({})).toEqual(RULE_VALUES);
    expect(parametersFrom(undefined)).toEqual(RULE_VALUES);
  });

  it('keeps configured values stricter than the rules and the defaults for the rest', () => {
    const parameters = parametersFrom({ logRetentionDays: 365, catalogChangeFilingMonths: 2, sensitivePiAgeUnder: 16 });
    expect(parameters).toEqual({
      ...RULE_VALUES,
      logRetentionDays: 365,
      catalogChangeFilingMonths: 2,
      sensitivePiAgeUnder: 16,
    });
  });

  it('refuses a log retention of 90 days, naming the key and the rule', () => {
    expect(() => parametersFrom({ logRetentionDays: 90 })).toThrow(
      'logRetentionDays: cannot be below 180 days: the minimum set by R13 (MIIT 办法 Art 25) and R47 (CSL Art 21)',
    );
  });

  it('refuses a provision-record retention of 2 years', () => {
    expect(() => parametersFrom({ provisionRecordRetentionYears: 2 })).toThrow(
      /provisionRecordRetentionYears: cannot be below 3 years: the minimum set by R22/,
    );
  });

  it('refuses an SCC filing deadline longer than 10 working days', () => {
    expect(() => parametersFrom({ sccFilingWorkingDays: 15 })).toThrow(
      /sccFilingWorkingDays: cannot be above 10 working days: the maximum set by R50/,
    );
  });

  it('refuses unknown keys, naming each, nested ones included', () => {
    const problems = problemsOf({
      logRetentionDay: 200,
      extra: true,
      incidentGradeThresholds: { outageHours: { IV: 1 } },
    });
    expect(problems.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'extra', message: 'is not a parameter' },
      { key: 'incidentGradeThresholds.outageHours.IV', message: 'is not a parameter' },
      { key: 'logRetentionDay', message: 'is not a parameter' },
    ]);
  });

  it('lists every invalid key in one error', () => {
    const problems = problemsOf({
      logRetentionDays: 90,
      provisionRecordRetentionYears: 2.5,
      incidentFirstReportHoursCiio: '1',
      inspectionCadence: 'weekly',
      unknown: 1,
    });
    expect(problems.map((p) => p.key).sort()).toEqual([
      'incidentFirstReportHoursCiio',
      'inspectionCadence',
      'logRetentionDays',
      'provisionRecordRetentionYears',
      'unknown',
    ]);
    expect(problems.find((p) => p.key === 'provisionRecordRetentionYears')?.message).toBe(
      'must be a whole number of years',
    );
  });

  it('refuses anything but an object', () => {
    expect(problemsOf(null)).toEqual([{ key: '(parameters)', message: 'must be an object of parameters' }]);
    expect(problemsOf([])).toEqual([{ key: '(parameters)', message: 'must be an object of parameters' }]);
  });

  it('takes one incident threshold and keeps the others of R18', () => {
    const parameters = parametersFrom({ incidentGradeThresholds: { outageHours: { III: 6 } } });
    expect(parameters.incidentGradeThresholds).toEqual({
      ...RULE_VALUES.incidentGradeThresholds,
      outageHours: { I: 24, II: 12, III: 6 },
    });
  });

  it('refuses incident thresholds out of grade order', () => {
    expect(problemsOf({ incidentGradeThresholds: { outageHours: { II: 4 } } })).toEqual([
      { key: 'incidentGradeThresholds.outageHours.III', message: "must be below grade II's threshold (4 hours)" },
    ]);
  });

  it('reports a threshold above its rule once, by its bound, not again as out of order', () => {
    expect(problemsOf({ incidentGradeThresholds: { outageHours: { II: 30 } } })).toEqual([
      {
        key: 'incidentGradeThresholds.outageHours.II',
        message: 'cannot be above 12 hours: the maximum set by R18 (MIIT 数据安全事件应急预案)',
      },
    ]);
  });

  it('refuses a cross-border exemption that reaches the assessment threshold', () => {
    expect(problemsOf({ crossBorderExemptBelowPeople: 50_000, crossBorderAssessmentFromPeople: 50_000 })).toEqual([
      {
        key: 'crossBorderExemptBelowPeople',
        message: 'must be below crossBorderAssessmentFromPeople (50000 people)',
      },
    ]);
  });

  it('refuses a re-vetting lead time as long as the re-vetting interval', () => {
    expect(problemsOf({ partnerRevettingMonths: 1, partnerRevettingLeadDays: 27 })).toEqual([]);
    expect(problemsOf({ partnerRevettingMonths: 1, partnerRevettingLeadDays: 28 })).toEqual([
      { key: 'partnerRevettingLeadDays', message: 'must be shorter than the re-vetting interval (1 months)' },
    ]);
  });
});

describe('the agreement parameters', () => {
  it('refuses important or core controls without those R7 asks for, naming each', () => {
    expect(problemsOf({ requiredControlsByGrade: { important: ['access_control'] } })).toEqual([
      {
        key: 'requiredControlsByGrade.important',
        message:
          'cannot leave out encryption_in_transit, encryption_at_rest: the minimum set by R7 (MIIT 办法 Arts 15–17)',
      },
    ]);
  });

  it('refuses a higher grade with fewer controls than the lower one', () => {
    expect(
      problemsOf({
        requiredControlsByGrade: {
          general: ['access_control', 'masking'],
          important: ['encryption_in_transit', 'encryption_at_rest', 'access_control'],
          core: ['encryption_in_transit', 'encryption_at_rest', 'access_control', 'masking'],
        },
      }),
    ).toEqual([
      {
        key: 'requiredControlsByGrade.important',
        message: 'must include every control of general data (masking): a higher grade is never protected less',
      },
    ]);
  });

  it('accepts more controls than the defaults and refuses an unknown or repeated one', () => {
    expect(
      problemsOf({
        requiredControlsByGrade: {
          general: ['access_control', 'encryption_in_transit', 'watermark'],
          important: ['encryption_in_transit', 'encryption_at_rest', 'access_control', 'watermark'],
        },
      }),
    ).toEqual([]);
    expect(problemsOf({ requiredControlsByContent: { personalInfo: ['shredding'] } })).toEqual([
      { key: 'requiredControlsByContent.personalInfo.0', message: expect.stringMatching(/^must be one of masking/) },
    ]);
    expect(problemsOf({ requiredControlsByContent: { crossBorder: ['masking', 'masking'] } })).toEqual([
      { key: 'requiredControlsByContent.crossBorder', message: 'must name each control once' },
    ]);
  });

  it('refuses a usage-report due day that not every month has', () => {
    expect(problemsOf({ usageReportDueDay: 28 })).toEqual([]);
    expect(problemsOf({ usageReportDueDay: 29 })).toEqual([
      { key: 'usageReportDueDay', message: 'must be 28 or less: every month has the day' },
    ]);
  });

  it('refuses reminders that would come after their deadline', () => {
    expect(problemsOf({ stageReminderWorkingDays: 5 })).toEqual([
      { key: 'stageReminderWorkingDays', message: 'must be shorter than the stage deadline (5 working days)' },
    ]);
    expect(problemsOf({ deletionAttestationWorkingDays: 10 })).toEqual([
      {
        key: 'deletionAttestationReminderWorkingDays',
        message: 'must be shorter than the attestation deadline (10 working days)',
      },
    ]);
    expect(problemsOf({ recertificationMonths: 1, recertificationReminderDays: 28 })).toEqual([
      { key: 'recertificationReminderDays', message: 'must be shorter than the recertification interval (1 months)' },
    ]);
  });

  it('takes a narrower list of suspending usage violations, and refuses an unknown one', () => {
    expect(parametersFrom({ suspendingUsageViolations: [] }).suspendingUsageViolations).toEqual([]);
    expect(problemsOf({ suspendingUsageViolations: ['usage.late'] })).toEqual([
      { key: 'suspendingUsageViolations.0', message: expect.stringMatching(/^must be one of usage\./) },
    ]);
  });
});

describe('the incident parameters', () => {
  it('takes hours in fractions and refuses a reminder after the escalation', () => {
    expect(parametersFrom({ incidentSectorReportHours: 0.5 }).incidentSectorReportHours).toBe(0.5);
    expect(problemsOf({ incidentReminderAtFraction: 0.8 })).toEqual([
      { key: 'incidentReminderAtFraction', message: "must come before the escalation (0.75 of the deadline's time)" },
    ]);
    expect(problemsOf({ incidentEscalationAtFraction: 1 })).toEqual([
      { key: 'incidentEscalationAtFraction', message: 'must be less than 1: at the deadline itself it is too late' },
    ]);
  });

  it('refuses a drill reminder as long as the drill interval', () => {
    expect(problemsOf({ drillCadenceMonths: 1, drillReminderDays: 28 })).toEqual([
      { key: 'drillReminderDays', message: 'must be shorter than the drill interval (1 months)' },
    ]);
  });
});

describe('the inspection and rectification parameters', () => {
  it('takes a rule disabled, another severity and a rule parameter, keeping the rest', () => {
    const parameters = parametersFrom({
      inspectionRules: {
        pipia_expired: { enabled: false },
        partner_certification_expired: { severity: 'high' },
        usage_beyond_approval: { params: { lookbackMonths: 6 } },
      },
    });
    expect(parameters.inspectionRules).toEqual({
      ...RULE_VALUES.inspectionRules,
      pipia_expired: { enabled: false, severity: 'medium', params: {} },
      partner_certification_expired: { enabled: true, severity: 'high', params: {} },
      usage_beyond_approval: { enabled: true, severity: 'high', params: { lookbackMonths: 6 } },
    });
  });

  it('refuses an unknown rule, an unknown severity and an unknown or negative rule parameter, naming each', () => {
    expect(
      problemsOf({
        inspectionRules: {
          partner_unknown: {},
          pipia_missing: { severity: 'urgent' },
          agreement_past_end: { params: { graceWorkingDays: -1, graceDays: 2 } },
        },
      }).sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { key: 'inspectionRules.agreement_past_end.params.graceDays', message: 'is not a parameter' },
      { key: 'inspectionRules.agreement_past_end.params.graceWorkingDays', message: 'cannot be below 0 working days' },
      { key: 'inspectionRules.partner_unknown', message: 'is not a parameter' },
      { key: 'inspectionRules.pipia_missing.severity', message: 'must be one of low, medium, high, critical' },
    ]);
  });

  it('refuses more time for a graver finding than for a lighter one', () => {
    expect(problemsOf({ rectification: { deadlineWorkingDays: { high: 2 } } })).toEqual([
      {
        key: 'rectification.deadlineWorkingDays.high',
        message: 'cannot be shorter than the critical deadline (3 working days): a graver finding never gets more time',
      },
    ]);
    expect(problemsOf({ rectification: { deadlineWorkingDays: { critical: 1, high: 1, medium: 1, low: 1 } } })).toEqual(
      [],
    );
  });

  it('refuses a reminder named twice and an unknown revoking severity', () => {
    expect(problemsOf({ rectification: { reminderWorkingDaysBefore: [2, 2], revokingSeverities: ['fatal'] } })).toEqual(
      [
        { key: 'rectification.reminderWorkingDaysBefore', message: 'must name each day once' },
        { key: 'rectification.revokingSeverities.0', message: 'must be one of low, medium, high, critical' },
      ],
    );
  });
});

describe('DEFAULT_PARAMETERS', () => {
  it('equals the rule values and cannot be changed', () => {
    expect(DEFAULT_PARAMETERS).toEqual(RULE_VALUES);
    expect(Object.isFrozen(DEFAULT_PARAMETERS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PARAMETERS.incidentGradeThresholds.outageHours)).toBe(true);
  });
});

describe('PARAMETERS_SCHEMA', () => {
  it('has a kind for every parameter and no kind without a parameter', () => {
    expect(Object.keys(PARAMETERS_SCHEMA.shape).sort()).toEqual([...keys].sort());
  });

  it.each(keys.filter((key) => PARAMETER_KIND_OF[key] !== 'configuration'))(
    'describes %s with the R-number of its rule',
    (key) => {
      expect(PARAMETERS_SCHEMA.shape[key].description).toMatch(/\bR\d+ \(/);
      expect(PARAMETERS_SCHEMA.shape[key].description).not.toMatch(/^Configuration/);
    },
  );

  it.each(keys.filter((key) => PARAMETER_KIND_OF[key] === 'configuration'))(
    'describes %s as configuration, not a rule',
    (key) => {
      expect(PARAMETERS_SCHEMA.shape[key].description).toMatch(/^Configuration, not a rule \(/);
    },
  );

  it('marks the inspection cadence, whose row R55 is unconfirmed (✖), as configuration', () => {
    expect(PARAMETER_KIND_OF.inspectionCadence).toBe('configuration');
    expect(PARAMETERS_SCHEMA.shape.inspectionCadence.description).toContain('R55 ✖');
    expect(parametersFrom({ inspectionCadence: 'yearly' }).inspectionCadence).toBe('yearly');
  });

  it.each(numericKeysOf('floor'))('refuses %s below the rule value and accepts it above', (key) => {
    const value = DEFAULT_PARAMETERS[key] as number;
    expect(problemsOf({ [key]: value - 1 })).toEqual([
      { key, message: expect.stringMatching(/^cannot be below .*the minimum set by R\d+/) },
    ]);
    expect(problemsOf({ [key]: value + 1 })).toEqual([]);
  });

  it.each(numericKeysOf('ceiling'))('refuses %s above the rule value and accepts it below', (key) => {
    const value = DEFAULT_PARAMETERS[key] as number;
    expect(problemsOf({ [key]: value + 1 })).toEqual([
      { key, message: expect.stringMatching(/^cannot be above .*the maximum set by R\d+/) },
    ]);
    expect(problemsOf({ [key]: value > 1 ? value - 1 : value / 2 })).toEqual([]);
  });

  // Shares of a deadline's time (below 1) are tested with their order above.
  it.each(
    [...numericKeysOf('information'), ...numericKeysOf('configuration')].filter(
      (key) => (DEFAULT_PARAMETERS[key] as number) >= 1,
    ),
  )('accepts %s on either side of its default, and refuses 0', (key) => {
    const value = DEFAULT_PARAMETERS[key] as number;
    expect(problemsOf({ [key]: value + 1 })).toEqual([]);
    // An hour can be halved; a whole number of days goes one down.
    expect(problemsOf({ [key]: value > 1 ? value - 1 : value / 2 })).toEqual([]);
    expect(problemsOf({ [key]: 0 })).toEqual([{ key, message: expect.stringMatching(/^must be more than 0/) }]);
  });
});
