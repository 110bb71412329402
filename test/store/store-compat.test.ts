/**
 * What DataPact relies on from its document store, pinned. Runs against FerretDB by default and
 * against MongoDB when MONGODB_URI names one: the same code must hold on both.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
import { DomainError } from '../../policies/errors';
import { encodeCursor } from '../../src/store/pagination';
import { addRowKeys, BUCKETS, rowKeysOf } from '../../src/store/buckets';
import { listPage } from '../../src/store/list-page';
import { bucketPartitions, scanBatches, type ScanResume } from '../../src/store/scan';
import { connectTestStore, disconnectTestStore } from '../support/env';

const Keyed = mongoose.model(
  'StoreCompatKeyed',
  new Schema(
    { key: { type: String, required: true, unique: true }, n: Number, firstSeen: String },
    { versionKey: false },
  ),
  'store_compat_keyed',
);
const Paged = mongoose.model(
  'StoreCompatPaged',
  new Schema({ _id: { type: String, required: true }, i: Number }, { versionKey: false }),
  'store_compat_paged',
);
const Versioned = mongoose.model(
  'StoreCompatVersioned',
  new Schema({ _id: String, version: Number, status: String }, { versionKey: false }),
  'store_compat_versioned',
);

interface Row {
  _id: string;
  bucket: string;
  unit: string;
  status: string;
  partnerId: string;
  n: number;
}
const rowSchema = new Schema(
  { _id: String, unit: String, status: String, partnerId: String, n: Number },
  { versionKey: false },
);
addRowKeys(rowSchema, ['unit', 'status', 'partnerId']);
const Rows = mongoose.model('StoreCompatRow', rowSchema, 'store_compat_rows');

/**
 * 2,000 rows: unit `dense` holds 1,400 (pages walk the buckets), `medium` 590, `rare` 10 (pages
 * read the whole set at once), `none` nothing; two statuses and two partners across them.
 */
const ROWS: Row[] = Array.from({ length: 2_000 }, (_, n) => {
  const _id = randomUUID();
  const unit = n < 1_400 ? 'dense' : n < 1_990 ? 'medium' : 'rare';
  return { _id, ...rowKeysOf(_id), unit, status: n % 3 === 0 ? 'active' : 'expired', partnerId: `p${n % 2}`, n };
});
const inIdOrder = (rows: Row[]) => rows.map((r) => r._id).sort();
const idsWhere = (match: (r: Row) => boolean) => inIdOrder(ROWS.filter(match));

beforeAll(async () => {
  await connectTestStore('store_compat');
  await Keyed.createIndexes();
  await Rows.createIndexes();
  for (let from = 0; from < ROWS.length; from += 500) await Rows.insertMany(ROWS.slice(from, from + 500));
});
afterAll(disconnectTestStore);

