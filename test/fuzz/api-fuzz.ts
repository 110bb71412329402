/**
 * npm run fuzz:api — property-based requests against every operation of the served /openapi.json.
 *
 * Starts the dev stack (Temporal dev server, FerretDB) on free ports, the worker and the API in this
 * process, and sends FUZZ_REQUESTS (10,000) requests drawn by fast-check: each operation with every
 * role's token and with bad tokens, bodies drawn from the operation's schema and then spoiled (keys
 * dropped or added, values of the wrong type, operators, prototype keys), malformed JSON, wrong content
 * types, hostile path parameters, queries, cursors and Idempotency-Keys. It fails (exit 1) on any 5xx,
 * any answer whose status or body its OpenAPI document does not declare, any stack trace or internal
 * path in a body, and any write made by a refused request: requests go in batches, and after a batch
 * of which no write was accepted, every collection's document count and the audit trail's last
 * sequence number must be what they were before it. Prints the figures and the seed (FUZZ_SEED replays it).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import mongoose from 'mongoose';
import { answerClientErrorsAsProblems, keepIdleConnectionsLonger } from '../../src/api/app';
import { startAuditSequencer } from '../../src/audit/audit-log';
import { mintToken } from '../../src/auth/jwt';
import { startStack } from '../../src/dev/stack';
import { buildApi, prepareStore } from '../../src/server';
import { dataConverterFrom } from '../../src/temporal/data-converter';
import { bundleWorkflows, createWorker } from '../../src/worker';
import { TEST_PAYLOAD_CONFIG } from '../support/env';
import { quietLogger } from '../support/quiet-logger';
import { users } from '../support/api';
import { aNomination, anAgreementRequest, anAsset } from '../support/factories';
import { applyMutation, hostileJsonText, hostileValue, mutation, valueOf, weirdString } from './arbitraries';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const BATCH = 40;
const CONCURRENCY = 6;
/** Collections whose ids path parameters are drawn from, besides the ids accepted writes answered with. */
const ID_SOURCES = ['partners', 'agreements', 'data_assets', 'notifications', 'questionnaires'];
/** How long the store may keep changing after accepted writes (workflows finish their activities). */
const QUIESCENCE_TIMEOUT_MS = 30_000;
const AUTH = {
  secret: 'fuzz-secret-0123456789abcdef0123456789abcdef',
  issuer: 'datapact-fuzz',
  audience: 'datapact-api',
};
/** A stack trace, a source or module path, a driver's or runtime's own error text. */
const LEAK =
  /\n\s+at |\bat \S+ \(|node_modules|\/work\/|\/home\/|\/tmp\/|\.ts:\d+|\.js:\d+|MongoServerError|E11000|TypeError|ReferenceError/;

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  id: string;
  parameters: Parameter[];
  body?: { type: string; schema: Schema };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  secured: boolean;
}

type PathValue = { known: number } | { raw: string; encode: boolean };
interface FuzzRequest {
  op: Operation;
  token: string;
  path: PathValue[];
  query: [string, string][];
  idempotencyKey?: string;
  contentType?: string;
  body?: string;
  acceptLanguage?: string;
}

