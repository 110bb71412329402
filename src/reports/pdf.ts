/**
 * A report document (policies/incident-report.ts ReportDocument) as a PDF (pdfkit) in Noto Sans SC, the
 * Simplified-Chinese font the npm package @embedpdf/fonts-sc ships (SIL OFL): read from node_modules, never
 * downloaded, and embedded as a subset of the glyphs the document uses (a report of a few pages is tens of
 * kilobytes, not the font's eight megabytes). Tables are laid out in equal columns, wrapped, with a page
 * break before a row that does not fit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { ReportDocument, ReportTable } from '../../policies/incident-report';

export const PDF_TYPE = 'application/pdf';

const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONTS = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } as const;

/** Read once per process, on the first document. */
let fontData: { regular: Buffer; bold: Buffer } | undefined;
const fonts = () =>
  (fontData ??= {
    regular: readFileSync(path.join(FONT_DIR, FONTS.regular)),
    bold: readFileSync(path.join(FONT_DIR, FONTS.bold)),
  });

const MARGIN = 48;
const CELL_PADDING = 4;
const SIZE = { title: 16, subtitle: 9, heading: 12, body: 9 } as const;

export async function documentPdf(document: ReportDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: document.title, Creator: 'DataPact' },
    lang: document.locale,
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', fonts().regular);
  pdf.registerFont('bold', fonts().bold);

  pdf.font('bold').fontSize(SIZE.title).text(document.title);
  pdf.moveDown(0.3);
  pdf.font('regular').fontSize(SIZE.subtitle).fillColor('#444444').text(document.subtitle).fillColor('black');
  for (const section of document.sections) {
    pdf.moveDown(0.8);
    pdf.font('bold').fontSize(SIZE.heading).text(section.heading, MARGIN);
    pdf.moveDown(0.2);
    pdf.font('regular').fontSize(SIZE.body);
    for (const paragraph of section.paragraphs) pdf.text(paragraph, MARGIN);
    if (section.table) drawTable(pdf, section.table);
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawTable(pdf: PDFKit.PDFDocument, table: ReportTable): void {
  const width = pdf.page.width - 2 * MARGIN;
  // The first column holds the label and gets half the width; the others share the rest.
  const first = table.columns.length > 1 ? width / 2 : width;
  const rest = table.columns.length > 1 ? (width - first) / (table.columns.length - 1) : 0;
  const widths = table.columns.map((_, i) => (i === 0 ? first : rest));
  const drawRow = (cells: readonly (string | number)[], font: 'regular' | 'bold') => {
    pdf.font(font).fontSize(SIZE.body);
    const heights = cells.map((c, i) => pdf.heightOfString(String(c), { width: widths[i]! - 2 * CELL_PADDING }));
    const height = Math.max(...heights) + 2 * CELL_PADDING;
    if (pdf.y + height > pdf.page.height - MARGIN) pdf.addPage();
    const top = pdf.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      pdf.rect(x, top, widths[i]!, height).strokeColor('#999999').lineWidth(0.5).stroke();
      pdf.text(String(cell), x + CELL_PADDING, top + CELL_PADDING, { width: widths[i]! - 2 * CELL_PADDING });
      x += widths[i]!;
    });
    pdf.x = MARGIN;
    pdf.y = top + height;
  };
  pdf.moveDown(0.3);
  drawRow(table.columns, 'bold');
  for (const row of table.rows) drawRow(row, 'regular');
}
