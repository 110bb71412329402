import { z } from 'zod';
import {
  assetExportQuery,
  assetListQuery,
  assetPage,
  assetView,
  createAssetBody,
  importReport,
  retireAssetBody,
  updateAssetBody,
} from '../schemas/data-asset.schema';
import type { DataAssetService } from '../services/data-assets';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

const assetIdParams = z.object({ id: z.uuid('not a data asset id') }).strict();

export function assetRoutes(assets: DataAssetService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/assets',
      summary: 'The data inventory (S1), filtered, in cursor pages',
      query: assetListQuery,
      ok: { status: 200, schema: assetPage, description: 'One page of assets' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter or cursor' },
      handle: ({ caller, query }) => assets.list(caller, query),
    }),
    route({
      method: 'get',
      path: '/api/assets/export.csv',
      summary: 'The assets the caller may read, as CSV (UTF-8 with BOM)',
      query: assetExportQuery,
      ok: { status: 200, type: 'text/csv', description: 'The CSV file' },
      errors: { ...COMMON_ERRORS, 400: 'A bad filter' },
      respond: async ({ caller, query }, res) => {
        const chunks = assets.exportCsv(caller, query);
        const first = await chunks.next(); // permission is checked before any byte is sent
        res.type('text/csv; charset=utf-8').attachment('data-assets.csv');
        if (!first.done) res.write(first.value);
        for await (const chunk of chunks) res.write(chunk);
        res.end();
      },
    }),
    route({
      method: 'post',
      path: '/api/assets',
      summary: 'Add a data asset',
      body: createAssetBody,
      idempotency: 'create',
      ok: { status: 201, schema: assetView, description: 'Added' },
      errors: {
        ...COMMON_ERRORS,
        ...BODY_ERRORS,
        409: 'The code is taken, or the Idempotency-Key was used with another body',
      },
      handle: ({ caller, body }) => assets.create(caller, body),
      location: (created: { id: string }) => `/api/assets/${created.id}`,
    }),
    route({
      method: 'post',
      path: '/api/assets/import',
      summary: 'Import assets from a CSV file (UTF-8, BOM optional, English or Chinese headers): all rows or none',
      bodyType: 'text/csv',
      ok: { status: 201, schema: importReport, description: 'Every row imported' },
      errors: {
        ...COMMON_ERRORS,
        413: 'The file is too large',
        415: 'The body is not text/csv',
        422: 'Bad rows (the first ones by line and column, and how many in all); nothing imported',
      },
      handle: ({ caller, body }) => assets.importCsv(caller, String(body ?? '')),
    }),
    route({
      method: 'get',
      path: '/api/assets/{id}',
      summary: 'One data asset with its fields',
      params: assetIdParams,
      ok: { status: 200, schema: assetView, description: 'The asset' },
      errors: { ...COMMON_ERRORS, 400: 'Not an asset id', 404: 'No such asset' },
      handle: ({ caller, params }) => assets.get(caller, params.id),
    }),
    route({
      method: 'patch',
      path: '/api/assets/{id}',
      summary: 'Change a data asset; `version` is the version the change is based on',
      params: assetIdParams,
      body: updateAssetBody,
      ok: { status: 200, schema: assetView, description: 'Changed' },
      errors: {
        ...COMMON_ERRORS,
        ...BODY_ERRORS,
        404: 'No such asset',
        409: 'Changed meanwhile (read it again) or retired',
      },
      handle: ({ caller, params, body }) => assets.update(caller, params.id, body),
    }),
    route({
      method: 'post',
      path: '/api/assets/{id}/retire',
      summary: 'Retire a data asset, with the reason',
      params: assetIdParams,
      body: retireAssetBody,
      ok: { status: 200, schema: assetView, description: 'Retired' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 404: 'No such asset', 409: 'Changed meanwhile or retired already' },
      handle: ({ caller, params, body }) => assets.retire(caller, params.id, body),
    }),
  ];
}