describe('the store DataPact writes to', () => {
  it('fails a duplicate insert under a unique index with E11000, keeping the first', async () => {
    await Keyed.create({ key: 'grant:a1:v1', n: 1 });
    const duplicate = await Keyed.create({ key: 'grant:a1:v1', n: 2 }).then(
      () => null,
      (err: { code?: number }) => err,
    );
    expect(duplicate?.code).toBe(11000);
    expect(await Keyed.find({ key: 'grant:a1:v1' }).lean()).toEqual([expect.objectContaining({ n: 1 })]);
  });

  it('upserts with $setOnInsert: the first write inserts, a repeat leaves the inserted fields alone', async () => {
    const upsert = (firstSeen: string) =>
      Keyed.updateOne({ key: 'finding:r7:a2' }, { $setOnInsert: { firstSeen }, $inc: { n: 1 } }, { upsert: true });
    const first = await upsert('2026-01-01');
    const second = await upsert('2026-02-01');
    expect(first.upsertedCount).toBe(1);
    expect(second.upsertedCount).toBe(0);
    expect(second.matchedCount).toBe(1);
    expect(await Keyed.findOne({ key: 'finding:r7:a2' }).lean()).toMatchObject({ firstSeen: '2026-01-01', n: 2 });
  });

  it('pages with a cursor on _id: every document once, in order', async () => {
    const ids = Array.from({ length: 57 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    await Paged.insertMany(ids.map((id, i) => ({ _id: id, i })).reverse());
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await Paged.find(after ? { _id: { $gt: after } } : {})
        .sort({ _id: 1 })
        .limit(10)
        .lean();
      if (page.length === 0) break;
      seen.push(...page.map((d) => d._id));
      after = page[page.length - 1]!._id;
    }
    expect(seen).toEqual(ids);
  });

  it('inserts the rest of an unordered insertMany and names each duplicate refused (the audit sequencer relies on it)', async () => {
    await Paged.insertMany([{ _id: 'u1' }, { _id: 'u3' }]);
    const err = await Paged.collection
      .insertMany([{ _id: 'u1' }, { _id: 'u2' }, { _id: 'u3' }, { _id: 'u4' }] as never[], { ordered: false })
      .then(
        () => null,
        (e: { writeErrors?: { index: number; code: number }[]; insertedCount?: number }) => e,
      );
    expect(err?.insertedCount).toBe(2);
    expect(err?.writeErrors?.map((e) => [e.index, e.code])).toEqual([
      [0, 11000],
      [2, 11000],
    ]);
    expect(await Paged.countDocuments({ _id: { $in: ['u1', 'u2', 'u3', 'u4'] } })).toBe(4);
  });

  it('ignores a version-compared write older than the stored version', async () => {
    await Versioned.create({ _id: 'x1', version: 0, status: 'nominated' });
    const write = (version: number, status: string) =>
      Versioned.updateOne({ _id: 'x1', version: { $lt: version } }, { $set: { version, status } });
    await write(2, 'approved');
    const stale = await write(1, 'vetting');
    const repeat = await write(2, 'approved');
    expect(stale.modifiedCount).toBe(0);
    expect(repeat.modifiedCount).toBe(0);
    expect(await Versioned.findById('x1').lean()).toMatchObject({ version: 2, status: 'approved' });
  });
});

describe('the query shapes of src/store', () => {
  it('serves an equality filter on several top-level fields with the bucket, sorted by _id', async () => {
    const bucket = ROWS[0]!.bucket;
    const found = await Rows.find({ unit: 'dense', status: 'active', bucket }).sort({ _id: 1 }).lean();
    expect(found.map((r) => r._id)).toEqual(
      idsWhere((r) => r.unit === 'dense' && r.status === 'active' && r.bucket === bucket),
    );
  });

  it('orders string ids bytewise, so that bucket order (a prefix of _id) is _id order', async () => {
    const all = await Rows.find({}).sort({ _id: 1 }).lean();
    expect(all.map((r) => r._id)).toEqual(inIdOrder(ROWS));
    const buckets = all.map((r) => (r as unknown as Row).bucket);
    expect(buckets).toEqual([...buckets].sort());
    expect(BUCKETS).toEqual([...BUCKETS].sort());
  });

  const views: [string, Record<string, string>, (r: Row) => boolean][] = [
    ['a dense unit (the page walks buckets)', { unit: 'dense' }, (r) => r.unit === 'dense'],
    ['a medium unit', { unit: 'medium' }, (r) => r.unit === 'medium'],
    ['a rare unit (the page reads the whole set)', { unit: 'rare' }, (r) => r.unit === 'rare'],
    ['two fields', { unit: 'dense', status: 'active' }, (r) => r.unit === 'dense' && r.status === 'active'],
    ['an empty view', { unit: 'none' }, () => false],
    ['no filter', {}, () => true],
  ];
  it.each(views)(
    'pages %s: every page is the sorted keyset query’s page, every row once, in _id order',
    async (_name, filter, match) => {
      const limit = 37;
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const after = seen[seen.length - 1];
        const page = await listPage<Row>({ model: Rows, filter, cursor, limit });
        const keyset = await Rows.find({ ...filter, ...(after ? { _id: { $gt: after } } : {}) })
          .sort({ _id: 1 })
          .limit(limit)
          .lean();
        expect(page.items.map((r) => r._id)).toEqual(keyset.map((r) => r._id));
        seen.push(...page.items.map((r) => r._id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(idsWhere(match));
      expect(pages).toBe(Math.max(1, Math.ceil(seen.length / limit)));
    },
  );

  it('starts a page after any id, as the sorted keyset query does', async () => {
    const dense = idsWhere((r) => r.unit === 'dense');
    const after = dense[700]!;
    const page = await listPage<Row>({
      model: Rows,
      filter: { unit: 'dense' },
      cursor: encodeCursor(after),
      limit: 50,
    });
    expect(page.items.map((r) => r._id)).toEqual(dense.slice(701, 751));
    expect(page.nextCursor).toBe(encodeCursor(dense[750]!));
  });

  it('refuses a cursor it did not give out, and a filter the store would not push down', async () => {
    for (const id of ['not-an-id', '-'.repeat(36), 7])
      await expect(listPage({ model: Rows, cursor: encodeCursor(id), limit: 5 })).rejects.toBeInstanceOf(DomainError);
    await expect(listPage({ model: Rows, filter: { unit: { $in: ['dense'] } }, limit: 5 })).rejects.toThrow(
      /only a string/,
    );
    await expect(listPage({ model: Rows, filter: { $or: [] }, limit: 5 })).rejects.toThrow(/no operators/);
  });

  it('scans every row once, partition by partition in _id order', async () => {
    const seen: string[] = [];
    for await (const { items } of scanBatches<Row>({ model: Rows, batchSize: 64 }))
      seen.push(...items.map((r) => r._id));
    expect(seen).toEqual(inIdOrder(ROWS));
  });

  it('resumes a killed scan after the last batch it finished, rereading nothing finished', async () => {
    const done: string[] = [];
    let resume: ScanResume | undefined;
    // First run: killed (the loop left) after some 900 rows, in the middle of a partition.
    for await (const batch of scanBatches<Row>({ model: Rows, batchSize: 3 })) {
      done.push(...batch.items.map((r) => r._id));
      resume = batch.resume;
      if (done.length >= 900 && batch.resume.after) break;
    }
    expect(resume?.after).toBeDefined();
    const second: string[] = [];
    for await (const batch of scanBatches<Row>({ model: Rows, batchSize: 3, resume }))
      second.push(...batch.items.map((r) => r._id));
    expect(second.filter((id) => done.includes(id))).toEqual([]);
    expect([...done, ...second]).toEqual(inIdOrder(ROWS));
  });

  it("scans one partner's rows through that partner's buckets", async () => {
    const seen: string[] = [];
    for await (const { items } of scanBatches<Row>({ model: Rows, partitions: bucketPartitions({ partnerId: 'p1' }) }))
      seen.push(...items.map((r) => r._id));
    expect(seen).toEqual(idsWhere((r) => r.partnerId === 'p1'));
  });
});

describe("the overview's tallies (src/services/overview-tallies.ts)", () => {
  it('groups by several fields in one $group, a field a document lacks keyed as null or left out', async () => {
    const groups = await Rows.aggregate<{ _id: Record<string, unknown>; n: number }>([
      { $match: {} },
      { $group: { _id: { unit: '$unit', status: '$status', missing: '$missing' }, n: { $sum: 1 } } },
    ]);
    const counted = Object.fromEntries(groups.map(({ _id, n }) => [`${String(_id.unit)}/${String(_id.status)}`, n]));
    const expected: Record<string, number> = {};
    for (const r of ROWS) expected[`${r.unit}/${r.status}`] = (expected[`${r.unit}/${r.status}`] ?? 0) + 1;
    expect(counted).toEqual(expected);
    for (const { _id } of groups) expect(_id.missing ?? null).toBeNull();
  });
});

describe("DataPact's own code", () => {
  // Features one of FerretDB v1 and MongoDB lacks: none may appear in code that runs against the store.
  const FORBIDDEN: [RegExp, string][] = [
    [/\bstartSession\b|\bwithTransaction\b|\bstartTransaction\b/, 'a transaction'],
    [/\bexpireAfterSeconds\b|\bexpires\s*:/, 'a TTL index'],
    [/['"]\$(lookup|facet|graphLookup|expr|merge|out)['"]/, 'an aggregation stage or operator FerretDB lacks'],
    [/\barrayFilters\b|['"][\w.]*\.\$['"]/, 'positional updates'],
    [/\bDecimal128\b/, 'Decimal128'],
    [/\.watch\(/, 'a change stream'],
  ];

  it('uses no transaction, TTL index, change stream or unsupported stage', () => {
    const root = path.resolve(__dirname, '../..');
    const files = execFileSync(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'activities', 'workflows', 'policies'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const hits = files.flatMap((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${file}: ${what}`);
    });
    expect(hits).toEqual([]);
  });
});
