import { Router } from 'express';
import { permissionQuery } from '../schemas/permission.schema';
import type { PermissionService } from '../services/permissions';

export function meRoutes(permissions: PermissionService): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    res.json(req.claims);
  });
  router.get('/me/permissions', async (req, res) => {
    res.json(await permissions.check(req, permissionQuery.parse(req.query)));
  });
  return router;
}
