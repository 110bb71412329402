import { Router } from 'express';
import { auditQuery } from '../schemas/audit.schema';
import type { AuditService } from '../services/audit';

export function auditRoutes(audit: AuditService): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    res.json(await audit.list(req, auditQuery.parse(req.query)));
  });
  router.get('/audit/verify', async (req, res) => {
    res.json(await audit.verify(req));
  });
  return router;
}
