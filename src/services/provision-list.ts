/**
 * The list (清单) of a period's external provisions that a regulator asks for (S4), as CSV: UTF-8 with a
 * byte-order mark, headers and values in zh-CN or en. One pass of a plain streaming cursor — not keyset
 * pages, which the embedded store answers by scanning the collection once per page — written out as it is
 * read, in the order the store returns the records (their order of writing, on both stores).
 */
import { DomainError } from '../../policies/errors';
import { endOfShanghaiDay } from '../../policies/calendar';
import { UTF8_BOM } from '../../policies/csv';
import { provisionListHeader, provisionListLine, type ProvisionListEntry } from '../../policies/provision-list';
import type { DocumentLanguage } from '../../policies/record-labels';
import type { ProvisionReportDocument, ProvisionReportModel } from '../models/provision-report.model';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;
/** Lines sent in one chunk: fewer writes than one per line, little held in memory. */
const LINES_PER_CHUNK = 200;
const BATCH_SIZE = 500;

export interface ProvisionListQuery {
  /** The period's first and last day, 'YYYY-MM-DD' (Asia/Shanghai), both included. */
  from: string;
  to: string;
  language: DocumentLanguage;
  /** The caller's store filter (`accessibleFilter(ability, 'read', 'ProvisionReport')`), if any. */
  scope?: Record<string, unknown>;
}

/**
 * A provision is in the period when it was approved in the period or its term overlaps it: what was
 * provided during the period, and what was decided in it.
 */
export function periodFilter(from: string, to: string): Record<string, unknown> {
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to) || from > to) {
    throw new DomainError('request.invalid', `the period ${from} to ${to} is not two dates in order`);
  }
  const firstInstant = new Date(endOfShanghaiDay(from).getTime() + 1 - DAY_MS);
  return {
    $or: [
      { startDate: { $lte: to }, endDate: { $gte: from } },
      { approvedAt: { $gte: firstInstant, $lte: endOfShanghaiDay(to) } },
    ],
  };
}

export async function* provisionListCsv(
  provisionReports: typeof ProvisionReportModel,
  query: ProvisionListQuery,
): AsyncGenerator<string> {
  const filter = periodFilter(query.from, query.to);
  yield UTF8_BOM + provisionListHeader(query.language);
  const cursor = provisionReports
    .find(query.scope ? { $and: [query.scope, filter] } : filter)
    .lean<ProvisionReportDocument[]>()
    .cursor({ batchSize: BATCH_SIZE });
  let chunk: string[] = [];
  for await (const doc of cursor) {
    chunk.push(provisionListLine(entryOf(doc as unknown as ProvisionReportDocument & { _id: string }), query.language));
    if (chunk.length === LINES_PER_CHUNK) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
}

function entryOf(doc: ProvisionReportDocument & { _id: string }): ProvisionListEntry {
  return {
    agreementId: doc.agreementId,
    agreementVersion: doc.agreementVersion,
    partnerId: doc.partnerId,
    requestingUnit: doc.requestingUnit,
    recipient: {
      name: doc.recipient.name ?? '',
      creditCode: doc.recipient.creditCode ?? '',
      ...(doc.recipient.type ? { type: doc.recipient.type } : {}),
    },
    ...(doc.relationship ? { relationship: doc.relationship } : {}),
    purpose: doc.purpose,
    method: doc.method,
    frequency: doc.frequency,
    scale: {
      records: doc.scale.records ?? 0,
      people: doc.scale.people ?? 0,
      personalInfoPeople: doc.scale.personalInfoPeople ?? 0,
      sensitivePersonalInfoPeople: doc.scale.sensitivePersonalInfoPeople ?? 0,
    },
    grade: doc.grade,
    personalInfo: doc.personalInfo,
    sensitivePersonalInfo: doc.sensitivePersonalInfo,
    assets: doc.assets.map((a) => ({
      assetId: a.assetId,
      name: a.name,
      category: a.category,
      grade: a.grade,
      fields: a.fields,
    })),
    legalBasis: doc.legalBasis,
    ...(doc.consentBasis ? { consentBasis: doc.consentBasis } : {}),
    controls: doc.controls,
    startDate: doc.startDate,
    endDate: doc.endDate,
    ...(doc.crossBorder?.destinationCountry
      ? {
          crossBorder: {
            destinationCountry: doc.crossBorder.destinationCountry,
            pathway: doc.crossBorder.pathway ?? '',
          },
        }
      : {}),
    approvedAt: doc.approvedAt.toISOString(),
    reportableReasons: doc.reportableReasons.map((r) => ({ code: r.code, params: r.params ?? {} })),
    retainUntil: doc.retainUntil.toISOString(),
  };
}
