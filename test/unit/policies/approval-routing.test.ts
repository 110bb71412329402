import {
  approvalChainFor,
  preApprovalRefusalsFor,
  reportabilityOf,
  type Route,
} from '../../../policies/approval-routing';
import { NEW_TECH_SCENARIOS, type ApprovalStage, type DataGrade, type RiskTier } from '../../../policies/vocabulary';
import { aContext, aPartner, aRequest, shareOf, NOW, type AssetKey } from './agreement-factory';

/*
 * The expected route, written out by dimension. Each entry lists the reasons (codes) that a value of
 * that dimension puts on a stage; a stage is on the route when any dimension gives it a reason.
 * Unit head and security review are on every route, for every request.
 */
const LEGAL_BECAUSE = {
  personalInfo: {
    none: [],
    pi: ['sharing.personal_information'],
    sensitive: ['sharing.personal_information', 'sharing.sensitive_personal_information'],
  },
} as const;

const DSO_BECAUSE = {
  grade: { general: [], important: ['sharing.important_data'], core: ['sharing.core_data'] },
  personalInfo: { none: [], pi: [], sensitive: ['sharing.sensitive_personal_information'] },
  scenario: { ordinary: [], new_tech: ['sharing.new_tech_scenario'] },
  crossBorder: { no: [], yes: ['sharing.cross_border'] },
  tier: { low: [], medium: [], high: ['sharing.high_risk_partner'] },
} as const;

/** Core data waits for the regulator after the internal stages (R12). */
const REGULATOR_REVIEW = { general: false, important: false, core: true } as const;

/** Records on file before approval: a risk assessment for important and core data, a PIPIA for any PI. */
const CHECKLIST = {
  grade: { general: [], important: ['risk_assessment'], core: ['risk_assessment'] },
  personalInfo: { none: [], pi: ['pipia'], sensitive: ['pipia'] },
} as const;

/**
 * The export pathway of a cross-border request, by grade and PI, with the volumes below: PI of 150,000
 * people (between 100 k and 1 M), sensitive PI of 2,000 (under 10 k), nothing sent abroad earlier this year.
 */
const PATHWAY = {
  general: {
    none: 'exempt',
    pi: 'standard_contract_or_certification',
    sensitive: 'standard_contract_or_certification',
  },
  important: { none: 'security_assessment', pi: 'security_assessment', sensitive: 'security_assessment' },
  core: { none: 'security_assessment', pi: 'security_assessment', sensitive: 'security_assessment' },
} as const;

