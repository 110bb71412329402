import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../models/duplicate-key';
import { ForbiddenError, subject } from '@casl/ability';
import { DomainError } from '../../policies/errors';
import { appendAuditEvent } from '../audit/audit-log';
import { listPage } from '../store/list-page';
import type { Page } from '../store/pagination';
import { accessibleFilter } from '../store/scope';
import type { DataAssetDocument, DataAssetModel } from '../models/data-asset.model';
import { exportAssetCsv, importAssetCsv } from './asset-csv';
import type {
  AssetExportQuery,
  AssetListQuery,
  AssetView,
  CreateAssetBody,
  RetireAssetBody,
  UpdateAssetBody,
} from '../schemas/data-asset.schema';
import type { Caller } from '../../policies/abilities';

/** The data inventory's use cases (S1). Every change is checked against the caller's ability and audited. */
export function createDataAssetService(deps: { assets: typeof DataAssetModel }) {
  const { assets: DataAssetModel } = deps;
  async function load(id: string): Promise<DataAssetDocument> {
    const doc = await DataAssetModel.findById(id).lean<DataAssetDocument>();
    if (!doc) throw new DomainError('asset.not_found', `no data asset ${id}`);
    return doc;
  }

  async function get(caller: Caller, id: string): Promise<AssetView> {
    const doc = await load(id);
    ForbiddenError.from(caller.ability).throwUnlessCan('read', subject('DataAsset', doc));
    return viewOf(doc);
  }

  async function list(caller: Caller, query: AssetListQuery): Promise<Page<AssetView>> {
    // Equalities only (the scope of every reader is the whole inventory): a page walks the ids' buckets.
    const filter = Object.assign({}, accessibleFilter(caller.ability, 'read', 'DataAsset'), ...filtersOf(query));
    const page = await listPage<DataAssetDocument>({
      model: DataAssetModel,
      filter,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      limit: query.limit,
    });
    return { ...page, items: page.items.map(viewOf) };
  }

  async function create(caller: Caller, body: CreateAssetBody): Promise<AssetView> {
    ForbiddenError.from(caller.ability).throwUnlessCan('create', subject('DataAsset', { ...body }));
    const doc = { _id: randomUUID(), ...body, status: 'active', createdBy: caller.claims.sub, version: 1 };
    try {
      await DataAssetModel.create(doc as Record<string, unknown>);
    } catch (err) {
      if (isDuplicateKey(err)) throw new DomainError('asset.code_taken', `an asset with code ${body.code} exists`);
      throw err;
    }
    await appendAuditEvent({
      eventKey: `asset:${doc._id}:v1`,
      actor: caller.claims,
      action: 'asset.created',
      subject: { type: 'DataAsset', id: doc._id },
      after: body,
    });
    return viewOf(await load(doc._id));
  }

  /** Changes an asset if the caller read the version it changes; a concurrent edit gets 409, not a lost update. */
  async function update(caller: Caller, id: string, body: UpdateAssetBody): Promise<AssetView> {
    const current = await load(id);
    const { version, ...changes } = body;
    const next = { ...current, ...changes };
    ForbiddenError.from(caller.ability).throwUnlessCan('update', subject('DataAsset', current));
    ForbiddenError.from(caller.ability).throwUnlessCan('update', subject('DataAsset', next));
    if (current.status === 'retired') throw new DomainError('asset.retired', `data asset ${id} is retired`);
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof DataAssetDocument]]));
    await writeVersion(id, version, changes);
    await appendAuditEvent({
      eventKey: `asset:${id}:v${version + 1}`,
      actor: caller.claims,
      action: 'asset.updated',
      subject: { type: 'DataAsset', id },
      before,
      after: changes,
    });
    return viewOf(await load(id));
  }

  async function retire(caller: Caller, id: string, body: RetireAssetBody): Promise<AssetView> {
    const current = await load(id);
    ForbiddenError.from(caller.ability).throwUnlessCan('retire', subject('DataAsset', current));
    if (current.status === 'retired') throw new DomainError('asset.retired', `data asset ${id} is retired already`);
    await writeVersion(id, body.version, { status: 'retired', retiredReason: body.reason });
    await appendAuditEvent({
      eventKey: `asset:${id}:v${body.version + 1}`,
      actor: caller.claims,
      action: 'asset.retired',
      subject: { type: 'DataAsset', id },
      before: { status: current.status },
      after: { status: 'retired' },
      reason: body.reason,
    });
    return viewOf(await load(id));
  }

  async function writeVersion(id: string, version: number, changes: Record<string, unknown>): Promise<void> {
    const result = await DataAssetModel.updateOne({ _id: id, version }, { $set: { ...changes, version: version + 1 } });
    if (result.matchedCount === 0) {
      throw new DomainError(
        'asset.version_conflict',
        `data asset ${id} changed since version ${version}; read it again`,
      );
    }
  }

  return {
    get,
    list,
    create,
    update,
    retire,
    importCsv: (caller: Caller, csv: string) => importAssetCsv(deps, caller, csv),
    exportCsv: (caller: Caller, query: AssetExportQuery) => exportAssetCsv(deps, caller, query),
  };
}

export type DataAssetService = ReturnType<typeof createDataAssetService>;

export function filtersOf(query: Omit<AssetListQuery, 'limit' | 'cursor'>): Record<string, unknown>[] {
  const filters: Record<string, unknown>[] = [];
  if (query.unit) filters.push({ ownerUnit: query.unit });
  if (query.grade) filters.push({ grade: query.grade });
  if (query.personalInfo !== undefined) filters.push({ personalInfo: query.personalInfo });
  if (query.catalogued !== undefined) filters.push({ catalogued: query.catalogued });
  if (query.status) filters.push({ status: query.status });
  return filters;
}

export function viewOf(doc: DataAssetDocument): AssetView {
  return {
    id: doc._id,
    code: doc.code,
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    ownerUnit: doc.ownerUnit,
    category: doc.category,
    grade: doc.grade,
    personalInfo: doc.personalInfo,
    sensitivePersonalInfo: doc.sensitivePersonalInfo,
    catalogued: doc.catalogued,
    fields: doc.fields.map((f) => ({
      name: f.name,
      ...(f.description ? { description: f.description } : {}),
      personalInfo: f.personalInfo ?? false,
    })),
    status: doc.status,
    ...(doc.retiredReason ? { retiredReason: doc.retiredReason } : {}),
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: (doc.createdAt as Date).toISOString(),
    updatedAt: (doc.updatedAt as Date).toISOString(),
  };
}
