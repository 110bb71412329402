import { z } from 'zod';
import { parsePayloadKeys } from './temporal/codec';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const secret = (name: string) => z.string().min(32, `${name} must have at least 32 characters`);

/** Everything DataPact reads from its environment, validated once at start. */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  TEMPORAL_ADDRESS: z.string().min(1, 'TEMPORAL_ADDRESS names the Temporal frontend, e.g. 127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('datapact'),
  /** A workflow bundle built ahead (`npm run build` writes dist/workflow-bundle.js): the worker then skips bundling at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** Workflow tasks one worker takes at once (src/worker.ts WORKFLOW_TASK_SLOTS says why few). */
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(200).optional(),
  /** Mutual TLS to the Temporal frontend: this process's certificate and key, and the CA that signed the frontend's. */
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** A token (JWT) for the frontend's authorizer, sent as `Authorization: Bearer …` on every call. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  MONGODB_URI: z.string().startsWith('mongodb', 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z.string().default('100kb'),
  /** Writes and sign-ins one bearer token, and one client address, may make per RATE_LIMIT_WINDOW_SECONDS (429 above). */
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().positive().default(120),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** JSON array of `{creditCode, list, reason}`: the outside lists partners are checked against. */
  EXTERNAL_LIST_FILE: z.string().min(1).optional(),
  /** JSON `{units: [{code, name: {zh-CN, en}}], people: [{sub, name: {zh-CN, en}, unit}]}`: display names (src/schemas/directory.schema.ts). */
  DIRECTORY_FILE: z.string().min(1).optional(),
  /** HS256 secret shared with the token issuer; or AUTH_JWKS_URL for an OpenID provider's keys. */
  AUTH_JWT_SECRET: z.string().min(32, 'AUTH_JWT_SECRET must have at least 32 characters').optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: z.string().min(1).default('datapact'),
  AUTH_AUDIENCE: z.string().min(1).default('datapact-api'),
  /** The organisation's OpenID provider: the console signs people in there (authorization code + PKCE). */
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_SCOPE: z.string().min(1).default('openid profile'),
  /** How access to shared data is granted and revoked: the local ledger, or a signed webhook to a gateway. */
  ACCESS_CONNECTOR: z.enum(['ledger', 'webhook']).default('ledger'),
  ACCESS_WEBHOOK_URL: httpUrl.optional(),
  ACCESS_WEBHOOK_SECRET: secret('ACCESS_WEBHOOK_SECRET').optional(),
  /** How regulator filings are submitted: the local outbox, or an HTTP POST to a filing endpoint. */
  REGULATOR_FILING_CONNECTOR: z.enum(['outbox', 'http']).default('outbox'),
  REGULATOR_FILING_URL: httpUrl.optional(),
  REGULATOR_FILING_SECRET: secret('REGULATOR_FILING_SECRET').optional(),
  /** The company that files (报送单位), as the regulator knows it. */
  ORGANISATION_NAME: z.string().trim().min(1).max(200).optional(),
  /** How long a connector waits for an outside system before the activity fails and is retried. */
  CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Keys of the payload codec (src/temporal/codec.ts) as `id:base64` pairs, commas between; the same
   * on every API and worker process. DATAPACT_PAYLOAD_KEY_ID names the one new payloads are sealed with.
   */
  DATAPACT_PAYLOAD_KEYS: z.string({ error: 'DATAPACT_PAYLOAD_KEYS lists the payload keys as id:base64' }),
  DATAPACT_PAYLOAD_KEY_ID: z.string().min(1).optional(),
  /**
   * When the special inspection runs on its own (Asia/Shanghai): five cron fields; by default 02:00 on the
   * first of every month (issue 14: monthly).
   */
  DATAPACT_INSPECTION_CRON: z
    .string()
    .trim()
    .regex(/^(\S+\s+){4}\S+$/, 'five cron fields: minute hour day-of-month month day-of-week, e.g. 0 2 1 * *')
    .default('0 2 1 * *'),
  /**
   * When the overview's snapshot is counted again (Asia/Shanghai): five cron fields; every minute by default.
   * Each refresh reads every agreement row once (18–41 s of the store's time at 100,000 on 2 cores): a large
   * store wants it less often, e.g. every 15 minutes.
   */
  DATAPACT_OVERVIEW_CRON: z
    .string()
    .trim()
    .regex(/^(\S+\s+){4}\S+$/, 'five cron fields: minute hour day-of-month month day-of-week, e.g. */15 * * * *')
    .default('* * * * *'),
  /** The Temporal UI's origin (scheme, host, port): the only origin the codec endpoint answers in a browser. */
  DATAPACT_TEMPORAL_UI_ORIGIN: z
    .url()
    .refine((url) => new URL(url).origin === url.replace(/\/$/, ''), 'an origin: scheme, host and port, no path')
    .transform((url) => new URL(url).origin)
    .optional(),
});

/**
 * Each connector that posts names its system's URL and, for the webhook, its secret. Checked even when
 * another variable is invalid, so that one start lists every problem.
 */
const connectorsChecked = configSchema.superRefine(
  (c, ctx) => {
    const need = (present: unknown, path: string, message: string) => {
      if (!present) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (c.ACCESS_CONNECTOR === 'webhook') {
      need(c.ACCESS_WEBHOOK_URL, 'ACCESS_WEBHOOK_URL', 'ACCESS_CONNECTOR=webhook needs the gateway URL');
      need(c.ACCESS_WEBHOOK_SECRET, 'ACCESS_WEBHOOK_SECRET', 'ACCESS_CONNECTOR=webhook needs the shared secret');
    }
    if (c.REGULATOR_FILING_CONNECTOR === 'http') {
      need(c.REGULATOR_FILING_URL, 'REGULATOR_FILING_URL', 'REGULATOR_FILING_CONNECTOR=http needs the filing URL');
      need(
        c.ORGANISATION_NAME,
        'ORGANISATION_NAME',
        'REGULATOR_FILING_CONNECTOR=http needs the name the company files under',
      );
    }
  },
  { when: () => true },
);

/** Checked at start, so that no process runs with keys it cannot use; a message never shows a key. */
const keysUsable = (config: z.infer<typeof configSchema>, ctx: z.RefinementCtx) => {
  if (!config.TEMPORAL_TLS_CERT_FILE !== !config.TEMPORAL_TLS_KEY_FILE) {
    const message = 'mutual TLS needs both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE';
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_CERT_FILE'], message });
  }
  try {
    parsePayloadKeys(config.DATAPACT_PAYLOAD_KEYS, config.DATAPACT_PAYLOAD_KEY_ID);
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['DATAPACT_PAYLOAD_KEYS'], message: (err as Error).message });
  }
};

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (as docker-compose passes an unset one) counts as unset.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = connectorsChecked.superRefine(keysUsable).safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`DataPact configuration is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
