/**
 * The data inventory as CSV: UTF-8 with or without BOM, English or Chinese headers. An import is
 * checked whole before anything is written: the first MAX_REPORTED_ERRORS problems are reported by line
 * and column with the count of all, and a file with any error imports nothing. A file of several
 * megabytes is read in slices that give the event loop back, so the API keeps answering meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ForbiddenError, subject } from '@casl/ability';
import { parse } from 'csv-parse';
import { DomainError } from '../../policies/errors';
import { appendAuditEvent } from '../audit/audit-log';
import { isDuplicateKey } from '../models/duplicate-key';
import { accessibleFilter } from '../store/scope';
import type { DataAssetDocument, DataAssetModel } from '../models/data-asset.model';
import { createAssetBody, type AssetExportQuery, type CreateAssetBody } from '../schemas/data-asset.schema';
import { filtersOf } from './data-assets';
import type { Caller } from '../../policies/abilities';

export const MAX_IMPORT_ROWS = 20_000;
/** The problems an import reports one by one (the first, by line); `errorCount` counts them all. */
export const MAX_REPORTED_ERRORS = 100;
/** How long the import works before it lets other requests run, and the slices the file is read in. */
const WORK_SLICE_MS = 10;
const CHUNK_CHARS = 16 * 1024;
/** Rows inserted per write, with a turn of the event loop between writes. */
const INSERT_BATCH = 500;

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

/** The problems of a file: the first MAX_REPORTED_ERRORS by line, and how many there are in all. */
export class ImportProblems {
  readonly first: RowError[] = [];
  count = 0;

  /** Problems must come in line order, or through `merge`. */
  add(...errors: RowError[]): void {
    this.count += errors.length;
    for (const error of errors) if (this.first.length < MAX_REPORTED_ERRORS) this.first.push(error);
  }

  /** Adds problems of any lines, keeping the first by line: the kept ones and these are all that can be. */
  merge(errors: RowError[]): void {
    this.count += errors.length;
    const merged = [...this.first, ...errors].sort((a, b) => a.line - b.line);
    this.first.splice(0, this.first.length, ...merged.slice(0, MAX_REPORTED_ERRORS));
  }
}

export class ImportRejected extends DomainError {
  constructor(problems: Pick<ImportProblems, 'first' | 'count'>) {
    super(
      'asset.import_invalid',
      `the file has ${problems.count} error(s); nothing was imported`,
      { errors: problems.count },
      { errors: problems.first, errorCount: problems.count },
    );
  }
}

/** Resolves at once, unless the caller has worked for a slice: then after the event loop's next turn. */
function breather(sliceMs = WORK_SLICE_MS): () => Promise<void> {
  let since = Date.now();
  return async () => {
    if (Date.now() - since < sliceMs) return;
    await nextTurn();
    since = Date.now();
  };
}

/** The text in slices, never splitting a character of two UTF-16 units (a lone half would become U+FFFD). */
function* slicesOf(text: string): Generator<string> {
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(at, end);
    at = end;
  }
}

type CsvRecord = { record: string[]; info: { lines: number } };

/** Reads a CSV file into asset bodies, or its problems. Pure apart from the caller's ability. */
export async function parseAssetCsv(
  csv: string,
  caller: Caller,
): Promise<{ rows: { line: number; body: CreateAssetBody }[]; problems: ImportProblems }> {
  const problems = new ImportProblems();
  const refused = (error: RowError) => {
    const only = new ImportProblems();
    only.add(error);
    return { rows: [], problems: only };
  };
  const source = Readable.from(slicesOf(csv));
  const parser = source.pipe(parse({ bom: true, info: true, skip_empty_lines: true, trim: true, relax_quotes: false }));
  // Once the reader stops early (a bad header, too many rows) nobody iterates any more: a quote left open
  // further down would then be an 'error' event without a listener, which ends the whole process. What
  // the parser finds after that is no longer anyone's concern; while reading, `next` gets every error.
  parser.on('error', () => undefined);
  const stop = () => {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  };
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<CsvRecord>;
  const breathe = breather();
  const next = async (): Promise<CsvRecord | null | RowError> => {
    await breathe();
    try {
      const { value, done } = await records.next();
      return done ? null : value;
    } catch (err) {
      const e = err as { lines?: number; message: string };
      return rowError(e.lines ?? 1, '', 'csv.unreadable', `not valid CSV: ${e.message}`);
    }
  };
  const header = await next();
  if (header && 'line' in header) return refused(header);
  if (!header) return refused(rowError(1, '', 'csv.empty', 'the file is empty'));
  const columns: (Column | undefined)[] = header.record.map((h) => HEADER_TO_COLUMN.get(h.toLowerCase()));
  header.record.forEach((h, i) => {
    if (!columns[i])
      problems.add(
        rowError(1, h, 'csv.unknown_column', 'unknown column; expected one of the columns', {
          expected: COLUMNS.map((c) => `${HEADERS[c].en}/${HEADERS[c].zh}`).join(', '),
        }),
      );
  });
  for (const required of REQUIRED) {
    if (!columns.includes(required))
      problems.add(rowError(1, HEADERS[required].en, 'csv.missing_column', 'this column is missing'));
  }
  if (problems.count) {
    stop();
    return { rows: [], problems };
  }
  const headerOf = (c: Column) => header.record[columns.indexOf(c)] ?? HEADERS[c].en;

  const rows: { line: number; body: CreateAssetBody }[] = [];
  const seenCodes = new Map<string, number>();
  for (let count = 1; ; count++) {
    const read = await next();
    if (!read) break;
    if ('line' in read) return refused(read);
    if (count > MAX_IMPORT_ROWS) {
      stop();
      return refused(
        rowError(1, '', 'csv.too_many_rows', `at most ${MAX_IMPORT_ROWS} rows per file`, { max: MAX_IMPORT_ROWS }),
      );
    }
    const { record, info } = read;
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
    problems.add(...rowErrors);
  }
  return { rows, problems };
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
  const { rows, problems } = await parseAssetCsv(csv, caller);
  if (rows.length > 0) {
    const taken = await deps.assets
      .find({ code: { $in: rows.map((r) => r.body.code) } }, { code: 1 })
      .lean<{ code: string }[]>();
    const takenCodes = new Set(taken.map((t) => t.code));
    problems.merge(
      rows
        .filter((row) => takenCodes.has(row.body.code))
        .map((row) =>
          rowError(row.line, 'code', 'csv.code_taken', `an asset with code ${row.body.code} exists`, {
            code: row.body.code,
          }),
        ),
    );
  }
  if (problems.count > 0) throw new ImportRejected(problems);
  if (rows.length === 0) {
    throw new ImportRejected({ first: [rowError(2, '', 'csv.no_rows', 'the file has no rows')], count: 1 });
  }

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
    // In batches, each a turn of the event loop: thousands of documents cast at once would hold it.
    for (let at = 0; at < docs.length; at += INSERT_BATCH) {
      await deps.assets.insertMany(docs.slice(at, at + INSERT_BATCH), { ordered: true });
      await nextTurn();
    }
  } catch (err) {
    // No transactions: take back what went in, so that a failed import leaves nothing behind.
    await deps.assets.deleteMany({ importId });
    if (isDuplicateKey(err)) {
      throw new ImportRejected({
        first: [
          rowError(1, 'code', 'csv.concurrent_import', 'another import added one of these codes meanwhile; try again'),
        ],
        count: 1,
      });
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
