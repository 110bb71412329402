/**
 * The data inventory as CSV: UTF-8 with or without BOM, English or Chinese headers. An import is
 * checked whole before anything is written: every bad row is reported by line and column, and a file
 * with any error imports nothing.
 */
import { randomUUID } from 'node:crypto';
import { ForbiddenError, subject } from '@casl/ability';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../../policies/errors';
import { appendAuditEvent } from '../audit/audit-log';
import { isDuplicateKey } from '../models/duplicate-key';
import { accessibleFilter } from '../store/scope';
import type { DataAssetDocument, DataAssetModel } from '../models/data-asset.model';
import { createAssetBody, type AssetExportQuery, type CreateAssetBody } from '../schemas/data-asset.schema';
import { filtersOf } from './data-assets';
import type { Caller } from '../../policies/abilities';

export const MAX_IMPORT_ROWS = 20_000;

type Column = keyof CreateAssetBody;

/** Each column's English header first, then the Chinese headers accepted for it. */
const HEADERS: Record<Column, { en: string; zh: string; aliases: string[] }> = {
  code: { en: 'code', zh: '编码', aliases: ['资产编码', '数据编码'] },
  name: { en: 'name', zh: '名称', aliases: ['资产名称', '数据名称'] },
  description: { en: 'description', zh: '描述', aliases: ['说明'] },
  ownerUnit: { en: 'ownerUnit', zh: '归属部门', aliases: ['责任部门', '所属部门', 'owner unit'] },
  category: { en: 'category', zh: '类别', aliases: ['数据类别', '分类'] },
  grade: { en: 'grade', zh: '级别', aliases: ['分级', '数据级别'] },
  personalInfo: { en: 'personalInfo', zh: '个人信息', aliases: ['含个人信息', 'personal info'] },
  sensitivePersonalInfo: { en: 'sensitivePersonalInfo', zh: '敏感个人信息', aliases: ['含敏感个人信息'] },
  catalogued: { en: 'catalogued', zh: '纳入保护目录', aliases: ['保护目录', '重点保护'] },
  fields: { en: 'fields', zh: '字段', aliases: ['字段清单'] },
};
const COLUMNS = Object.keys(HEADERS) as Column[];
const REQUIRED: Column[] = ['code', 'name', 'ownerUnit', 'category', 'grade'];

const HEADER_TO_COLUMN = new Map<string, Column>(
  COLUMNS.flatMap((c) =>
    [HEADERS[c].en, HEADERS[c].zh, ...HEADERS[c].aliases].map((h) => [h.toLowerCase(), c] as const),
  ),
);

const GRADE_WORDS: Record<string, string> = {
  general: 'general',
  一般: 'general',
  一般数据: 'general',
  important: 'important',
  重要: 'important',
  重要数据: 'important',
  core: 'core',
  核心: 'core',
  核心数据: 'core',
};
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '有']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '无', '']);

