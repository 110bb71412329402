/**
 * The audit trail as a file for auditors (issue 16): the filtered events, newest first, as CSV (UTF-8 with
 * a byte-order mark; a cell a spreadsheet would run as a formula is written as text) or XLSX (every cell a
 * plain string or number, never a formula), with headers and words in zh-CN or en from the console's own
 * catalogues, names instead of ids, and each change as "field: old → new". Written as the store is read.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { changesOf, valueText } from '../../policies/audit-diff';
import { csvLine, UTF8_BOM } from '../../policies/csv';
import type { StoredAuditEvent } from '../audit/audit-log';
import { en } from '../console/i18n/en';
import { zhCN, type MessageKey } from '../console/i18n/zh-CN';
import type { DirectoryView } from '../schemas/directory.schema';
import type { AuditExportFormat } from '../schemas/audit.schema';

export type ExportLanguage = 'zh-CN' | 'en';
export type AuditBatches = AsyncIterable<{
  events: StoredAuditEvent[];
  names: (event: StoredAuditEvent) => string | undefined;
}>;

const CATALOGUES: Record<ExportLanguage, Record<string, string>> = { 'zh-CN': zhCN, en };
/** Lines sent in one write of the CSV: fewer writes than one per line, little held in memory. */
const LINES_PER_CHUNK = 200;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const COLUMNS: MessageKey[] = [
  'audit.col.seq',
  'audit.col.at',
  'audit.export.actorId',
  'audit.col.actor',
  'audit.export.actionCode',
  'audit.col.action',
  'audit.filter.subjectType',
  'audit.filter.subjectId',
  'audit.export.subjectName',
  'audit.col.changes',
  'audit.col.reason',
  'audit.export.why',
  'audit.export.ruleVersion',
  'audit.export.hash',
];

export const AUDIT_EXPORT_TYPES: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file's name: the trail and the day it was written. */
export const auditExportFileName = (format: AuditExportFormat, at: Date) =>
  `audit-trail-${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)}.${format}`;

/** Turns events into the cells of their lines, in one language, with the directory's names of people. */
export function auditLineWriter(lang: ExportLanguage, directory: DirectoryView) {
  const words = CATALOGUES[lang];
  const word = (key: string, fallback: string) => words[key] ?? fallback;
  const fill = (text: string, params: Record<string, unknown>) =>
    text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  const people = new Map(directory.people.map((p) => [p.sub, p.name[lang]]));
  const actorName = (sub: string) =>
    people.get(sub) ?? (sub.startsWith('system:') ? word('role.system', 'system') : '');

  return {
    header: (): string[] => COLUMNS.map((key) => words[key]!),
    cells(event: StoredAuditEvent, subjectName: string | undefined): (string | number)[] {
      const changes = changesOf(event.before, event.after)
        .map(
          (c) =>
            `${c.field ? `${word(`audit.field.${c.field}`, c.field)}: ` : ''}${valueText(c.before)} → ${valueText(c.after)}`,
        )
        .join('\n');
      const why = event.why?.code
        ? fill(
            word(`audit.reason.${event.why.code}`, event.why.code),
            (event.why.params ?? {}) as Record<string, unknown>,
          )
        : '';
      return [
        event.seq,
        new Date(event.at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' '),
        event.actor.sub,
        actorName(event.actor.sub),
        event.action,
        word(`timeline.${event.action}`, event.action),
        word(`audit.subject.${event.subject.type}`, event.subject.type),
        event.subject.id,
        subjectName ?? '',
        changes,
        event.reason ?? '',
        why,
        event.ruleVersion ?? '',
        event.hash,
      ];
    },
  };
}

/** The CSV file, chunk by chunk: the header, then the events as the store hands them over. */
export async function* auditCsv(
  batches: AuditBatches,
  lines: ReturnType<typeof auditLineWriter>,
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(lines.header());
  let chunk = '';
  let held = 0;
  for await (const { events, names } of batches) {
    for (const event of events) {
      chunk += csvLine(lines.cells(event, names(event)).map(String));
      if (++held === LINES_PER_CHUNK) {
        yield chunk;
        chunk = '';
        held = 0;
      }
    }
  }
  if (chunk) yield chunk;
}

/** The XLSX workbook, written to `out` row by row (a streaming writer: committed rows leave memory). */
export async function writeAuditXlsx(
  out: Writable,
  batches: AuditBatches,
  lines: ReturnType<typeof auditLineWriter>,
  sheetName: string,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(lines.header()).commit();
  for await (const { events, names } of batches) {
    for (const event of events) sheet.addRow(lines.cells(event, names(event))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
