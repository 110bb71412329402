/**
 * A report document (policies/incident-report.ts ReportDocument) as an XLSX workbook (exceljs): the first
 * sheet reads as the document does — title, subtitle, each section's heading, paragraphs and table — and,
 * for a report with figures, a second sheet lists them one a row by id, for whoever computes with them.
 */
import ExcelJS from 'exceljs';
import type { ReportDocument } from '../../policies/incident-report';
import type { MonthlyFigure } from '../../policies/monthly-report';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheets' names in each language (a sheet name has at most 31 characters). */
const SHEET_NAMES = {
  'zh-CN': { report: '报告', figures: '指标' },
  en: { report: 'Report', figures: 'Figures' },
} as const;

const FIGURE_COLUMNS = {
  'zh-CN': ['编号', '指标', '数值', '分项'],
  en: ['Id', 'Figure', 'Value', 'Breakdown'],
} as const;

export async function documentXlsx(
  document: ReportDocument,
  figures?: { rows: readonly MonthlyFigure[]; labelOf: (f: MonthlyFigure) => string },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'DataPact';
  const names = SHEET_NAMES[document.locale];
  const sheet = workbook.addWorksheet(names.report);
  sheet.columns = [{ width: 48 }, { width: 16 }, { width: 48 }, { width: 16 }, { width: 16 }, { width: 16 }];
  sheet.addRow([document.title]).font = { bold: true, size: 14 };
  sheet.addRow([document.subtitle]);
  for (const section of document.sections) {
    sheet.addRow([]);
    sheet.addRow([section.heading]).font = { bold: true, size: 12 };
    for (const paragraph of section.paragraphs) sheet.addRow([paragraph]);
    if (section.table) {
      sheet.addRow(section.table.columns).font = { bold: true };
      for (const row of section.table.rows) sheet.addRow(row);
    }
  }
  if (figures) {
    const list = workbook.addWorksheet(names.figures);
    list.columns = [{ width: 36 }, { width: 48 }, { width: 12 }, { width: 40 }];
    list.addRow([...FIGURE_COLUMNS[document.locale]]).font = { bold: true };
    for (const figure of figures.rows) {
      list.addRow([
        figure.id,
        figures.labelOf(figure),
        figure.value,
        figure.breakdown?.map((b) => `${b.key}=${b.value}`).join('; ') ?? '',
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
