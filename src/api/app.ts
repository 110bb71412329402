import express, { type Express } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pinoHttp from 'pino-http';
import type { TokenVerifier } from '../auth/jwt';
import { logger } from '../logger';
import { openApiDocument } from './openapi';
import { notFoundRoute, problemHandler } from './problem';
import type { RateLimits } from './rate-limit';
import { mountRoutes, type Route } from './route-table';

export interface AppDeps {
  verifyToken: TokenVerifier;
  /** The route table: the API's routes (src/api/routes.ts) and those of the deployment (sign-in, dev tokens). */
  routes: readonly Route[];
  /** Other origins the console may call (the OpenID provider). */
  connectSources?: string[];
  /** The built console (dist/console), served at `/` when present. */
  consoleDir?: string;
  bodyLimit?: string;
  /** Writes and sign-ins per token and per address (src/api/rate-limit.ts); none: not limited. */
  rateLimits?: RateLimits;
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

  const openApi = openApiDocument(deps.routes);
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

  app.use(
    mountRoutes(deps.routes, {
      verifyToken: deps.verifyToken,
      bodyLimit: deps.bodyLimit ?? '100kb',
      csvLimit: '10mb',
      ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
    }),
  );

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

/**
 * Keeps an idle kept-alive connection open longer than its clients and proxies do (Node closes it after
 * 5 s by default): otherwise a client that reuses it just as the server closes it sees a reset connection.
 */
export function keepIdleConnectionsLonger(server: import('node:http').Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

/** Why Node's HTTP parser refused a request before Express saw it, by its parser error code. */
const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'the request headers are too large' },
  HPE_URI_TOO_LONG: { status: 431, detail: 'the request line is too long' },
};

/**
 * Answers a request Node's HTTP parser refuses (headers over 16 kB, a malformed request line) with a
 * problem document like every other error, instead of Node's bare status line.
 */
export function answerClientErrorsAsProblems(server: import('node:http').Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:stream').Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && !socket.readable)) {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERRORS[err.code ?? ''];
    const status = known?.status ?? 400;
    const body = JSON.stringify({
      type: `about:blank#request.${status === 431 ? 'headers_too_large' : 'malformed'}`,
      title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
      code: status === 431 ? 'request.headers_too_large' : 'request.malformed',
      detail: known?.detail ?? 'the request is not valid HTTP',
    });
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
