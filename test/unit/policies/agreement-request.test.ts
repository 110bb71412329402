import { requiredControlsFor } from '../../../policies/agreement-controls';
import { REQUEST_REFUSAL_CODES } from '../../../policies/agreement-reasons';
import {
  effectiveGradeOf,
  requestRefusalsFor,
  sharedContentOf,
  type AgreementContext,
  type AgreementRequest,
} from '../../../policies/agreement-request';
import { DEFAULT_PARAMETERS } from '../../../policies/parameters';
import { ASSETS, NOW, aContext, aPartner, aRequest, shareOf } from './agreement-factory';

const R7 = ['encryption_in_transit', 'encryption_at_rest', 'access_control'] as const;
const PI_VOLUME = { records: 1_000, people: 1_000, personalInfoPeople: 1_000, sensitivePersonalInfoPeople: 0 };
const SENSITIVE_VOLUME = { ...PI_VOLUME, sensitivePersonalInfoPeople: 100 };

describe('effectiveGradeOf', () => {
  it.each([
    [[], 'general'],
    [['general'], 'general'],
    [['general', 'important'], 'important'],
    [['important', 'general', 'core', 'general'], 'core'],
    [['core', 'important'], 'core'],
  ] as const)('of %j is %s: the highest grade wins (R4)', (grades, expected) => {
    expect(effectiveGradeOf(grades.map((grade) => ({ grade })))).toBe(expected);
  });
});

describe('sharedContentOf', () => {
  it('counts personal information by the asset flag, or by a shared field flagged PI', () => {
    const fieldOnly = {
      ...ASSETS.cells,
      id: 'a-mixed',
      fields: [{ name: 'cell_id' }, { name: 'imsi', personalInfo: true }],
    };
    const assets = [...Object.values(ASSETS), fieldOnly];
    expect(
      sharedContentOf(aRequest({ assets: [{ assetId: 'a-mixed', fields: ['cell_id'] }] }), assets).personalInfo,
    ).toBe(false);
    expect(sharedContentOf(aRequest({ assets: [{ assetId: 'a-mixed', fields: ['imsi'] }] }), assets).personalInfo).toBe(
      true,
    );
    // A PI asset counts whole, whichever fields are shared: its field flags may be incomplete.
    expect(
      sharedContentOf(aRequest({ assets: [{ assetId: 'a-subscribers', fields: ['plan'] }] }), assets).personalInfo,
    ).toBe(true);
  });
});

describe('requiredControlsFor', () => {
  const params = DEFAULT_PARAMETERS;
  const none = { personalInfo: false, sensitivePersonalInfo: false, crossBorder: false };
  const controls = (...args: Parameters<typeof requiredControlsFor>) =>
    requiredControlsFor(...args).map((c) => c.control);

  it('asks R7’s controls of important and core data, and the configured ones of general data', () => {
    expect(controls('general', none, params)).toEqual(['encryption_in_transit', 'access_control']);
    expect(controls('important', none, params)).toEqual([...R7]);
    expect(controls('core', none, params)).toEqual([...R7, 'watermark']);
  });

  it('adds masking for PI, encryption at rest for sensitive PI and for data abroad', () => {
    expect(controls('general', { ...none, personalInfo: true }, params)).toEqual([
      'masking',
      'encryption_in_transit',
      'access_control',
    ]);
    expect(
      controls('general', { personalInfo: true, sensitivePersonalInfo: true, crossBorder: false }, params),
    ).toEqual(['masking', 'encryption_in_transit', 'encryption_at_rest', 'access_control']);
    expect(controls('general', { ...none, crossBorder: true }, params)).toEqual([
      'encryption_in_transit',
      'encryption_at_rest',
      'access_control',
    ]);
  });

  it('follows the configured lists', () => {
    const stricter = {
      ...params,
      requiredControlsByGrade: { ...params.requiredControlsByGrade, general: ['watermark' as const] },
    };
    expect(controls('general', none, stricter)).toEqual(['watermark']);
  });
});

type Case = [
  name: string,
  request: Partial<AgreementRequest>,
  context: Partial<AgreementContext>,
  expected: { code: string; params: Record<string, string | number> },
];

