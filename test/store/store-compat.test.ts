/**
 * What DataPact relies on from its document store, pinned. Runs against FerretDB by default and
 * against MongoDB when MONGODB_URI names one: the same code must hold on both.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
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

beforeAll(async () => {
  await connectTestStore('store_compat');
  await Keyed.createIndexes();
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
