import { exportCountingYearStartOf, exportPathwayOf } from '../../../policies/export-pathway';
import { DEFAULT_PARAMETERS } from '../../../policies/parameters';

const params = DEFAULT_PARAMETERS;
const NONE = { personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 };

/** The pathway of this request alone (nothing sent abroad earlier this year), non-CIIO, no important data. */
const pathwayOf = (personalInfoPeople: number, sensitivePersonalInfoPeople = 0) =>
  exportPathwayOf({
    ciio: false,
    importantData: false,
    exportedThisYear: NONE,
    thisRequest: { personalInfoPeople, sensitivePersonalInfoPeople },
    params,
  });

describe('exportPathwayOf (R48)', () => {
  it.each([
    [0, 0, 'exempt', 'export.no_personal_information'],
    [1, 0, 'exempt', 'export.people_below'],
    [99_999, 0, 'exempt', 'export.people_below'],
    [100_000, 0, 'standard_contract_or_certification', 'export.people_between'],
    [999_999, 0, 'standard_contract_or_certification', 'export.people_between'],
    [1_000_000, 0, 'security_assessment', 'export.people_from'],
    [0, 1, 'standard_contract_or_certification', 'export.sensitive_people_below'],
    [0, 9_999, 'standard_contract_or_certification', 'export.sensitive_people_below'],
    [0, 10_000, 'security_assessment', 'export.sensitive_people_from'],
  ] as const)('PI of %d people and sensitive PI of %d: %s (%s)', (people, sensitive, pathway, reason) => {
    const decision = pathwayOf(people, sensitive);
    expect(decision.pathway).toBe(pathway);
    expect(decision.reasons.map((r) => r.code)).toEqual([reason]);
    expect(decision.rules).toEqual(['R48']);
  });

  it('gives the counts and thresholds as params', () => {
    expect(pathwayOf(99_999).reasons).toEqual([
      { code: 'export.people_below', params: { people: 99_999, threshold: 100_000 } },
    ]);
    expect(pathwayOf(100_000).reasons).toEqual([
      { code: 'export.people_between', params: { people: 100_000, from: 100_000, to: 1_000_000 } },
    ]);
    expect(pathwayOf(0, 10_000).reasons).toEqual([
      { code: 'export.sensitive_people_from', params: { people: 10_000, threshold: 10_000 } },
    ]);
  });

  it('counts cumulatively since 1 January, this request included', () => {
    const decision = exportPathwayOf({
      ciio: false,
      importantData: false,
      exportedThisYear: { personalInfoPeople: 60_000, sensitivePersonalInfoPeople: 9_000 },
      thisRequest: { personalInfoPeople: 39_999, sensitivePersonalInfoPeople: 999 },
      params,
    });
    expect(decision.cumulative).toEqual({ personalInfoPeople: 99_999, sensitivePersonalInfoPeople: 9_999 });
    expect(decision.pathway).toBe('standard_contract_or_certification');
    expect(decision.reasons.map((r) => r.code)).toEqual(['export.sensitive_people_below']);

    const oneMore = exportPathwayOf({
      ciio: false,
      importantData: false,
      exportedThisYear: { personalInfoPeople: 60_000, sensitivePersonalInfoPeople: 9_000 },
      thisRequest: { personalInfoPeople: 40_000, sensitivePersonalInfoPeople: 1_000 },
      params,
    });
    expect(oneMore.pathway).toBe('security_assessment');
    expect(oneMore.reasons.map((r) => r.code)).toEqual(['export.sensitive_people_from']);
  });

  it('lists every reason that puts an export on its pathway', () => {
    expect(pathwayOf(150_000, 5).reasons.map((r) => r.code)).toEqual([
      'export.people_between',
      'export.sensitive_people_below',
    ]);
    const everything = exportPathwayOf({
      ciio: true,
      importantData: true,
      exportedThisYear: NONE,
      thisRequest: { personalInfoPeople: 1_000_000, sensitivePersonalInfoPeople: 10_000 },
      params,
    });
    expect(everything.reasons.map((r) => r.code)).toEqual([
      'export.ciio',
      'export.important_data',
      'export.people_from',
      'export.sensitive_people_from',
    ]);
  });

  it('sends important data to the security assessment whatever the people', () => {
    const decision = exportPathwayOf({
      ciio: false,
      importantData: true,
      exportedThisYear: NONE,
      thisRequest: NONE,
      params,
    });
    expect(decision.pathway).toBe('security_assessment');
    expect(decision.reasons.map((r) => r.code)).toEqual(['export.important_data']);
  });

  it('sends a CIIO’s personal information of a single person to the security assessment, and its other data nowhere', () => {
    const ciio = (thisRequest: typeof NONE) =>
      exportPathwayOf({ ciio: true, importantData: false, exportedThisYear: NONE, thisRequest, params });
    expect(ciio({ personalInfoPeople: 1, sensitivePersonalInfoPeople: 0 }).pathway).toBe('security_assessment');
    expect(ciio({ personalInfoPeople: 1, sensitivePersonalInfoPeople: 0 }).reasons.map((r) => r.code)).toEqual([
      'export.ciio',
    ]);
    expect(ciio(NONE).pathway).toBe('exempt');
  });

  it('follows configured thresholds', () => {
    const stricter = { ...params, crossBorderExemptBelowPeople: 50_000, crossBorderAssessmentFromPeople: 500_000 };
    const at = (people: number) =>
      exportPathwayOf({
        ciio: false,
        importantData: false,
        exportedThisYear: NONE,
        thisRequest: { personalInfoPeople: people, sensitivePersonalInfoPeople: 0 },
        params: stricter,
      }).pathway;
    expect([at(49_999), at(50_000), at(499_999), at(500_000)]).toEqual([
      'exempt',
      'standard_contract_or_certification',
      'standard_contract_or_certification',
      'security_assessment',
    ]);
  });
});

describe('exportCountingYearStartOf', () => {
  it('is 1 January, 00:00 in Shanghai, of the year it is there', () => {
    expect(exportCountingYearStartOf(new Date('2026-11-20T02:00:00.000Z')).toISOString()).toBe(
      '2025-12-31T16:00:00.000Z',
    );
    // 31 December 2026, 17:00 UTC is already 1 January 2027 in Shanghai.
    expect(exportCountingYearStartOf(new Date('2026-12-31T17:00:00.000Z')).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
    expect(exportCountingYearStartOf(new Date('2026-12-31T15:59:59.999Z')).toISOString()).toBe(
      '2025-12-31T16:00:00.000Z',
    );
  });
});