/** Each row is the valid base request with one thing wrong, and the one refusal it gets. */
const ALONE: Case[] = [
  ['no asset', { assets: [] }, {}, { code: 'agreement.no_assets', params: {} }],
  [
    'an asset not in the inventory',
    { assets: [{ assetId: 'a-nowhere', fields: ['x'] }] },
    {},
    { code: 'agreement.asset_not_found', params: { assetId: 'a-nowhere' } },
  ],
  [
    'a retired asset',
    {},
    { assets: [{ ...ASSETS.cells, status: 'retired' }] },
    { code: 'agreement.asset_retired', params: { asset: '基站小区' } },
  ],
  [
    'the same asset twice',
    { assets: [...shareOf('cells'), { assetId: 'a-cells', fields: ['cell_id'] }] },
    {},
    { code: 'agreement.asset_listed_twice', params: { asset: '基站小区' } },
  ],
  [
    'an asset with no field chosen',
    { assets: [{ assetId: 'a-cells', fields: [] }] },
    {},
    { code: 'agreement.no_fields', params: { asset: '基站小区' } },
  ],
  [
    'fields not on the asset',
    { assets: [{ assetId: 'a-cells', fields: ['cell_id', 'imei', 'imsi', 'imei'] }] },
    {},
    { code: 'agreement.field_not_on_asset', params: { asset: '基站小区', fields: 'imei, imsi' } },
  ],
  ['no purpose', { purpose: '  ' }, {}, { code: 'agreement.term_missing', params: { term: 'purpose' } }],
  ['no procedure (R8)', { procedure: '' }, {}, { code: 'agreement.term_missing', params: { term: 'procedure' } }],
  [
    'no security obligations (R22)',
    { securityObligations: '' },
    {},
    { code: 'agreement.term_missing', params: { term: 'securityObligations' } },
  ],
  [
    'a date that does not exist',
    { startDate: '2027-02-29' },
    {},
    { code: 'agreement.date_invalid', params: { term: 'startDate' } },
  ],
  [
    'an end before the start',
    { startDate: '2027-03-01', endDate: '2027-02-28' },
    {},
    { code: 'agreement.end_before_start', params: { startDate: '2027-03-01', endDate: '2027-02-28' } },
  ],
  [
    'an end date already past',
    { startDate: '2026-01-01', endDate: '2026-11-19' },
    {},
    { code: 'agreement.ends_in_past', params: { endDate: '2026-11-19' } },
  ],
  [
    'a partner not approved',
    {},
    { partner: aPartner({ status: 'vetting' }) },
    { code: 'agreement.partner_not_approved', params: { partnerStatus: 'vetting' } },
  ],
  [
    'a blacklisted partner',
    {},
    { partner: aPartner({ status: 'blacklisted' }) },
    { code: 'agreement.partner_blacklisted', params: {} },
  ],
  [
    'a partner on the blacklist whatever its status',
    {},
    { partner: aPartner({ blacklisted: true }) },
    { code: 'agreement.partner_blacklisted', params: {} },
  ],
  [
    "a partner's approval ending before the agreement",
    {},
    { partner: aPartner({ validUntil: '2027-06-30T16:00:00.000Z' }) },
    {
      code: 'agreement.partner_validity_ends_first',
      params: { validUntil: '2027-06-30T16:00:00.000Z', endDate: '2027-11-30' },
    },
  ],
  [
    'data above the partner’s clearance',
    { assets: shareOf('routes'), controls: [...R7] },
    { partner: aPartner({ clearance: 'general' }) },
    { code: 'agreement.grade_above_clearance', params: { grade: 'important', clearance: 'general' } },
  ],
  [
    'a partner with no clearance',
    {},
    { partner: aPartner({ clearance: undefined }) },
    { code: 'agreement.grade_above_clearance', params: { grade: 'general', clearance: 'none' } },
  ],
  [
    'a control the grade requires, missing',
    { assets: shareOf('routes'), controls: ['encryption_in_transit', 'access_control'] },
    {},
    { code: 'agreement.control_missing', params: { control: 'encryption_at_rest' } },
  ],
  [
    'a foreign authority without an approval reference (R10, R39)',
    { recipientType: 'foreign_authority', crossBorder: true, destinationCountry: 'US', controls: [...R7] },
    { partner: aPartner({ riskTier: 'high' }) },
    { code: 'agreement.foreign_authority_without_approval', params: {} },
  ],
  [
    'a foreign recipient, not declared cross-border',
    { recipientType: 'foreign_enterprise', controls: [...R7] },
    {},
    { code: 'agreement.recipient_abroad_not_cross_border', params: { recipientType: 'foreign_enterprise' } },
  ],
  [
    'cross-border without a destination',
    { crossBorder: true, controls: [...R7] },
    {},
    { code: 'agreement.cross_border_without_destination', params: {} },
  ],
  [
    'personal information without a consent basis',
    {
      assets: shareOf('subscribers'),
      volume: PI_VOLUME,
      controls: ['masking', 'encryption_in_transit', 'access_control'],
    },
    {},
    { code: 'agreement.consent_basis_missing', params: {} },
  ],
  [
    'another legal basis than consent, when the legal basis is consent',
    {
      assets: shareOf('subscribers'),
      volume: PI_VOLUME,
      controls: ['masking', 'encryption_in_transit', 'access_control'],
      legalBasis: 'consent',
      consentBasis: 'other_legal_basis',
    },
    {},
    { code: 'agreement.consent_basis_conflicts_legal_basis', params: {} },
  ],
  [
    'sensitive PI without separate consent (PIPL Art 29)',
    {
      assets: shareOf('locations'),
      volume: SENSITIVE_VOLUME,
      controls: ['masking', ...R7],
      consentBasis: 'other_legal_basis',
    },
    {},
    { code: 'agreement.sensitive_pi_needs_separate_consent', params: {} },
  ],
  [
    'PI abroad without separate consent (PIPL Art 39)',
    {
      assets: shareOf('subscribers'),
      volume: PI_VOLUME,
      controls: ['masking', ...R7],
      consentBasis: 'other_legal_basis',
      crossBorder: true,
      destinationCountry: 'SG',
    },
    {},
    { code: 'agreement.cross_border_pi_needs_separate_consent', params: {} },
  ],
  [
    'PI with no people counted',
    {
      assets: shareOf('subscribers'),
      controls: ['masking', 'encryption_in_transit', 'access_control'],
      consentBasis: 'separate_consent',
    },
    {},
    { code: 'agreement.pi_volume_missing', params: {} },
  ],
  [
    'sensitive PI with no people counted',
    { assets: shareOf('locations'), volume: PI_VOLUME, controls: ['masking', ...R7], consentBasis: 'separate_consent' },
    {},
    { code: 'agreement.sensitive_pi_volume_missing', params: {} },
  ],
  [
    'more people with PI than people',
    { volume: { records: 10, people: 5, personalInfoPeople: 6, sensitivePersonalInfoPeople: 0 } },
    {},
    { code: 'agreement.volume_inconsistent', params: {} },
  ],
  [
    'core data abroad',
    {
      assets: shareOf('backbone'),
      controls: [...R7, 'watermark'],
      crossBorder: true,
      destinationCountry: 'SG',
    },
    { partner: aPartner({ clearance: 'core' }) },
    { code: 'agreement.core_data_abroad', params: {} },
  ],
  [
    'a deletion attestation of the partner past its deadline',
    {},
    {
      partner: aPartner({
        deletionAttestations: [
          { agreementId: 'ag-old', dueAt: '2026-11-10T15:59:59.999Z', status: 'awaiting' },
          { agreementId: 'ag-done', dueAt: '2026-10-10T15:59:59.999Z', status: 'received' },
          { agreementId: 'ag-waived', dueAt: '2026-10-10T15:59:59.999Z', status: 'waived' },
          { agreementId: 'ag-running', dueAt: '2026-12-10T15:59:59.999Z', status: 'awaiting' },
        ],
      }),
    },
    { code: 'agreement.attestation_outstanding', params: { agreementId: 'ag-old', dueAt: '2026-11-10T15:59:59.999Z' } },
  ],
  [
    'onward provision with no sub-recipient named',
    { onwardProvision: { purpose: '转售' } },
    {},
    { code: 'agreement.onward_provision_without_sub_recipient', params: {} },
  ],
  [
    'onward provision to a sub-recipient the rules know nothing of',
    { onwardProvision: { subRecipientPartnerId: 'p9' } },
    {},
    { code: 'agreement.sub_recipient_not_approved', params: { partnerId: 'p9', partnerStatus: 'unknown' } },
  ],
  [
    'onward provision to a sub-recipient not approved',
    { onwardProvision: { subRecipientPartnerId: 'p2' } },
    { subRecipient: aPartner({ id: 'p2', status: 'lapsed' }) },
    { code: 'agreement.sub_recipient_not_approved', params: { partnerId: 'p2', partnerStatus: 'lapsed' } },
  ],
  [
    'onward provision of data above the sub-recipient’s clearance',
    { assets: shareOf('routes'), controls: [...R7], onwardProvision: { subRecipientPartnerId: 'p2' } },
    { subRecipient: aPartner({ id: 'p2', clearance: 'general' }) },
    {
      code: 'agreement.sub_recipient_grade_above_clearance',
      params: { partnerId: 'p2', grade: 'important', clearance: 'general' },
    },
  ],
];

