/**
 * How data may leave China (R48, 《促进和规范数据跨境流动规定》 Arts 5, 7, 8): no pathway needed, a
 * standard contract or certification, or a CAC security assessment — from the people whose personal
 * information the company sent abroad since 1 January of the current year, this request included, split
 * sensitive and not; from the CIIO flag; and from important data. Thresholds are parameters. Pure.
 *
 * The counts are the company's, de-duplicated by whoever keeps them; adding this request's people to them
 * may count a person twice, which can only make the pathway stricter, never laxer.
 */
import type { ExportCounts } from './agreement-request';
import { reasonOf, type Reason } from './agreement-reasons';
import { shanghaiDateOf } from './calendar';
import type { Parameters } from './parameters';
import type { ExportPathway } from './vocabulary';

export type ExportThresholds = Pick<
  Parameters,
  'crossBorderExemptBelowPeople' | 'crossBorderAssessmentFromPeople' | 'crossBorderSensitiveAssessmentFromPeople'
>;

export interface ExportPathwayInput {
  /** A critical-information-infrastructure operator: any PI or important data needs an assessment (Art 7). */
  ciio: boolean;
  /** The data sent is important (or core) data: an assessment whatever the people (Art 7, R10, R31). */
  importantData: boolean;
  /** People whose PI the company sent abroad since 1 January, before this request. */
  exportedThisYear: ExportCounts;
  /** People whose PI this request sends abroad. */
  thisRequest: ExportCounts;
  params: ExportThresholds;
}

export interface ExportPathwayDecision {
  pathway: ExportPathway;
  /** Every reason that puts the export on its pathway. */
  reasons: Reason[];
  /** The counts the pathway was decided on: since 1 January, this request included. */
  cumulative: ExportCounts;
  rules: string[];
}

const R48 = 'R48';

/** The pathway of an export, with every reason for it. */
export function exportPathwayOf(input: ExportPathwayInput): ExportPathwayDecision {
  const { params } = input;
  const cumulative: ExportCounts = {
    personalInfoPeople: input.exportedThisYear.personalInfoPeople + input.thisRequest.personalInfoPeople,
    sensitivePersonalInfoPeople:
      input.exportedThisYear.sensitivePersonalInfoPeople + input.thisRequest.sensitivePersonalInfoPeople,
  };
  const people = cumulative.personalInfoPeople;
  const sensitive = cumulative.sensitivePersonalInfoPeople;
  const anyPersonalInfo = people > 0 || sensitive > 0;
  const decided = (pathway: ExportPathway, reasons: Reason[]): ExportPathwayDecision => ({
    pathway,
    reasons,
    cumulative,
    rules: [R48],
  });

  const assessment: Reason[] = [];
  if (input.ciio && (anyPersonalInfo || input.importantData)) assessment.push(reasonOf('export.ciio', {}));
  if (input.importantData) assessment.push(reasonOf('export.important_data', {}));
  if (people >= params.crossBorderAssessmentFromPeople) {
    assessment.push(reasonOf('export.people_from', { people, threshold: params.crossBorderAssessmentFromPeople }));
  }
  if (sensitive >= params.crossBorderSensitiveAssessmentFromPeople) {
    assessment.push(
      reasonOf('export.sensitive_people_from', {
        people: sensitive,
        threshold: params.crossBorderSensitiveAssessmentFromPeople,
      }),
    );
  }
  if (assessment.length > 0) return decided('security_assessment', assessment);

  const contract: Reason[] = [];
  if (people >= params.crossBorderExemptBelowPeople) {
    contract.push(
      reasonOf('export.people_between', {
        people,
        from: params.crossBorderExemptBelowPeople,
        to: params.crossBorderAssessmentFromPeople,
      }),
    );
  }
  if (sensitive > 0) {
    contract.push(
      reasonOf('export.sensitive_people_below', {
        people: sensitive,
        threshold: params.crossBorderSensitiveAssessmentFromPeople,
      }),
    );
  }
  if (contract.length > 0) return decided('standard_contract_or_certification', contract);

  if (!anyPersonalInfo) return decided('exempt', [reasonOf('export.no_personal_information', {})]);
  return decided('exempt', [
    reasonOf('export.people_below', { people, threshold: params.crossBorderExemptBelowPeople }),
  ]);
}

/** 1 January, 00:00 Shanghai time, of the year `now` is in there: where R48's yearly count starts. */
export function exportCountingYearStartOf(now: Date): Date {
  const year = Number(shanghaiDateOf(now).slice(0, 4));
  // Shanghai is UTC+8 all year: midnight there is 16:00 UTC the day before.
  return new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000);
}