/** One problem of an import file. `code` and `params` let the console say it in zh-CN or en; `message` is English. */
export interface RowError {
  line: number;
  column: string;
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

const rowError = (
  line: number,
  column: string,
  code: string,
  message: string,
  params?: RowError['params'],
): RowError => ({
  line,
  column,
  code,
  ...(params ? { params } : {}),
  message,
});

class CellError extends Error {
  constructor(
    public readonly code: string,
    public readonly params: Record<string, string>,
    message: string,
  ) {
    super(message);
  }
}

export class ImportRejected extends DomainError {
  constructor(public readonly errors: RowError[]) {
    super(
      'asset.import_invalid',
      `the file has ${errors.length} error(s); nothing was imported`,
      { errors: errors.length },
      { errors },
    );
  }
}

/** Reads a CSV file into asset bodies, or every error it has. Pure apart from the caller's ability. */
export function parseAssetCsv(
  csv: string,
  caller: Caller,
): { rows: { line: number; body: CreateAssetBody }[]; errors: RowError[] } {
  const errors: RowError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, info: true, skip_empty_lines: true, trim: true, relax_quotes: false }) as never;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], errors: [rowError(e.lines ?? 1, '', 'csv.unreadable', `not valid CSV: ${e.message}`)] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [rowError(1, '', 'csv.empty', 'the file is empty')] };
  const columns: (Column | undefined)[] = header.record.map((h) => HEADER_TO_COLUMN.get(h.toLowerCase()));
  header.record.forEach((h, i) => {
    if (!columns[i])
      errors.push(
        rowError(1, h, 'csv.unknown_column', 'unknown column; expected one of the columns', {
          expected: COLUMNS.map((c) => `${HEADERS[c].en}/${HEADERS[c].zh}`).join(', '),
        }),
      );
  });
  for (const required of REQUIRED) {
    if (!columns.includes(required))
      errors.push(rowError(1, HEADERS[required].en, 'csv.missing_column', 'this column is missing'));
  }
  if (errors.length) return { rows: [], errors };
  if (data.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      errors: [
        rowError(1, '', 'csv.too_many_rows', `at most ${MAX_IMPORT_ROWS} rows per file`, { max: MAX_IMPORT_ROWS }),
      ],
    };
  }
  const headerOf = (c: Column) => header.record[columns.indexOf(c)] ?? HEADERS[c].en;

  const rows: { line: number; body: CreateAssetBody }[] = [];
  const seenCodes = new Map<string, number>();
  for (const { record, info } of data) {
    const line = info.lines;
    const raw: Record<string, unknown> = {};
    const rowErrors: RowError[] = [];
    columns.forEach((column, i) => {
      const cell = record[i] ?? '';
      const value = cellValue(column!, cell);
      if (value instanceof CellError)
        rowErrors.push(rowError(line, headerOf(column!), value.code, value.message, value.params));
      else if (value !== undefined) raw[column!] = value;
    });
    const parsed = createAssetBody.safeParse(raw);
    if (!parsed.success) {
      const reported = new Set(rowErrors.map((e) => e.column));
      for (const issue of parsed.error.issues) {
        const column = (issue.path[0] as Column | undefined) ?? 'code';
        // A cell already reported unreadable is not reported again as missing.
        if (!reported.has(headerOf(column))) {
          rowErrors.push(
            rowError(line, headerOf(column), 'csv.invalid_value', issue.message, { detail: issue.message }),
          );
        }
      }
    } else {
      const body = parsed.data;
      const earlier = seenCodes.get(body.code);
      if (earlier)
        rowErrors.push(
          rowError(line, headerOf('code'), 'csv.repeated_code', `code ${body.code} is also on line ${earlier}`, {
            code: body.code,
            line: earlier,
          }),
        );
      else seenCodes.set(body.code, line);
      if (!caller.ability.can('create', subject('DataAsset', { ...body }))) {
        rowErrors.push(
          rowError(
            line,
            headerOf('ownerUnit'),
            'csv.unit_not_permitted',
            `you may not add assets of unit ${body.ownerUnit}`,
            {
              unit: body.ownerUnit,
            },
          ),
        );
      }
      if (rowErrors.length === 0) rows.push({ line, body });
    }
    errors.push(...rowErrors);
  }
  return { rows, errors };
}

function cellValue(column: Column, cell: string): unknown {
  switch (column) {
    case 'grade': {
      if (cell === '') return undefined;
      return (
        GRADE_WORDS[cell.toLowerCase()] ??
        new CellError(
          'csv.bad_grade',
          { value: cell },
          `grade "${cell}" is not general/一般, important/重要 or core/核心`,
        )
      );
    }
    case 'personalInfo':
    case 'sensitivePersonalInfo':
    case 'catalogued': {
      const word = cell.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return new CellError('csv.bad_boolean', { value: cell }, `"${cell}" is not yes/no (是/否, true/false, 1/0)`);
    }
    case 'fields':
      return cell
        .split(/[;；]/)
        .map((f) => f.trim())
        .filter(Boolean)
        .map((f) =>
          f.endsWith('*') ? { name: f.slice(0, -1).trim(), personalInfo: true } : { name: f, personalInfo: false },
        );
    case 'description':
      return cell === '' ? undefined : cell;
    default:
      return cell;
  }
}