describe('requestRefusalsFor', () => {
  it('refuses nothing of the valid base request, nor of a full one that meets every rule', () => {
    expect(requestRefusalsFor(aRequest(), aContext())).toEqual([]);
    const full = aRequest({
      assets: shareOf('routes', 'locations'),
      consentBasis: 'separate_consent',
      crossBorder: true,
      destinationCountry: 'SG',
      recipientType: 'foreign_enterprise',
      volume: SENSITIVE_VOLUME,
      controls: ['masking', ...R7],
      onwardProvision: { subRecipientPartnerId: 'p2' },
    });
    expect(requestRefusalsFor(full, aContext({ subRecipient: aPartner({ id: 'p2', status: 'revetting' }) }))).toEqual(
      [],
    );
  });

  it.each(ALONE)('refuses %s, for that reason alone', (_name, request, context, expected) => {
    const refusals = requestRefusalsFor(aRequest(request), aContext(context));
    expect(refusals.map(({ code, params }) => ({ code, params }))).toEqual([expected]);
    expect(refusals[0]?.message).toMatch(/\S/);
  });

  it('has a row for every request refusal code', () => {
    const codes = new Set(ALONE.map(([, , , { code }]) => code));
    expect([...codes].sort()).toEqual([...REQUEST_REFUSAL_CODES].sort());
  });

  it('lists every reason at once, in the order of the form', () => {
    const request = aRequest({
      assets: [{ assetId: 'a-subscribers', fields: ['msisdn', 'imei'] }, ...shareOf('routes')],
      startDate: '2027-03-01',
      endDate: '2027-01-31',
      recipientType: 'foreign_authority',
      crossBorder: true,
      controls: ['access_control'],
      onwardProvision: {},
    });
    const context = aContext({
      partner: aPartner({
        status: 'blacklisted',
        clearance: 'general',
        deletionAttestations: [{ agreementId: 'ag-1', dueAt: '2026-11-01T00:00:00.000Z', status: 'awaiting' }],
      }),
    });
    expect(requestRefusalsFor(request, context).map((r) => r.code)).toEqual([
      'agreement.field_not_on_asset',
      'agreement.end_before_start',
      'agreement.partner_blacklisted',
      'agreement.grade_above_clearance',
      'agreement.control_missing',
      'agreement.control_missing',
      'agreement.control_missing',
      'agreement.foreign_authority_without_approval',
      'agreement.cross_border_without_destination',
      'agreement.consent_basis_missing',
      'agreement.cross_border_pi_needs_separate_consent',
      'agreement.pi_volume_missing',
      'agreement.attestation_outstanding',
      'agreement.onward_provision_without_sub_recipient',
    ]);
  });

  it('renders each refusal’s English text from its params', () => {
    const [refusal] = requestRefusalsFor(
      aRequest({ assets: shareOf('routes'), controls: [...R7] }),
      aContext({ partner: aPartner({ clearance: 'general' }) }),
    );
    expect(refusal).toEqual({
      code: 'agreement.grade_above_clearance',
      params: { grade: 'important', clearance: 'general' },
      message: 'The data is important data, above the highest grade the partner may receive (general data)',
    });
  });

  it('lets a partner being re-vetted, whose approval still holds, receive data', () => {
    expect(requestRefusalsFor(aRequest(), aContext({ partner: aPartner({ status: 'revetting' }) }))).toEqual([]);
  });

  it('sends core data abroad when the configuration allows it', () => {
    const request = aRequest({
      assets: shareOf('backbone'),
      controls: [...R7, 'watermark'],
      crossBorder: true,
      destinationCountry: 'SG',
    });
    const context = aContext({ partner: aPartner({ clearance: 'core' }), params: { refuseCoreDataAbroad: false } });
    expect(requestRefusalsFor(request, context)).toEqual([]);
  });

  it('blocks on an attestation not yet due when configured to block while one is outstanding', () => {
    const partner = aPartner({
      deletionAttestations: [{ agreementId: 'ag-2', dueAt: '2026-12-10T15:59:59.999Z', status: 'awaiting' }],
    });
    expect(requestRefusalsFor(aRequest(), aContext({ partner }))).toEqual([]);
    expect(
      requestRefusalsFor(
        aRequest(),
        aContext({ partner, params: { attestationBlocksNewRequests: 'while_outstanding' } }),
      ).map((r) => r.code),
    ).toEqual(['agreement.attestation_outstanding']);
  });

  it('takes anonymised data as needing no consent, sensitive and abroad included', () => {
    const request = aRequest({
      assets: shareOf('locations'),
      consentBasis: 'anonymised',
      crossBorder: true,
      destinationCountry: 'SG',
      volume: SENSITIVE_VOLUME,
      controls: ['masking', ...R7],
    });
    expect(requestRefusalsFor(request, aContext())).toEqual([]);
  });

  it('ends the agreement at the end of its end day in Shanghai: an end date of today is not past', () => {
    const today = aRequest({ startDate: '2026-11-01', endDate: '2026-11-20' });
    expect(requestRefusalsFor(today, aContext({ now: NOW }))).toEqual([]);
    expect(
      requestRefusalsFor(today, aContext({ now: new Date('2026-11-20T16:00:00.000Z') })).map((r) => r.code),
    ).toEqual(['agreement.ends_in_past']);
  });
});