async function main() {
  const say = (line: string) => console.error(`[fuzz] ${line}`);
  const stack = await startStack({ say });
  await mongoose.connect(stack.mongoUri.replace(/\/[^/]*$/, '/datapact_fuzz'));
  await mongoose.connection.dropDatabase();
  await prepareStore();
  const sequencer = startAuditSequencer();
  const taskQueue = `fuzz-${Date.now()}`;
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection, dataConverter: dataConverterFrom(TEST_PAYLOAD_CONFIG) });
  const native = await NativeConnection.connect({ address: stack.temporalAddress });
  const worker = await createWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    payloads: TEST_PAYLOAD_CONFIG,
    workflowBundle: await bundleWorkflows({ logger: quietLogger }),
  });
  const running = worker.run();
  const app = buildApi(temporal, {
    AUTH_JWT_SECRET: AUTH.secret,
    AUTH_ISSUER: AUTH.issuer,
    AUTH_AUDIENCE: AUTH.audience,
    AUTH_JWKS_URL: undefined,
    ...TEST_PAYLOAD_CONFIG,
    TEMPORAL_TASK_QUEUE: taskQueue,
    BODY_LIMIT: '100kb',
    DATAPACT_TEMPORAL_UI_ORIGIN: 'http://127.0.0.1:8233',
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    keepIdleConnectionsLonger(s);
    answerClientErrorsAsProblems(s);
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let failed: boolean;
  try {
    failed = await fuzz(base, say);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
    await sequencer.stop();
    await mongoose.disconnect();
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

async function fuzz(base: string, say: (line: string) => void): Promise<boolean> {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Schema;
  const operations = operationsOf(doc);
  const validators = validatorsOf(doc, operations);
  const tokens = await tokensFor();
  const known: string[] = [];
  say(`${operations.length} operations, ${Object.keys(tokens).length} tokens, seed ${SEED}`);

  const requestArb = fc.constantFrom(...operations).chain((op) => requestOf(doc, op, Object.keys(tokens)));
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const fail = (what: string, req: FuzzRequest, extra: string) => {
    if (failures.length < 200) failures.push(`${what}: ${describe(req)} → ${extra}`);
    say(`FAIL ${what}: ${describe(req).slice(0, 300)}`);
  };
  let sent = 0;
  let unsendable = 0;
  let refusedBatchesChecked = 0;
  const started = Date.now();
  await seed(base, tokens);
  let before = await quiescent();
  await learnIds(known);
  for (let batch = 0; sent < REQUESTS; batch++) {
    const requests = fc.sample(requestArb, { seed: SEED + batch, numRuns: Math.min(BATCH, REQUESTS - sent) });
    let wrote = false;
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let req = queue.shift(); req; req = queue.shift()) {
          const answer = await send(base, req, tokens, known).catch((err: Error) => err);
          if (answer instanceof Error) {
            // fetch refuses to send it (a header value with a control character): it never left.
            if (answer instanceof TypeError && /header|Headers|ByteString/i.test(answer.message)) {
              unsendable++;
              continue;
            }
            fail('no answer', req, answer.message);
            sent++;
            continue;
          }
          sent++;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status < 300 && req.op.method !== 'get') wrote = true;
          for (const problem of check(req, answer, validators)) fail(problem, req, answer.text.slice(0, 300));
          if (answer.status < 300 && answer.json && typeof answer.json === 'object') rememberIds(answer.json, known);
        }
      }),
    );
    if (wrote) {
      if (batch % 10 === 0)
        say(`${sent} requests, ${failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
      before = await quiescent();
      await learnIds(known);
      continue;
    }
    const after = await storeSnapshot();
    refusedBatchesChecked++;
    const changed = differences(before, after);
    if (changed.length > 0) {
      // Background work of an earlier accepted write may still be landing: look again once it is still.
      const settled = await quiescent();
      failures.push(
        `refused batch ${batch} changed the store: ${changed.join(', ')} (settled: ${differences(before, settled).join(', ')}); new audit events: ${await auditEventsAfter(before['audit seq'] ?? 0)}; requests: ${requests.map(describe).join(' | ')}`,
      );
      before = settled;
    } else before = after;
    if (batch % 50 === 0)
      say(`${sent} requests, ${failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `\nfuzz:api — ${operations.length} operations, seed ${SEED}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`requests sent      ${sent} in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s)`);
  console.log(`not sendable       ${unsendable} (refused by the client: invalid header bytes)`);
  console.log(`refused batches    ${refusedBatchesChecked} checked for writes (document counts, audit sequence)`);
  console.log(`ids learned        ${known.length}`);
  console.log(
    'per status         ' +
      [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', '),
  );
  console.log(`failures           ${failures.length}`);
  for (const f of failures.slice(0, 40)) console.log(`  - ${f.slice(0, 1500)}`);
  return failures.length > 0 || sent < REQUESTS;
}

function operationsOf(doc: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      const [type, media] = Object.entries(content ?? {})[0] ?? [];
      operations.push({
        method,
        path,
        id: op.operationId as string,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        ...(type && media ? { body: { type, schema: media.schema } } : {}),
        responses: op.responses as Operation['responses'],
        secured: !(Array.isArray(op.security) && op.security.length === 0),
      });
    }
  }
  return operations;
}

type Validate = ((value: unknown) => boolean) & { errors?: unknown };

/** Each operation's answers by status and media type, compiled once. */
function validatorsOf(doc: Schema, operations: Operation[]) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const components = (doc.components as { schemas: Record<string, Schema> }).schemas;
  ajv.addSchema({ $id: 'problem', ...components.Problem }, 'problem');
  const byOp = new Map<string, Map<string, Validate | undefined>>();
  for (const op of operations) {
    const forOp = new Map<string, Validate | undefined>();
    for (const [status, answer] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(answer.content ?? {})) {
        const schema = media.schema;
        let validate: Validate | undefined;
        if (schema && '$ref' in schema) validate = ajv.getSchema('problem') as Validate;
        else if (schema && type.includes('json')) validate = ajv.compile(schema) as Validate;
        forOp.set(`${status} ${type}`, validate);
      }
    }
    byOp.set(op.id, forOp);
  }
  return { byOp, ajv };
}

interface Answer {
  status: number;
  type: string;
  text: string;
  json?: unknown;
}

/** What is wrong with an answer, if anything. */
function check(req: FuzzRequest, answer: Answer, validators: ReturnType<typeof validatorsOf>): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`5xx (${answer.status})`);
  if (LEAK.test(answer.text)) problems.push('internal detail in the body');
  const forOp = validators.byOp.get(req.op.id)!;
  const declared = String(answer.status) in req.op.responses;
  if (!declared) problems.push(`status ${answer.status} not declared`);
  const status = declared ? String(answer.status) : 'default';
  const media = [...forOp.keys()].filter((k) => k.startsWith(`${status} `)).map((k) => k.slice(status.length + 1));
  const type = media.find((m) => answer.type.startsWith(m));
  if (!type) {
    if (answer.status !== 204 && answer.status !== 304)
      problems.push(`content type ${answer.type} not declared (${media.join(', ')})`);
    return problems;
  }
  const validate = forOp.get(`${status} ${type}`);
  if (validate && type.includes('json')) {
    if (answer.json === undefined) problems.push('body is not JSON');
    else if (!validate(answer.json)) {
      problems.push(
        `body does not match its schema: ${validators.ajv.errorsText(validate.errors as never).slice(0, 300)}`,
      );
    }
  }
  return problems;
}

async function tokensFor(): Promise<Record<string, string | undefined>> {
  const mint = (claims: Record<string, unknown>, settings = AUTH, expiresIn = '8h') =>
    mintToken(claims as never, settings, expiresIn);
  const roles = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([name, claims]) => [name, `Bearer ${await mint(claims)}`])),
  );
  const header = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = { sub: 'admin', roles: ['admin'], iss: AUTH.issuer, aud: AUTH.audience, exp: 4e9 };
  return {
    ...roles,
    none: undefined,
    garbage: 'Bearer not.a.token',
    basic: 'Basic YWRtaW46YWRtaW4=',
    empty: 'Bearer ',
    wrongSecret: `Bearer ${await mint(users.admin, { ...AUTH, secret: 'another-secret-0123456789abcdef0123456789' })}`,
    wrongAudience: `Bearer ${await mint(users.admin, { ...AUTH, audience: 'someone-else' })}`,
    wrongIssuer: `Bearer ${await mint(users.admin, { ...AUTH, issuer: 'someone-else' })}`,
    expired: `Bearer ${await mint(users.admin, AUTH, '-1h')}`,
    algNone: `Bearer ${header({ alg: 'none', typ: 'JWT' })}.${header(payload)}.`,
    mixedIdentity: `Bearer ${await mint({ sub: 'mixed', roles: ['partner', 'admin'], partnerId: 'org-a' })}`,
    rolesAsString: `Bearer ${await mint({ sub: 'typed', roles: 'admin' })}`,
    rolesWithOperator: `Bearer ${await mint({ sub: 'op', roles: [{ $gt: '' }], unit: { $ne: null } })}`,
    unknownRole: `Bearer ${await mint({ sub: 'nobody', roles: ['root'] })}`,
    subProto: `Bearer ${await mint({ sub: '__proto__', roles: ['requester'], unit: 'constructor' })}`,
    huge: `Bearer ${'a'.repeat(20_000)}.${'b'.repeat(20_000)}.c`,
  };
}

function requestOf(doc: Schema, op: Operation, tokenNames: string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const takesKey = op.parameters.some((p) => p.name === 'Idempotency-Key');
  const pathValue = (p: Parameter): fc.Arbitrary<PathValue> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.nat().map((known) => ({ known })) },
      {
        weight: 2,
        arbitrary: valueOf(doc, p.schema)
          .map(String)
          .filter((s) => !['', '.', '..'].includes(s) && wellFormed(s))
          .map((raw) => ({ raw, encode: true })),
      },
      // An empty or dot segment is another path (the client resolves it), not a value of this parameter;
      // a lone surrogate cannot be percent-encoded at all.
      {
        weight: 2,
        arbitrary: weirdString
          .filter((s) => !['', '.', '..'].includes(s) && wellFormed(s))
          .map((raw) => ({ raw, encode: true })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%', '%zz', '%2F', '%00', '~', '%E0%A4%A').map((raw) => ({ raw, encode: false })),
      },
    );
  const queryValue = (p: Parameter): fc.Arbitrary<[string, string][]> =>
    fc.oneof(
      { weight: 4, arbitrary: valueOf(doc, p.schema).map((v) => [[p.name, String(v)]] as [string, string][]) },
      {
        weight: 1,
        arbitrary: hostileValue.map(
          (v) => [[p.name, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]] as [string, string][],
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.string(), fc.string()).map(
          ([a, b]) =>
            [
              [p.name, a],
              [p.name, b],
            ] as [string, string][],
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('$gt', '[$ne]', '[__proto__]', '[$where]')
          .map(
            (suffix) => [[`${p.name}${suffix.startsWith('[') ? suffix : `[${suffix}]`}`, '1']] as [string, string][],
          ),
      },
    );
  const query = fc
    .tuple(
      ...queryParams.map((p) =>
        fc.option(p.name === 'cursor' ? cursorValue.map((c) => [[p.name, c]] as [string, string][]) : queryValue(p), {
          nil: [] as [string, string][],
          freq: 2,
        }),
      ),
      fc.option(
        fc.constantFrom<[string, string][]>(
          [['__proto__', '1']],
          [['constructor[prototype]', '1']],
          [['$where', '1']],
          [['unknown', 'x']],
          [['limit', '99999999999999999999']],
          [['limit', '-1']],
        ),
        { nil: [] as [string, string][], freq: 4 },
      ),
    )
    .map((parts) => parts.flat());
  const body: fc.Arbitrary<{ body?: string; contentType?: string }> = !op.body
    ? fc
        .option(fc.record({ body: hostileJsonText, contentType: fc.constantFrom('application/json', 'text/plain') }), {
          nil: {},
          freq: 6,
        })
        .map((b) => (op.method === 'get' ? {} : b))
    : op.body.type === 'text/csv'
      ? fc.record({
          body: fc.oneof(
            fc.constantFrom(
              '编码,名称,归属部门,类别,级别,个人信息,敏感个人信息,纳入保护目录,字段\nA-1,名,unit-a,customer,general,否,否,否,x',
              '\ufeffcode,name\n"unterminated',
              '',
            ),
            weirdString,
          ),
          contentType: fc.constantFrom(
            'text/csv',
            'text/csv; charset=utf-8',
            'application/json',
            'text/plain',
            'text/csv; charset=latin1',
          ),
        })
      : fc.record({
          body: fc.oneof(
            {
              weight: 6,
              arbitrary: fc.tuple(valueOf(doc, op.body.schema), mutation).map(([v, m]) => applyMutation(v, m)),
            },
            { weight: 2, arbitrary: hostileJsonText },
            { weight: 1, arbitrary: fc.constant('') },
          ),
          contentType: fc.oneof(
            { weight: 8, arbitrary: fc.constant('application/json') },
            {
              weight: 2,
              arbitrary: fc.constantFrom(
                'text/plain',
                'application/x-www-form-urlencoded',
                'application/json; charset=latin1',
                'multipart/form-data; boundary=x',
                'application/problem+json',
                'APPLICATION/JSON',
                'application/json; charset=utf-16',
                '',
              ),
            },
          ),
        });
  return fc
    .record({
      op: fc.constant(op),
      token: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...tokenNames.filter((t) => t in users)) },
        { weight: 1, arbitrary: fc.constantFrom(...tokenNames.filter((t) => !(t in users))) },
      ),
      path: fc.tuple(...pathParams.map(pathValue)),
      query,
      idempotencyKey: takesKey
        ? fc.option(
            fc.oneof(
              fc.stringMatching(/^[A-Za-z0-9_:.-]{8,200}$/),
              fc.constantFrom('fuzz-key-shared-0001', 'short', 'x'.repeat(201), 'key with spaces', 'ключ-ключ-ключ'),
              weirdString,
            ),
            { nil: undefined, freq: 2 },
          )
        : fc.constant(undefined),
      acceptLanguage: fc.constantFrom(undefined, 'zh-CN', 'en', 'zh-CN,zh;q=0.9,en;q=0.8', 'fr', '*', ';;;'),
      ...{ body },
    })
    .map(({ body: b, ...rest }) => ({ ...rest, ...b }) as FuzzRequest);
}

/** Cursors as clients get them (base64url of JSON) and as an attacker makes them. */
const cursorValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'abc', '====', '%%%', 'e30', 'bnVsbA', 'W10'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
  fc
    .constantFrom(
      { $gt: '' },
      { __proto__: 1 },
      { id: { $ne: null } },
      { b: Number.MAX_VALUE, id: 'x' },
      { b: -1, id: '' },
    )
    .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  weirdString,
);

async function send(
  base: string,
  req: FuzzRequest,
  tokens: Record<string, string | undefined>,
  known: string[],
): Promise<Answer> {
  let i = 0;
  const path = req.op.path.replace(/\{\w+\}/g, () => {
    const v = req.path[i++]!;
    if ('known' in v) return known.length ? encodeURIComponent(known[v.known % known.length]!) : 'none';
    return v.encode ? encodeURIComponent(v.raw) : v.raw;
  });
  const search = new URLSearchParams(req.query).toString();
  const headers: Record<string, string> = {};
  const token = tokens[req.token];
  if (token) headers.authorization = token;
  if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey;
  if (req.acceptLanguage) headers['accept-language'] = req.acceptLanguage;
  if (req.contentType) headers['content-type'] = req.contentType;
  // A value with a control character cannot be put on the wire by this client: it never reaches the server.
  for (const value of Object.values(headers)) {
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw new TypeError('invalid header value');
  }
  const res = await fetch(`${base}${path}${search ? `?${search}` : ''}`, {
    method: req.op.method.toUpperCase(),
    headers,
    ...(req.body !== undefined && req.op.method !== 'get' ? { body: req.body } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    ...(json !== undefined ? { json } : {}),
  };
}

/** A few records of each kind, made as their users would, so that requests reach records that exist. */
async function seed(base: string, tokens: Record<string, string | undefined>) {
  const post = async (path: string, token: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: tokens[token]!, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { id?: string };
  };
  const asset = await post('/api/assets', 'requesterA', anAsset());
  const partner = await post('/api/partners', 'requesterA', aNomination());
  if (asset.id && partner.id) await post('/api/agreements', 'requesterA', anAgreementRequest(partner.id, asset.id));
}

async function learnIds(known: string[]) {
  const db = mongoose.connection.db!;
  for (const name of ID_SOURCES) {
    for (const doc of await db
      .collection(name)
      .find({}, { projection: { _id: 1 } })
      .limit(20)
      .toArray()) {
      const id = String(doc._id);
      if (!known.includes(id)) known.push(id);
    }
  }
}

/** Ids in an accepted write's answer, so that later requests reach records that exist. */
function rememberIds(value: unknown, known: string[]) {
  const v = value as Record<string, unknown>;
  for (const key of ['id', '_id', 'partnerId', 'agreementId']) {
    if (typeof v[key] === 'string' && !known.includes(v[key] as string)) known.push(v[key] as string);
  }
}

type Snapshot = Record<string, number>;

/**
 * The API process's own lease (src/api/idempotency.ts): written once per process start, on its first
 * claimed Idempotency-Key, whatever the create then answers; it records no request. Found by the first
 * 10,000-request run (a refused batch made it 0→1), and left out of the comparison for that reason.
 */
const PROCESS_BOOKKEEPING = new Set(['idempotency_holders']);

/** Every collection's document count, and the audit trail's last sequence number. */
async function storeSnapshot(): Promise<Snapshot> {
  const db = mongoose.connection.db!;
  const snapshot: Snapshot = {};
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !PROCESS_BOOKKEEPING.has(name));
  const counts = await Promise.all(names.map((name) => db.collection(name).countDocuments({})));
  names.forEach((name, i) => (snapshot[name] = counts[i]!));
  const last = await db
    .collection('audit_events')
    .find({}, { projection: { seq: 1 } })
    .sort({ seq: -1 })
    .limit(1)
    .toArray();
  snapshot['audit seq'] = (last[0]?.seq as number | undefined) ?? 0;
  return snapshot;
}

/** The audit events after sequence number `seq`: what wrote them, to whom (a failure's evidence). */
async function auditEventsAfter(seq: number): Promise<string> {
  const events = await mongoose.connection
    .db!.collection('audit_events')
    .find({ seq: { $gt: seq } }, { projection: { seq: 1, action: 1, actor: 1, subject: 1, at: 1 } })
    .sort({ seq: 1 })
    .limit(20)
    .toArray();
  return events
    .map(
      (e) =>
        `#${e.seq} ${e.action} by ${e.actor?.sub} on ${e.subject?.type} ${e.subject?.id} at ${(e.at as Date)?.toISOString?.()}`,
    )
    .join(', ');
}