/** Imports a whole file or nothing. */
export async function importAssetCsv(
  deps: { assets: typeof DataAssetModel },
  caller: Caller,
  csv: string,
): Promise<{ imported: number; ids: string[] }> {
  ForbiddenError.from(caller.ability).throwUnlessCan('import', 'DataAsset');
  const { rows, errors } = parseAssetCsv(csv, caller);
  if (rows.length > 0) {
    const taken = await deps.assets
      .find({ code: { $in: rows.map((r) => r.body.code) } }, { code: 1 })
      .lean<{ code: string }[]>();
    const takenCodes = new Set(taken.map((t) => t.code));
    for (const row of rows) {
      if (takenCodes.has(row.body.code))
        errors.push(
          rowError(row.line, 'code', 'csv.code_taken', `an asset with code ${row.body.code} exists`, {
            code: row.body.code,
          }),
        );
    }
  }
  if (errors.length > 0) throw new ImportRejected(errors.sort((a, b) => a.line - b.line));
  if (rows.length === 0) throw new ImportRejected([rowError(2, '', 'csv.no_rows', 'the file has no rows')]);

  const importId = randomUUID();
  const docs = rows.map(({ body }) => ({
    _id: randomUUID(),
    ...body,
    status: 'active',
    createdBy: caller.claims.sub,
    version: 1,
    importId,
  }));
  try {
    await deps.assets.insertMany(docs, { ordered: true });
  } catch (err) {
    // No transactions: take back what went in, so that a failed import leaves nothing behind.
    await deps.assets.deleteMany({ importId });
    if (isDuplicateKey(err)) {
      throw new ImportRejected([
        rowError(1, 'code', 'csv.concurrent_import', 'another import added one of these codes meanwhile; try again'),
      ]);
    }
    throw err;
  }
  await appendAuditEvent({
    eventKey: `import:${importId}`,
    actor: caller.claims,
    action: 'asset.imported',
    subject: { type: 'DataAsset', id: `import:${importId}` },
    after: { count: docs.length, ids: docs.map((d) => d._id), codes: docs.map((d) => d.code) },
  });
  return { imported: docs.length, ids: docs.map((d) => d._id) };
}

/** Writes the assets the caller may read, as CSV with a BOM (so spreadsheet programs read UTF-8), page by page. */
export async function* exportAssetCsv(
  deps: { assets: typeof DataAssetModel },
  caller: Caller,
  query: AssetExportQuery,
): AsyncGenerator<string> {
  ForbiddenError.from(caller.ability).throwUnlessCan('export', 'DataAsset');
  const filters = [accessibleFilter(caller.ability, 'read', 'DataAsset'), ...filtersOf(query)];
  const lang = query.headers === 'zh-CN' ? 'zh' : 'en';
  yield '\uFEFF' + COLUMNS.map((c) => HEADERS[c][lang]).join(',') + '\r\n';
  let after: string | undefined;
  for (;;) {
    const page = await deps.assets
      .find({ $and: [...filters, ...(after ? [{ _id: { $gt: after } }] : [])] })
      .sort({ _id: 1 })
      .limit(500)
      .lean<DataAssetDocument[]>();
    if (page.length === 0) return;
    yield page.map((doc) => COLUMNS.map((c) => csvCell(exportValue(c, doc))).join(',')).join('\r\n') + '\r\n';
    after = page[page.length - 1]!._id;
  }
}

function exportValue(column: Column, doc: DataAssetDocument): string {
  const value = doc[column as keyof DataAssetDocument];
  if (column === 'fields') return doc.fields.map((f) => (f.personalInfo ? `${f.name}*` : f.name)).join(';');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value === undefined || value === null ? '' : String(value);
}

function csvCell(value: string): string {
  // A cell a spreadsheet would run as a formula is written as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
