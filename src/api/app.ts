import express, { type Express } from 'express';
import pinoHttp from 'pino-http';
import { logger } from '../logger';
import { partnerRoutes } from './partners.routes';
import { notFoundRoute, problemHandler, requireJsonBody } from './problem';
import type { PartnerService } from '../services/partners';

export interface AppDeps {
  partners: PartnerService;
  /** Resolves when Temporal and the store both answer; rejects with the reason otherwise. */
  readiness: () => Promise<void>;
  bodyLimit?: string;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.readiness();
      res.json({ status: 'ready' });
    } catch (err) {
      res.status(503).type('application/problem+json').json({
        type: 'about:blank#service.unavailable',
        title: 'Service Unavailable',
        status: 503,
        code: 'service.unavailable',
        detail: (err as Error).message,
      });
    }
  });

  const api = express.Router();
  api.use(requireJsonBody);
  api.use(express.json({ limit: deps.bodyLimit ?? '100kb', strict: true }));
  api.use(partnerRoutes(deps.partners));
  app.use('/api', api);

  app.use(notFoundRoute);
  app.use(problemHandler);
  return app;
}
