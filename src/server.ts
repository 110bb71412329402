import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { signInConfigRoutes } from './auth/sign-in-config';
import mongoose from 'mongoose';
import { createTokenVerifier } from './auth/jwt';
import { createApp } from './api/app';
import { loadConfig, type Config } from './config';
import { logger } from './logger';
import { PartnerModel } from './models/partner.model';
import { BlacklistModel } from './models/blacklist.model';
import { createPartnerService } from './services/partners';
import { createQuestionnaireService } from './services/questionnaires';
import { QuestionnaireModel, seedQuestionnaires } from './models/questionnaire.model';
import { createAuditService } from './services/audit';
import { createMyWorkService } from './services/my-work';
import path from 'node:path';

/** Where `npm run build:console` writes the console (the same place in a source checkout and in dist/). */
export const CONSOLE_DIR = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../console' : '../dist/console',
);
import { createDataAssetService } from './services/data-assets';
import { DataAssetModel } from './models/data-asset.model';
import { IdempotencyKeyModel } from './models/idempotency-key.model';
import { AgreementModel } from './models/agreement.model';
import { IncidentModel } from './models/incident.model';
import { FindingModel, InspectionModel } from './models/inspection.model';
import { NotificationModel } from './models/notification.model';
import { ProvisionReportModel } from './models/provision-report.model';

const ALL_MODELS = [
  PartnerModel,
  QuestionnaireModel,
  BlacklistModel,
  AuditEventModel,
  DataAssetModel,
  IdempotencyKeyModel,
  AgreementModel,
  ProvisionReportModel,
  InspectionModel,
  FindingModel,
  IncidentModel,
  NotificationModel,
] as const;
import { createPermissionService } from './services/permissions';
import { AuditEventModel } from './models/audit-event.model';
import { connectTemporal } from './temporal/client';
import { calendarWarnings, loadParameters } from './parameters';

/** Tokens come from the organisation's OpenID provider (verified with its keys), never from a dev secret. */
export const isOidcMode = (config: Pick<Config, 'AUTH_JWKS_URL'>): boolean => config.AUTH_JWKS_URL !== undefined;

/** Builds the API on an open Temporal client and the default mongoose connection. */
export type ApiConfig = Pick<
  Config,
  'TEMPORAL_TASK_QUEUE' | 'BODY_LIMIT' | 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'
> &
  Partial<Pick<Config, 'AUTH_OIDC_ISSUER' | 'AUTH_OIDC_CLIENT_ID' | 'AUTH_OIDC_SCOPE'>>;

/**
 * Builds the API. `devRoutes` (the dev stack's demo tokens) are mounted in dev mode only: with an OpenID
 * provider's keys configured (AUTH_JWKS_URL), tokens signed with the dev secret would all fail, so the
 * dev routes do not exist (404) and the console is told to sign in at the provider.
 */
export function buildApi(temporal: Client, config: ApiConfig, devRoutes?: Router) {
  const devMode = devRoutes !== undefined && !isOidcMode(config);
  const signIn = signInConfigRoutes({
    devMode,
    ...(config.AUTH_OIDC_ISSUER && config.AUTH_OIDC_CLIENT_ID
      ? {
          oidc: {
            issuer: config.AUTH_OIDC_ISSUER,
            clientId: config.AUTH_OIDC_CLIENT_ID,
            scope: config.AUTH_OIDC_SCOPE ?? 'openid profile',
          },
        }
      : {}),
  });
  const extraRoutes = Router();
  extraRoutes.use(signIn);
  if (devMode && devRoutes) extraRoutes.use(devRoutes);
  return createApp({
    verifyToken: createTokenVerifier({
      secret: config.AUTH_JWT_SECRET,
      jwksUrl: config.AUTH_JWKS_URL,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    }),
    extraRoutes,
    connectSources: config.AUTH_OIDC_ISSUER ? [new URL(config.AUTH_OIDC_ISSUER).origin] : [],
    partners: createPartnerService({
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      partners: PartnerModel,
      blacklist: BlacklistModel,
      parameters: loadParameters(),
    }),
    questionnaires: createQuestionnaireService(),
    assets: createDataAssetService(),
    audit: createAuditService(),
    work: createMyWorkService(),
    consoleDir: CONSOLE_DIR,
    permissions: createPermissionService({
      Partner: (id) => PartnerModel.findById(id).lean<Record<string, unknown>>(),
      DataAsset: (id) => DataAssetModel.findById(id).lean<Record<string, unknown>>(),
    }),
    readiness: async () => {
      await temporal.connection.workflowService.getSystemInfo({});
      if (!mongoose.connection.db) throw new Error('the store is not connected');
      await mongoose.connection.db.admin().ping();
    },
    bodyLimit: config.BODY_LIMIT,
  });
}

/** Indexes the API's queries and the activities' idempotency rely on (created if missing; none dropped). */
/** Builds every index and seeds the published questionnaires; running it again changes nothing. */
export async function prepareStore(): Promise<void> {
  await Promise.all(ALL_MODELS.map((model) => model.createIndexes()));
  await seedQuestionnaires();
}

export async function startServer(config: Config): Promise<{ server: Server; temporal: Client }> {
  await mongoose.connect(config.MONGODB_URI);
  await prepareStore();
  const temporal = await connectTemporal(config);
  const app = buildApi(temporal, config);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  return { server, temporal };
}

if (require.main === module) {
  const config = loadConfig();
  loadParameters();
  for (const warning of calendarWarnings(new Date())) logger.warn(warning);
  startServer(config).then(
    ({ server }) => logger.info({ address: server.address() }, 'API listening'),
    (err) => {
      logger.fatal({ err }, 'API failed to start');
      process.exit(1);
    },
  );
}
