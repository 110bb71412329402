import { Router } from 'express';
import { nominatePartnerBody, partnerDecisionBody, partnerIdParam } from '../schemas/partner.schema';
import type { PartnerService } from '../services/partners';

export function partnerRoutes(partners: PartnerService): Router {
  const router = Router();

  router.post('/partners', async (req, res) => {
    const created = await partners.nominate(req, nominatePartnerBody.parse(req.body));
    res.status(201).location(`/api/partners/${created.id}`).json(created);
  });

  router.get('/partners/:id', async (req, res) => {
    res.json(await partners.get(req, partnerIdParam.parse(req.params.id)));
  });

  router.post('/partners/:id/decision', async (req, res) => {
    res.json(await partners.decide(req, partnerIdParam.parse(req.params.id), partnerDecisionBody.parse(req.body)));
  });

  return router;
}
