import { Router } from 'express';
import { nominatePartnerBody, partnerDecisionBody, partnerIdParam } from '../schemas/partner.schema';
import type { PartnerService } from '../services/partners';
import { idempotentCreate } from './idempotency';

export function partnerRoutes(partners: PartnerService): Router {
  const router = Router();

  router.post('/partners', async (req, res) => {
    const body = nominatePartnerBody.parse(req.body);
    await idempotentCreate(req, res, async () => {
      const created = await partners.nominate(req, body);
      return { status: 201, body: created, location: `/api/partners/${created.id}` };
    });
  });

  router.get('/partners/:id', async (req, res) => {
    res.json(await partners.get(req, partnerIdParam.parse(req.params.id)));
  });

  router.post('/partners/:id/decision', async (req, res) => {
    res.json(await partners.decide(req, partnerIdParam.parse(req.params.id), partnerDecisionBody.parse(req.body)));
  });

  return router;
}
