/**
 * `npm start`: the embedded DataPact stack on one machine. Installs the pinned servers if missing,
 * starts the Temporal dev server (with its UI) and FerretDB with their data under .data/, then the
 * worker and the API, seeds demo data, prints the addresses, and on Ctrl-C stops everything it
 * started. Dev mode only: production runs `src/server.ts` and `src/worker.ts` (docker-compose.yml).
 *
 * A supervisor stops it by signalling the npm process: npm forwards SIGTERM/SIGINT to its script's
 * shell, and a shell left in between dies of it without passing it on (this process and every server
 * would keep running). So package.json starts it with `exec tsx …`: the shell becomes tsx, which relays
 * the signal here, and npm waits until everything below has stopped.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import mongoose from 'mongoose';
import { loadConfig } from '../config';
import { calendarWarnings, loadParameters } from '../parameters';
import { buildApi, isOidcMode, prepareStore } from '../server';
import { answerClientErrorsAsProblems, keepIdleConnectionsLonger } from '../api/app';
import { connectorsFrom, externalListsFrom } from '../../activities';
import { ensureSchedules } from '../schedules';
import { createWorker } from '../worker';
import { dataConverterFrom, payloadCodecFrom } from '../temporal/data-converter';
import { temporalConnectionOptions } from '../temporal/client';
import { devCodecRoutes, devPayloadKeys } from './codec';
import { seedDemoData } from './demo-data';
import { ensureConsoleBuilt } from './console-build';
import { demoUsers, devAuthSecret, devTokenRoute } from './demo-users';
import { activePortalIdentities, devIdentityRoute } from './identity';
import { startStack, type Stack } from './stack';
import { startAuditSequencer } from '../audit/audit-log';

const say = (line: string) => process.stderr.write(`[datapact] ${line}\n`);

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number, not "${value}"`);
  return port;
}

async function main() {
  const dataDir = path.resolve(process.env.DATAPACT_DATA_DIR ?? '.data');
  const cleanups: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => say(`  ${err.message}`));
    say('stopped; nothing left running');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    ensureConsoleBuilt(say);
    const apiPort = portFromEnv('PORT', 3000);
    const stack: Stack = await startStack({
      dataDir,
      ui: true,
      temporalPort: portFromEnv('DATAPACT_TEMPORAL_PORT', 7233),
      uiPort: portFromEnv('DATAPACT_TEMPORAL_UI_PORT', 8233),
      // The UI reads sealed histories through the API's dev codec route (src/dev/codec.ts).
      uiCodecEndpoint: `http://127.0.0.1:${apiPort}/api/dev/codec`,
      mongoPort: portFromEnv('DATAPACT_MONGO_PORT', 27027),
      say,
    });
    cleanups.push(() => stack.stop());

    const config = loadConfig({
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      MONGODB_URI: stack.mongoUri,
      PORT: String(apiPort),
      // With an OpenID provider's keys (AUTH_JWKS_URL) there is no dev secret and there are no demo tokens.
      AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? (process.env.AUTH_JWKS_URL ? undefined : devAuthSecret(dataDir)),
      DATAPACT_PAYLOAD_KEYS: process.env.DATAPACT_PAYLOAD_KEYS ?? devPayloadKeys(dataDir),
      DATAPACT_TEMPORAL_UI_ORIGIN: process.env.DATAPACT_TEMPORAL_UI_ORIGIN ?? stack.temporalUiUrl,
      // Outside lists: the demo file unless the environment names a real export.
      EXTERNAL_LIST_FILE: process.env.EXTERNAL_LIST_FILE ?? path.join(__dirname, 'external-list.demo.json'),
      // Display names of the demo units and users unless the environment names the organisation's directory.
      DIRECTORY_FILE: process.env.DIRECTORY_FILE ?? path.join(__dirname, 'directory.demo.json'),
    });
    loadParameters();
    for (const warning of calendarWarnings(new Date())) say(`warning: ${warning}`);
    await mongoose.connect(config.MONGODB_URI);
    cleanups.push(() => mongoose.disconnect());
    await prepareStore();
    const auditSequencer = startAuditSequencer();
    cleanups.push(() => auditSequencer.stop());

    const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(config));
    cleanups.push(() => nativeConnection.close());
    say('bundling the workflows for the worker…');
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      payloads: config,
      externalLists: externalListsFrom(config),
      ...connectorsFrom(config),
      parameters: loadParameters(),
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const connection = await Connection.connect(temporalConnectionOptions(config));
    cleanups.push(() => connection.close());
    const temporal = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: dataConverterFrom(config),
    });
    await ensureSchedules(temporal, config.TEMPORAL_TASK_QUEUE, config);
    let seeded: string[] = [];
    // With an OpenID provider (AUTH_JWKS_URL) the dev routes do not exist: no demo tokens, no open codec.
    const oidc = isOidcMode(config);
    const devRoutes = oidc
      ? []
      : [
          devTokenRoute(
            () => demoUsers(seeded),
            { secret: config.AUTH_JWT_SECRET!, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE },
            // Contacts who accepted an invitation sign in again from the same list.
            activePortalIdentities,
          ),
          devIdentityRoute({
            secret: config.AUTH_JWT_SECRET!,
            issuer: config.AUTH_ISSUER,
            audience: config.AUTH_AUDIENCE,
          }),
          ...devCodecRoutes({
            codec: payloadCodecFrom(config),
            namespace: config.TEMPORAL_NAMESPACE,
            ...(config.DATAPACT_TEMPORAL_UI_ORIGIN ? { uiOrigin: config.DATAPACT_TEMPORAL_UI_ORIGIN } : {}),
          }),
        ];
    const app = buildApi(temporal, config, devRoutes);
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s)).on('error', reject);
      keepIdleConnectionsLonger(s);
      answerClientErrorsAsProblems(s);
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));

    seeded = await seedDemoData({ temporal, taskQueue: config.TEMPORAL_TASK_QUEUE });
    const base = `http://${config.HOST}:${config.PORT}`;
    console.log(
      [
        '',
        'DataPact is running (Ctrl-C stops it and every server it started).',
        ...(oidc
          ? [
              `  Console      ${base}/   (sign in at the OpenID provider ${config.AUTH_OIDC_ISSUER ?? '(AUTH_OIDC_ISSUER unset: paste a token)'})`,
              `  API          ${base}/api   (bearer tokens of the provider, checked against ${config.AUTH_JWKS_URL})`,
            ]
          : [
              `  Console      ${base}/   (sign in as any demo user)`,
              `  API          ${base}/api`,
              `  Demo tokens  curl -s ${base}/api/dev/tokens   (one user per role; dev mode only)`,
              `               TOKEN=$(curl -s ${base}/api/dev/tokens | node -pe 'JSON.parse(require("fs").readFileSync(0)).users.find(u => u.sub === "chen.jie").token')`,
              `               curl -H "Authorization: Bearer $TOKEN" ${base}/api/partners/${seeded[0] ?? '<id>'}`,
            ]),
        `  API docs     ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
        `  Temporal UI  ${stack.temporalUiUrl ?? '(external server)'}   (histories are sealed; the UI reads them through ${base}/api/dev/codec)`,
        `               temporal workflow show --address ${stack.temporalAddress} --codec-endpoint ${base}/codec --codec-auth "Bearer $TOKEN" -w <id>   (an auditor's, DSO's or admin's token)`,
        `  Temporal     ${stack.temporalAddress}   (temporal workflow list --address ${stack.temporalAddress})`,
        `  Store        ${stack.mongoUri}`,
        `  Data         ${dataDir}`,
        `  Demo         ${seeded.length} demo partners: ${seeded.join(', ')}`,
        '',
      ].join('\n'),
    );
  } catch (err) {
    say(`could not start: ${(err as Error).message}`);
    await stop(1);
  }
}

void main();
