import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { authenticate } from '../auth/middleware';
import type { TokenVerifier } from '../auth/jwt';
import pinoHttp from 'pino-http';
import path from 'node:path';
import { logger } from '../logger';
import { openApiDocument } from './openapi';
import { partnerRoutes } from './partners.routes';
import { notFoundRoute, problemHandler, requireJsonBody } from './problem';
import type { PartnerService } from '../services/partners';
import type { QuestionnaireService } from '../services/questionnaires';
import type { DataAssetService } from '../services/data-assets';
import { dataAssetImportRoute, dataAssetRoutes } from './data-assets.routes';
import { refuseForbiddenKeys } from './safe-input';
import type { AuditService } from '../services/audit';
import type { PermissionService } from '../services/permissions';
import type { MyWorkService } from '../services/my-work';
import { existsSync } from 'node:fs';
import { auditRoutes } from './audit.routes';
import { meRoutes } from './me.routes';
import { codecServerRoutes, type CodecServerDeps } from './codec-server';

export interface AppDeps {
  verifyToken: TokenVerifier;
  /** Routes mounted under /api before authentication (sign-in configuration, the dev stack's demo tokens). */
  extraRoutes?: Router;
  partners: PartnerService;
  questionnaires: QuestionnaireService;
  assets: DataAssetService;
  audit: AuditService;
  permissions: PermissionService;
  work: MyWorkService;
  /** Other origins the console may call (the OpenID provider). */
  connectSources?: string[];
  /** The built console (dist/console), served at `/` when present. */
  consoleDir?: string;
  /** Resolves when Temporal and the store both answer; rejects with the reason otherwise. */
  readiness: () => Promise<void>;
  bodyLimit?: string;
  /** The codec endpoint for the Temporal UI (`/codec/decode`, `/codec/encode`), for bearers of an operator's token. */
  codecServer?: Omit<CodecServerDeps, 'authenticate'>;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      // Ant Design writes its styles at run time, so inline styles are allowed; scripts are not.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // The console exchanges its sign-in code at the OpenID provider's token endpoint.
          'connect-src': ["'self'", ...(deps.connectSources ?? [])],
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
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
      res
        .status(503)
        .type('application/problem+json')
        .json({
          type: 'about:blank#service.unavailable',
          title: 'Service Unavailable',
          status: 503,
          code: 'service.unavailable',
          detail: (err as Error).message,
        });
    }
  });

  const openApi = openApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  app.get('/docs/init.js', (_req, res) => {
    res.type('js').send("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs' });");
  });
  app.use(
    '/docs/assets',
    express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { index: false }),
  );

  if (deps.codecServer) {
    app.use('/codec', codecServerRoutes({ ...deps.codecServer, authenticate: authenticate(deps.verifyToken) }));
  }

  const api = express.Router();
  if (deps.extraRoutes) api.use(deps.extraRoutes);
  api.use(authenticate(deps.verifyToken));
  api.use(dataAssetImportRoute());
  api.use(requireJsonBody);
  api.use(express.json({ limit: deps.bodyLimit ?? '100kb', strict: true }));
  api.use(refuseForbiddenKeys);
  api.use(meRoutes(deps.permissions, deps.work));
  api.use(partnerRoutes(deps.partners, deps.questionnaires));
  api.use(dataAssetRoutes(deps.assets));
  api.use(auditRoutes(deps.audit));
  app.use('/api', api);

  if (deps.consoleDir && existsSync(path.join(deps.consoleDir, 'index.html'))) {
    const consoleDir = deps.consoleDir;
    app.use(express.static(consoleDir, { index: 'index.html', maxAge: '1h' }));
    // The console routes in the browser (#/…); `/` serves its page.
    app.get('/', (_req, res) => res.sendFile(path.join(consoleDir, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(problemHandler);
  return app;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DataPact API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
