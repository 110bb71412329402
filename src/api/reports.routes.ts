/** The monthly report (S10): as JSON, XLSX or PDF, in zh-CN or en. */
import { problemLocaleOf } from '../../policies/texts/problems';
import {
  monthlyReportHeaders,
  monthlyReportParams,
  monthlyReportQuery,
  monthlyReportView,
} from '../schemas/monthly-report.schema';
import type { MonthlyReportService } from '../services/monthly-reports';
import { PDF_TYPE } from '../reports/pdf';
import { XLSX_TYPE } from '../reports/xlsx';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export function reportRoutes(reports: MonthlyReportService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/reports/monthly/{period}',
      summary:
        "The monthly report of a month (S10): the one kept at month end, else computed now from the store; as JSON, or as a document to read (XLSX or PDF) in zh-CN or en — `lang`, else the Accept-Language header's, zh-CN without one (the DSO, legal, auditors, administrators)",
      params: monthlyReportParams,
      query: monthlyReportQuery,
      headers: monthlyReportHeaders,
      ok: {
        status: 200,
        schema: monthlyReportView,
        binary: [XLSX_TYPE, PDF_TYPE],
        description: 'The report: JSON (format=json), an XLSX workbook (format=xlsx) or a PDF (format=pdf)',
      },
      errors: {
        ...COMMON_ERRORS,
        400: 'Not a month (YYYY-MM), a format (json, xlsx, pdf) or a language (zh-CN, en)',
        404: 'The month has not begun (report.not_found)',
      },
      respond: async ({ caller, params, query, headers }, res) => {
        const lang = query.lang ?? (headers['accept-language'] ? problemLocaleOf(headers['accept-language']) : 'zh-CN');
        const { type, body, filename } = await reports.monthly(caller, {
          month: params.period,
          format: query.format,
          lang,
        });
        res.setHeader('Content-Language', lang);
        res.setHeader('Vary', 'Accept-Language');
        if (filename) res.attachment(filename);
        res.status(200).type(type).send(body);
      },
    }),
  ];
}
