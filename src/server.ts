import type { Server } from 'node:http';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import mongoose from 'mongoose';
import { createApp, answerClientErrorsAsProblems, keepIdleConnectionsLonger } from './api/app';
import type { Route } from './api/route-table';
import { apiRoutes } from './api/routes';
import { createTokenVerifier } from './auth/jwt';
import { signInConfigRoute } from './auth/sign-in-config';
import { loadConfig, type Config } from './config';
import { PartnerModel, partnerEntity } from './entities/partner';
import { logger } from './logger';
import { AccessLedgerModel } from './models/access-ledger.model';
import { AgreementModel, AgreementRowModel, agreementEntity } from './entities/agreement';
import { CommitmentModel } from './models/commitment.model';
import { DecisionSnapshotModel } from './models/decision-snapshot.model';
import { CatalogRefilingTaskModel } from './models/catalog-refiling-task.model';
import { DeletionAttestationModel } from './models/deletion-attestation.model';
import { FilingOutboxModel } from './models/filing-outbox.model';
import { RegulatorFilingModel } from './models/regulator-filing.model';
import { UsageReportModel } from './models/usage-report.model';
import { AuditEventModel } from './models/audit-event.model';
import { BlacklistModel } from './models/blacklist.model';
import { backfillStore } from './store/backfill';
import { DataAssetModel } from './models/data-asset.model';
import { IdempotencyKeyModel } from './models/idempotency-key.model';
import { IncidentModel, IncidentRowModel } from './entities/incident';
import { FindingModel } from './entities/finding';
import { InspectionModel } from './entities/inspection';
import { NotificationModel } from './models/notification.model';
import { PortalInvitationModel, PortalUserModel } from './models/portal-user.model';
import { ProvisionReportModel } from './models/provision-report.model';
import { QuestionnaireModel, seedQuestionnaires } from './models/questionnaire.model';
import { calendarWarnings, loadParameters } from './parameters';
import { createAgreementService } from './services/agreements';
import { createInspectionService } from './services/inspections';
import { createInspectionRuleService } from './services/inspection-rules';
import { InspectionRuleSetModel } from './models/inspection-rule-set.model';
import { createAuditService } from './services/audit';
import { createBlacklistService } from './services/blacklist';
import { createIncidentService } from './services/incidents';
import { UNNAMED_ORGANISATION } from '../activities/connectors';
import { createCommitmentService } from './services/commitments';
import { createDataAssetService } from './services/data-assets';
import { createMyWorkService } from './services/my-work';
import { createPartnerService } from './services/partners';
import { createPermissionService } from './services/permissions';
import { createPortalUserService } from './services/portal-users';
import { createDirectoryService, loadDirectoryFile } from './services/directory';
import { OverviewSnapshotModel } from './models/overview-snapshot.model';
import { createOverviewService } from './services/overview';
import { DirectoryPersonModel } from './models/directory-person.model';
import { parsePayloadKeys } from './temporal/codec';
import { createQuestionnaireService } from './services/questionnaires';
import { createMonthlyReportService } from './services/monthly-reports';
import { MonthlyReportModel } from './models/monthly-report.model';
import { connectTemporal } from './temporal/client';
import { payloadCodecFrom, type PayloadConfig } from './temporal/data-converter';
import { codecRoutes } from './api/codec-server';

/** Where `npm run build:console` writes the console (the same place in a source checkout and in dist/). */
export const CONSOLE_DIR = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../console' : '../dist/console',
);

const ALL_MODELS = [
  PartnerModel,
  QuestionnaireModel,
  BlacklistModel,
  AuditEventModel,
  DataAssetModel,
  IdempotencyKeyModel,
  AgreementModel,
  AgreementRowModel,
  DecisionSnapshotModel,
  CommitmentModel,
  ProvisionReportModel,
  AccessLedgerModel,
  RegulatorFilingModel,
  FilingOutboxModel,
  UsageReportModel,
  DeletionAttestationModel,
  CatalogRefilingTaskModel,
  InspectionModel,
  FindingModel,
  InspectionRuleSetModel,
  IncidentModel,
  IncidentRowModel,
  NotificationModel,
  PortalInvitationModel,
  PortalUserModel,
  DirectoryPersonModel,
  MonthlyReportModel,
] as const;
import { startAuditSequencer } from './audit/audit-log';

/** Tokens come from the organisation's OpenID provider (verified with its keys), never from a dev secret. */
export const isOidcMode = (config: Pick<Config, 'AUTH_JWKS_URL'>): boolean => config.AUTH_JWKS_URL !== undefined;

/** Builds the API on an open Temporal client and the default mongoose connection. */
export type ApiConfig = Pick<
  Config,
  'TEMPORAL_TASK_QUEUE' | 'BODY_LIMIT' | 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'
> &
  PayloadConfig &
  Partial<
    Pick<
      Config,
      | 'AUTH_OIDC_ISSUER'
      | 'AUTH_OIDC_CLIENT_ID'
      | 'AUTH_OIDC_SCOPE'
      | 'DATAPACT_TEMPORAL_UI_ORIGIN'
      | 'DIRECTORY_FILE'
      | 'ORGANISATION_NAME'
      | 'RATE_LIMIT_PER_TOKEN'
      | 'RATE_LIMIT_PER_ADDRESS'
      | 'RATE_LIMIT_WINDOW_SECONDS'
    >
  >;

