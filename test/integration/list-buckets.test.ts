/**
 * The inventory's and the partners' lists walk the ids' buckets (src/store/list-page.ts): every asset
 * and partner written carries its bucket, and one written before (no bucket) gets it once at start-up
 * (src/store/backfill.ts), so a list never loses an entry.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { PartnerModel } from '../../src/entities/partner';
import { DataAssetModel } from '../../src/models/data-asset.model';
import { prepareStore } from '../../src/server';
import { bucketOf } from '../../src/store/buckets';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi('assets_list_buckets');
});
afterAll(async () => {
  await api?.stop();
});

const anAsset = (unit: string) => ({
  code: `DA-${randomUUID().slice(0, 8)}`,
  name: '基站小区数据',
  ownerUnit: unit,
  category: 'network',
  grade: 'general',
  fields: [{ name: 'cell_id', personalInfo: false }],
});

/** Every page of a list, following its cursors. */
async function allPages(client: Awaited<ReturnType<ApiHarness['client']>>, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.get(`/api/assets?${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    ids.push(...(page.data.items as { id: string }[]).map((a) => a.id));
    cursor = page.data.nextCursor as string | undefined;
  } while (cursor);
  return ids;
}

it('pages a unit’s assets in id order across buckets, and an asset stored without a bucket appears once start-up gave it one', async () => {
  const unit = `unit-${randomUUID().slice(0, 6)}`;
  const requester = await api.client({ ...users.requesterA, unit });
  const created: string[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await requester.post('/api/assets', anAsset(unit));
    expect(res.status).toBe(201);
    created.push(res.data.id as string);
  }
  const stored = await DataAssetModel.find({ _id: { $in: created } }, { bucket: 1 }).lean();
  expect(stored.map((d) => [d._id, d.bucket])).toEqual(expect.arrayContaining(created.map((id) => [id, bucketOf(id)])));
  expect(await allPages(requester, `unit=${unit}`)).toEqual([...created].sort());

  // As an older version stored it: no bucket, which a page walking buckets would never meet.
  const at = new Date();
  const older = { _id: randomUUID(), ...anAsset(unit), status: 'active', createdBy: 'older', version: 1 };
  await DataAssetModel.collection.insertOne({ ...older, createdAt: at, updatedAt: at } as never);
  await mongoose.connection.collection('store_migrations').deleteOne({ _id: 'data-assets-bucket' as never });
  await prepareStore();
  expect((await DataAssetModel.findById(older._id, { bucket: 1 }).lean())?.bucket).toBe(bucketOf(older._id));
  expect(await allPages(requester, `unit=${unit}`)).toEqual([...created, older._id].sort());
  // Done once: a later start reads no asset for it (the marker stays).
  expect(
    await mongoose.connection.collection('store_migrations').countDocuments({ _id: 'data-assets-bucket' as never }),
  ).toBe(1);
});

it('gives a partner stored without a bucket its bucket once, and lists partners by status across buckets', async () => {
  const requester = await api.client(users.requesterA);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await requester.post('/api/partners', aNomination());
    expect(res.status).toBe(201);
    ids.push(res.data.id as string);
  }
  const written = await PartnerModel.find({ _id: { $in: ids } }, { bucket: 1 }).lean();
  expect(written.map((d) => d.bucket).sort()).toEqual(ids.map(bucketOf).sort());

  await PartnerModel.updateOne({ _id: ids[0] }, { $unset: { bucket: 1 } });
  await mongoose.connection.collection('store_migrations').deleteOne({ _id: 'partners-bucket' as never });
  await prepareStore();
  expect((await PartnerModel.findById(ids[0], { bucket: 1 }).lean())?.bucket).toBe(bucketOf(ids[0]!));

  const { status } = (await requester.get(`/api/partners/${ids[0]}`)).data as { status: string };
  const listed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await requester.get(`/api/partners?status=${status}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    listed.push(...(page.data.items as { id: string }[]).map((p) => p.id));
    cursor = page.data.nextCursor as string | undefined;
  } while (cursor);
  expect(listed).toEqual([...listed].sort());
  expect(listed).toContain(ids[0]);
  const stored = await PartnerModel.find({ status }, { _id: 1 }).lean();
  expect(listed.sort()).toEqual(stored.map((d) => d._id).sort());
});
