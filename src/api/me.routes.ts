import { Router } from 'express';
import { z } from 'zod';
import { permissionQuery } from '../schemas/permission.schema';

const notificationIdParam = z.string().regex(/^[a-zA-Z0-9-]{1,64}$/, 'not a notification id');
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
  router.post('/me/notifications/:id/read', async (req, res) => {
    res.json(await work.markRead(req, notificationIdParam.parse(req.params.id)));
  });
  router.get('/me/permissions', async (req, res) => {
    res.json(await permissions.check(req, permissionQuery.parse(req.query)));
  });
  return router;
}