function differences(a: Snapshot, b: Snapshot): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => (a[k] ?? 0) !== (b[k] ?? 0))
    .map((k) => `${k} ${a[k] ?? 0}→${b[k] ?? 0}`);
}

/**
 * The store once it stops changing (two snapshots a beat apart agree) and no inspection an accepted "run now"
 * (202) started is still running (a run scans between its writes, then records its completion: seen landing
 * in a later refused batch), or as it is after the timeout.
 */
async function quiescent(): Promise<Snapshot> {
  const deadline = Date.now() + QUIESCENCE_TIMEOUT_MS;
  let last = await storeSnapshot();
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await storeSnapshot();
    const running = await mongoose.connection.db!.collection('inspections').countDocuments({ status: 'running' });
    if ((differences(last, now).length === 0 && running === 0) || Date.now() > deadline) return now;
    last = now;
  }
}

function describe(req: FuzzRequest): string {
  const body = req.body === undefined ? '' : ` body(${req.contentType ?? '-'}) ${req.body.slice(0, 160)}`;
  const path = JSON.stringify(req.path).slice(0, 120);
  return `${req.op.method.toUpperCase()} ${req.op.path} as ${req.token} path=${path} query=${JSON.stringify(req.query).slice(0, 160)}${req.idempotencyKey !== undefined ? ` key=${JSON.stringify(req.idempotencyKey.slice(0, 40))}` : ''}${body}`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** A string without a lone surrogate (which no URL can carry). */
function wellFormed(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}
