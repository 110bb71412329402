import express, { Router } from 'express';
import {
  assetExportQuery,
  assetListQuery,
  createAssetBody,
  retireAssetBody,
  updateAssetBody,
} from '../schemas/data-asset.schema';
import { exportAssetCsv, importAssetCsv } from '../services/asset-csv';
import type { DataAssetService } from '../services/data-assets';
import { idempotentCreate } from './idempotency';
import { sendProblem } from './problem';
import { z } from 'zod';

const assetId = z.string().uuid('not a data asset id');

export function dataAssetRoutes(assets: DataAssetService): Router {
  const router = Router();

  router.get('/assets', async (req, res) => {
    res.json(await assets.list(req, assetListQuery.parse(req.query)));
  });

  router.get('/assets/export.csv', async (req, res) => {
    const query = assetExportQuery.parse(req.query);
    const chunks = exportAssetCsv(req, query);
    const first = await chunks.next(); // permission is checked before any byte is sent
    res.type('text/csv; charset=utf-8').attachment('data-assets.csv');
    if (!first.done) res.write(first.value);
    for await (const chunk of chunks) res.write(chunk);
    res.end();
  });

  router.post('/assets', async (req, res) => {
    const body = createAssetBody.parse(req.body);
    await idempotentCreate(req, res, async () => {
      const created = await assets.create(req, body);
      return { status: 201, body: created, location: `/api/assets/${created.id}` };
    });
  });

  router.get('/assets/:id', async (req, res) => {
    res.json(await assets.get(req, assetId.parse(req.params.id)));
  });

  router.patch('/assets/:id', async (req, res) => {
    res.json(await assets.update(req, assetId.parse(req.params.id), updateAssetBody.parse(req.body)));
  });

  router.post('/assets/:id/retire', async (req, res) => {
    res.json(await assets.retire(req, assetId.parse(req.params.id), retireAssetBody.parse(req.body)));
  });

  return router;
}

/** POST /api/assets/import takes the CSV file itself as the body (text/csv), not JSON. */
export function dataAssetImportRoute(): Router {
  const router = Router();
  router.post(
    '/assets/import',
    (req, res, next) => {
      if (!req.is(['text/csv', 'application/csv'])) {
        sendProblem(res, {
          status: 415,
          code: 'request.unsupported_media_type',
          detail: 'send the file as text/csv (UTF-8)',
        });
        return;
      }
      next();
    },
    express.text({ type: ['text/csv', 'application/csv'], limit: '10mb', defaultCharset: 'utf-8' }),
    async (req, res) => {
      res.status(201).json(await importAssetCsv(req, typeof req.body === 'string' ? req.body : ''));
    },
  );
  return router;
}