/** The API's use cases, each on its store and the Temporal client. */
export function createServices(
  temporal: Client,
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE'> & Partial<Pick<Config, 'ORGANISATION_NAME'>>,
) {
  return {
    partners: createPartnerService({
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      blacklist: BlacklistModel,
      auditEvents: AuditEventModel,
      parameters: loadParameters(),
    }),
    agreements: createAgreementService({
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      assets: DataAssetModel,
      partners: partnerEntity,
      agreements: agreementEntity,
      blacklist: BlacklistModel,
      auditEvents: AuditEventModel,
      commitments: CommitmentModel,
      snapshots: DecisionSnapshotModel,
      parameters: loadParameters,
    }),
    commitments: createCommitmentService({ commitments: CommitmentModel }),
    incidents: createIncidentService({
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      partners: partnerEntity,
      agreementRows: AgreementRowModel,
      assets: DataAssetModel,
      auditEvents: AuditEventModel,
      parameters: loadParameters,
      organisation: config.ORGANISATION_NAME ?? UNNAMED_ORGANISATION,
    }),
    blacklist: createBlacklistService({ temporal, blacklist: BlacklistModel, partners: partnerEntity }),
    questionnaires: createQuestionnaireService({ questionnaires: QuestionnaireModel }),
    assets: createDataAssetService({ assets: DataAssetModel }),
    audit: createAuditService({ events: AuditEventModel }),
    overview: createOverviewService({
      partners: PartnerModel,
      agreementRows: AgreementRowModel,
      incidentRows: IncidentRowModel,
      findings: FindingModel,
      snapshots: OverviewSnapshotModel,
    }),
    inspections: createInspectionService({
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      auditEvents: AuditEventModel,
    }),
    reports: createMonthlyReportService({ reports: MonthlyReportModel }),
    inspectionRules: createInspectionRuleService({ parameters: loadParameters }),
    work: createMyWorkService({ partners: partnerEntity, notifications: NotificationModel }),
    permissions: createPermissionService({
      Partner: (id) => PartnerModel.findById(id).lean<Record<string, unknown>>(),
      DataAsset: (id) => DataAssetModel.findById(id).lean<Record<string, unknown>>(),
    }),
    readiness: async () => {
      await temporal.connection.workflowService.getSystemInfo({});
      if (!mongoose.connection.db) throw new Error('the store is not connected');
      await mongoose.connection.db.admin().ping();
    },
  };
}

/**
 * The API app: the route table of the use cases, the sign-in configuration, and any routes of the
 * deployment (the dev stack's demo tokens and codec). Those are mounted in dev mode only: with an OpenID
 * provider's keys configured (AUTH_JWKS_URL), tokens signed with the dev secret would all fail, so the dev
 * routes do not exist (404) and the console is told to sign in at the provider.
 */
export function buildApi(temporal: Client, config: ApiConfig, given: Route[] = []) {
  const devRoutes = isOidcMode(config) ? [] : given;
  const signIn = signInConfigRoute({
    devMode: devRoutes.length > 0,
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
  const services = {
    ...createServices(temporal, config),
    portalUsers: createPortalUserService({
      keyring: parsePayloadKeys(config.DATAPACT_PAYLOAD_KEYS, config.DATAPACT_PAYLOAD_KEY_ID),
    }),
    directory: createDirectoryService({ file: loadDirectoryFile(config.DIRECTORY_FILE) }),
  };
  const verify = createTokenVerifier(
    {
      secret: config.AUTH_JWT_SECRET,
      jwksUrl: config.AUTH_JWKS_URL,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    },
    // A token naming no roles is a portal user's when it accepted an invitation (src/services/portal-users.ts).
    services.portalUsers.resolveIdentity,
  );
  return createApp({
    // The directory learns each person's name from the provider's claims as they sign in.
    verifyToken: async (token) => {
      const claims = await verify(token);
      services.directory.noticed(claims);
      return claims;
    },
    routes: [
      signIn,
      ...devRoutes,
      ...apiRoutes(services),
      ...codecRoutes(
        {
          codec: payloadCodecFrom(config),
          namespace: temporal.options.namespace,
          ...(config.DATAPACT_TEMPORAL_UI_ORIGIN ? { allowedOrigin: config.DATAPACT_TEMPORAL_UI_ORIGIN } : {}),
        },
        { base: '/codec' },
      ),
    ],
    connectSources: config.AUTH_OIDC_ISSUER ? [new URL(config.AUTH_OIDC_ISSUER).origin] : [],
    consoleDir: CONSOLE_DIR,
    bodyLimit: config.BODY_LIMIT,
    // Not limited unless configured: src/config.ts gives production its defaults; tests set their own.
    ...(config.RATE_LIMIT_PER_TOKEN && config.RATE_LIMIT_PER_ADDRESS
      ? {
          rateLimits: {
            perToken: config.RATE_LIMIT_PER_TOKEN,
            perAddress: config.RATE_LIMIT_PER_ADDRESS,
            windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS ?? 60,
          },
        }
      : {}),
  });
}

/** Builds every index, brings older documents up to date once, and seeds the published questionnaires; running it again changes nothing. */
export async function prepareStore(): Promise<void> {
  await Promise.all(ALL_MODELS.map((model) => model.createIndexes()));
  await backfillStore();
  await seedQuestionnaires();
}

export async function startServer(config: Config): Promise<{ server: Server; temporal: Client }> {
  await mongoose.connect(config.MONGODB_URI);
  await prepareStore();
  startAuditSequencer();
  const temporal = await connectTemporal(config);
  const app = buildApi(temporal, config);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    keepIdleConnectionsLonger(s);
    answerClientErrorsAsProblems(s);
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