const GRADE_ASSET: Record<DataGrade, AssetKey> = { general: 'cells', important: 'routes', core: 'backbone' };
const PI_ASSET = { none: [], pi: ['subscribers'], sensitive: ['locations'] } as const;
const VOLUME = {
  none: { records: 10_000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
  pi: { records: 300_000, people: 150_000, personalInfoPeople: 150_000, sensitivePersonalInfoPeople: 0 },
  sensitive: { records: 300_000, people: 150_000, personalInfoPeople: 150_000, sensitivePersonalInfoPeople: 2_000 },
} as const;

type PersonalInfo = keyof typeof PI_ASSET;
type Scenario = 'ordinary' | 'new_tech';
type CrossBorder = 'no' | 'yes';

const GRADES = ['general', 'important', 'core'] as const;
const PIS = ['none', 'pi', 'sensitive'] as const;
const SCENARIOS = ['ordinary', 'new_tech'] as const;
const CROSS_BORDER = ['no', 'yes'] as const;
const TIERS = ['low', 'medium', 'high'] as const;

const combinations = GRADES.flatMap((grade) =>
  PIS.flatMap((pi) =>
    SCENARIOS.flatMap((scenario) =>
      CROSS_BORDER.flatMap((crossBorder) =>
        TIERS.map(
          (tier) =>
            [grade, pi, scenario, crossBorder, tier] as [DataGrade, PersonalInfo, Scenario, CrossBorder, RiskTier],
        ),
      ),
    ),
  ),
);

function routeOf(
  grade: DataGrade,
  pi: PersonalInfo,
  scenario: Scenario,
  crossBorder: CrossBorder,
  tier: RiskTier,
): Route {
  const request = aRequest({
    assets: shareOf(GRADE_ASSET[grade], ...PI_ASSET[pi]),
    scenario: scenario === 'new_tech' ? 'connected_vehicle' : 'general',
    crossBorder: crossBorder === 'yes',
    ...(crossBorder === 'yes' ? { destinationCountry: 'SG' } : {}),
    volume: VOLUME[pi],
    consentBasis: pi === 'none' ? undefined : 'separate_consent',
  });
  return approvalChainFor(request, aContext({ partner: aPartner({ riskTier: tier, clearance: 'core' }) }));
}

describe('approvalChainFor: grade × personal information × scenario × cross-border × partner tier', () => {
  it('covers every combination', () => {
    expect(combinations).toHaveLength(3 * 3 * 2 * 2 * 3);
  });

  it.each(combinations)(
    '%s data, PI %s, %s scenario, cross-border %s, %s-tier partner',
    (grade, pi, scenario, crossBorder, tier) => {
      const route = routeOf(grade, pi, scenario, crossBorder, tier);

      const legal = [...LEGAL_BECAUSE.personalInfo[pi]];
      const dso = [
        ...DSO_BECAUSE.grade[grade],
        ...DSO_BECAUSE.personalInfo[pi],
        ...DSO_BECAUSE.scenario[scenario],
        ...DSO_BECAUSE.crossBorder[crossBorder],
        ...DSO_BECAUSE.tier[tier],
      ];
      const expected: [ApprovalStage, string[]][] = [
        ['unit_head', ['sharing.every_request']],
        ['security_review', ['sharing.every_request']],
        ...(legal.length > 0 ? [['legal', legal] as [ApprovalStage, string[]]] : []),
        ...(dso.length > 0 ? [['dso', dso] as [ApprovalStage, string[]]] : []),
      ];
      expect(route.stages.map((s) => [s.stage, s.reasons.map((r) => r.code)])).toEqual(expected);

      expect(route.effectiveGrade).toBe(grade);
      expect(route.regulatorReview !== null).toBe(REGULATOR_REVIEW[grade]);
      const records = [
        ...CHECKLIST.grade[grade],
        ...CHECKLIST.personalInfo[pi],
        ...(crossBorder === 'yes' && PATHWAY[grade][pi] === 'security_assessment'
          ? ['export_security_assessment']
          : []),
      ];
      expect(route.checklist.map((c) => c.record)).toEqual(records);
      expect(route.exportPathway?.pathway ?? null).toBe(crossBorder === 'yes' ? PATHWAY[grade][pi] : null);
    },
  );
});

describe('approvalChainFor: reasons and the rest of the route', () => {
  it('names the assets behind each reason', () => {
    const route = approvalChainFor(
      aRequest({ assets: shareOf('routes', 'subscribers', 'locations'), consentBasis: 'separate_consent' }),
      aContext(),
    );
    const dso = route.stages.find((s) => s.stage === 'dso');
    expect(dso?.reasons).toEqual([
      { code: 'sharing.important_data', params: { assets: '传输路由' } },
      { code: 'sharing.sensitive_personal_information', params: { assets: '用户位置' } },
    ]);
    expect(route.stages.find((s) => s.stage === 'legal')?.reasons).toEqual([
      { code: 'sharing.personal_information', params: { assets: '用户套餐, 用户位置' } },
      { code: 'sharing.sensitive_personal_information', params: { assets: '用户位置' } },
    ]);
  });

  it('sends catalogued data to the DSO whatever its grade', () => {
    const route = approvalChainFor(aRequest({ assets: shareOf('catalogued') }), aContext());
    expect(route.stages.map((s) => s.stage)).toEqual(['unit_head', 'security_review', 'dso']);
    expect(route.stages[2]?.reasons).toEqual([{ code: 'sharing.catalogued_data', params: { assets: '重点目录数据' } }]);
  });

  it.each(NEW_TECH_SCENARIOS)('sends the new-technology scenario %s to the DSO', (scenario) => {
    const route = approvalChainFor(aRequest({ scenario }), aContext());
    expect(route.stages.at(-1)).toEqual({
      stage: 'dso',
      roles: ['dso'],
      reasons: [{ code: 'sharing.new_tech_scenario', params: { scenario } }],
    });
  });

  it('sends a foreign recipient to the DSO even when the request is not declared cross-border', () => {
    const route = approvalChainFor(aRequest({ recipientType: 'foreign_enterprise' }), aContext());
    expect(route.stages.at(-1)?.reasons).toEqual([
      { code: 'sharing.foreign_recipient', params: { recipientType: 'foreign_enterprise' } },
    ]);
    expect(route.exportPathway?.pathway).toBe('exempt');
  });

  it('treats a partner without a risk tier as high risk', () => {
    const route = approvalChainFor(aRequest(), aContext({ partner: aPartner({ riskTier: undefined }) }));
    expect(route.stages.at(-1)?.reasons).toEqual([{ code: 'sharing.high_risk_partner', params: { tier: 'high' } }]);
  });

  it('says who decides each stage', () => {
    const route = approvalChainFor(
      aRequest({ assets: shareOf('routes', 'subscribers'), consentBasis: 'separate_consent' }),
      aContext(),
    );
    expect(route.stages.map((s) => [s.stage, s.roles])).toEqual([
      ['unit_head', ['unit_head']],
      ['security_review', ['security_reviewer', 'dso']],
      ['legal', ['legal']],
      ['dso', ['dso']],
    ]);
  });

  it('gives each record its validity and rows: the risk assessment R17’s 12 months, the PIPIA its setting, the export assessment R48’s 3 years', () => {
    const route = approvalChainFor(
      aRequest({
        assets: shareOf('routes', 'subscribers'),
        consentBasis: 'separate_consent',
        crossBorder: true,
        destinationCountry: 'SG',
        volume: { records: 10, people: 10, personalInfoPeople: 10, sensitivePersonalInfoPeople: 0 },
      }),
      aContext({ params: { pipiaValidityMonths: 6 } }),
    );
    expect(route.checklist.map((c) => [c.record, c.rules, c.validForMonths])).toEqual([
      ['risk_assessment', ['R27'], 12],
      ['pipia', ['R44', 'R50'], 6],
      ['export_security_assessment', ['R48', 'R31'], 36],
    ]);
  });

  it('asks for the data-security agreement (R8), the standard contract (R48, R50) and the regulator filing before provisioning', () => {
    const general = approvalChainFor(aRequest(), aContext());
    expect(general.provisioning).toEqual([]);
    const important = approvalChainFor(aRequest({ assets: shareOf('routes') }), aContext());
    expect(important.provisioning.map((p) => [p.prerequisite, p.rules])).toEqual([
      ['data_security_agreement', ['R8']],
      ['regulator_filing', ['S4']],
    ]);
    const abroad = approvalChainFor(
      aRequest({
        assets: shareOf('subscribers'),
        consentBasis: 'separate_consent',
        crossBorder: true,
        destinationCountry: 'SG',
        volume: { records: 10, people: 200_000, personalInfoPeople: 200_000, sensitivePersonalInfoPeople: 0 },
      }),
      aContext(),
    );
    expect(abroad.provisioning.map((p) => p.prerequisite)).toEqual([
      'standard_contract_or_certification',
      'regulator_filing',
    ]);
  });

  it('counts the people sent abroad earlier this year into the pathway', () => {
    const request = aRequest({
      assets: shareOf('subscribers'),
      consentBasis: 'separate_consent',
      crossBorder: true,
      destinationCountry: 'SG',
      volume: { records: 10, people: 50_000, personalInfoPeople: 50_000, sensitivePersonalInfoPeople: 0 },
    });
    expect(approvalChainFor(request, aContext()).exportPathway?.pathway).toBe('exempt');
    const later = aContext({
      organisation: { ciio: false, exportedThisYear: { personalInfoPeople: 50_000, sensitivePersonalInfoPeople: 0 } },
    });
    expect(approvalChainFor(request, later).exportPathway?.pathway).toBe('standard_contract_or_certification');
    const ciio = aContext({
      organisation: { ciio: true, exportedThisYear: { personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 } },
    });
    expect(approvalChainFor(request, ciio).exportPathway?.pathway).toBe('security_assessment');
  });

  it('puts the anonymisation claim before legal', () => {
    const route = approvalChainFor(
      aRequest({ assets: shareOf('subscribers'), consentBasis: 'anonymised' }),
      aContext(),
    );
    expect(route.stages.find((s) => s.stage === 'legal')?.reasons.map((r) => r.code)).toEqual([
      'sharing.personal_information',
      'sharing.anonymisation_claimed',
    ]);
  });

  it('lists the required controls with their reasons', () => {
    const route = approvalChainFor(
      aRequest({ assets: shareOf('routes', 'locations'), consentBasis: 'separate_consent' }),
      aContext(),
    );
    expect(route.requiredControls).toEqual([
      {
        control: 'masking',
        reasons: [
          { code: 'control.for_personal_information', params: {} },
          { code: 'control.for_sensitive_personal_information', params: {} },
        ],
      },
      { control: 'encryption_in_transit', reasons: [{ code: 'control.for_grade', params: { grade: 'important' } }] },
      {
        control: 'encryption_at_rest',
        reasons: [
          { code: 'control.for_grade', params: { grade: 'important' } },
          { code: 'control.for_sensitive_personal_information', params: {} },
        ],
      },
      { control: 'access_control', reasons: [{ code: 'control.for_grade', params: { grade: 'important' } }] },
    ]);
  });

  it('carries the rules version', () => {
    expect(approvalChainFor(aRequest(), aContext()).rulesVersion).toBe('agreement-rules@1');
  });
});

describe('reportabilityOf', () => {
  const pi = (people: number, sensitive = 0) =>
    aRequest({
      assets: shareOf(sensitive > 0 ? 'locations' : 'subscribers'),
      consentBasis: 'separate_consent',
      volume: { records: people, people, personalInfoPeople: people, sensitivePersonalInfoPeople: sensitive },
    });

  it('does not report general data at home below the PI volumes', () => {
    expect(reportabilityOf(aRequest(), aContext())).toEqual({ reportable: false, reasons: [] });
    expect(reportabilityOf(pi(99_999), aContext()).reportable).toBe(false);
    expect(reportabilityOf(pi(20_000, 9_999), aContext()).reportable).toBe(false);
  });

  it('reports important and core data, and data abroad', () => {
    expect(reportabilityOf(aRequest({ assets: shareOf('routes') }), aContext()).reasons).toEqual([
      { code: 'sharing.important_data', params: { assets: '传输路由' } },
    ]);
    expect(reportabilityOf(aRequest({ assets: shareOf('backbone') }), aContext()).reasons).toEqual([
      { code: 'sharing.core_data', params: { assets: '骨干网拓扑' } },
    ]);
    expect(reportabilityOf(aRequest({ crossBorder: true, destinationCountry: 'DE' }), aContext()).reasons).toEqual([
      { code: 'sharing.cross_border', params: { destination: 'DE' } },
    ]);
  });

  it('reports PI from the configured volumes on, sensitive and not', () => {
    expect(reportabilityOf(pi(100_000), aContext()).reasons).toEqual([
      { code: 'sharing.personal_info_volume', params: { people: 100_000, threshold: 100_000 } },
    ]);
    expect(reportabilityOf(pi(20_000, 10_000), aContext()).reasons).toEqual([
      { code: 'sharing.sensitive_volume', params: { people: 10_000, threshold: 10_000 } },
    ]);
    expect(
      reportabilityOf(pi(5_000), aContext({ params: { reportablePersonalInfoPeopleFrom: 5_000 } })).reportable,
    ).toBe(true);
  });
});

describe('preApprovalRefusalsFor', () => {
  const checklist = approvalChainFor(
    aRequest({ assets: shareOf('routes', 'subscribers'), consentBasis: 'separate_consent' }),
    aContext(),
  ).checklist;

  it('refuses for each record not on file', () => {
    expect(preApprovalRefusalsFor(checklist, {}, NOW).map((r) => [r.code, r.params])).toEqual([
      ['agreement.record_missing', { record: 'risk_assessment' }],
      ['agreement.record_missing', { record: 'pipia' }],
    ]);
  });

  it('refuses a record older than its validity, and accepts one a day younger', () => {
    const records = {
      risk_assessment: { reference: 'RA-1', issuedAt: '2025-11-20T02:00:00.000Z' },
      pipia: { reference: 'PIA-1', issuedAt: '2025-11-21T02:00:00.000Z' },
    };
    expect(preApprovalRefusalsFor(checklist, records, NOW)).toEqual([
      {
        code: 'agreement.record_expired',
        params: { record: 'risk_assessment', expiredAt: '2026-11-20T02:00:00.000Z' },
        message:
          'The data-security risk assessment expired on 2026-11-20T02:00:00.000Z: a new one is needed before approval',
      },
    ]);
  });

  it('passes when every record is on file and valid', () => {
    const records = {
      risk_assessment: { reference: 'RA-2', issuedAt: '2026-10-01T00:00:00.000Z' },
      pipia: { reference: 'PIA-2', issuedAt: '2026-10-01T00:00:00.000Z' },
    };
    expect(preApprovalRefusalsFor(checklist, records, NOW)).toEqual([]);
  });
});
