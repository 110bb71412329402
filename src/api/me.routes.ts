import { Router } from 'express';
import { permissionQuery } from '../schemas/permission.schema';
import type { PermissionService } from '../services/permissions';
import type { MyWorkService } from '../services/my-work';

export function meRoutes(permissions: PermissionService, work: MyWorkService): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    res.json(req.claims);
  });
  router.get('/me/work', async (req, res) => {
    res.json(await work.list(req, new Date()));
  });
  router.get('/me/permissions', async (req, res) => {
    res.json(await permissions.check(req, permissionQuery.parse(req.query)));
  });
  return router;
}
