import { z } from 'zod';
import { parsePayloadKeys } from './temporal/codec';

/** Everything DataPact reads from its environment, validated once at start. */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  TEMPORAL_ADDRESS: z.string().min(1, 'TEMPORAL_ADDRESS names the Temporal frontend, e.g. 127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('datapact'),
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
  /** JSON array of `{creditCode, list, reason}`: the outside lists partners are checked against. */
  EXTERNAL_LIST_FILE: z.string().min(1).optional(),
  /** HS256 secret shared with the token issuer; or AUTH_JWKS_URL for an OpenID provider's keys. */
  AUTH_JWT_SECRET: z.string().min(32, 'AUTH_JWT_SECRET must have at least 32 characters').optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: z.string().min(1).default('datapact'),
  AUTH_AUDIENCE: z.string().min(1).default('datapact-api'),
  /** The organisation's OpenID provider: the console signs people in there (authorization code + PKCE). */
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_SCOPE: z.string().min(1).default('openid profile'),
  /**
   * Keys of the payload codec (src/temporal/codec.ts) as `id:base64` pairs, commas between; the same
   * on every API and worker process. DATAPACT_PAYLOAD_KEY_ID names the one new payloads are sealed with.
   */
  DATAPACT_PAYLOAD_KEYS: z.string({ error: 'DATAPACT_PAYLOAD_KEYS lists the payload keys as id:base64' }),
  DATAPACT_PAYLOAD_KEY_ID: z.string().min(1).optional(),
  /** The Temporal UI's origin (scheme, host, port): the only origin the codec endpoint answers in a browser. */
  DATAPACT_TEMPORAL_UI_ORIGIN: z
    .url()
    .refine((url) => new URL(url).origin === url.replace(/\/$/, ''), 'an origin: scheme, host and port, no path')
    .transform((url) => new URL(url).origin)
    .optional(),
});

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
  const parsed = configSchema.superRefine(keysUsable).safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`DataPact configuration is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
