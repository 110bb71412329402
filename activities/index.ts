import mongoose from 'mongoose';
import { DEFAULT_PARAMETERS, type Parameters } from '../policies/parameters';
import { AccessLedgerModel } from '../src/models/access-ledger.model';
import { AgreementModel, AgreementRowModel, agreementEntity } from '../src/entities/agreement';
import { IncidentRowModel } from '../src/entities/incident';
import { AuditEventModel } from '../src/models/audit-event.model';
import { PartnerModel, partnerEntity } from '../src/entities/partner';
import { FindingModel, findingEntity } from '../src/entities/finding';
import { inspectionEntity } from '../src/entities/inspection';
import { DataAssetModel } from '../src/models/data-asset.model';
import { DecisionSnapshotModel } from '../src/models/decision-snapshot.model';
import { BlacklistModel } from '../src/models/blacklist.model';
import { CatalogRefilingTaskModel } from '../src/models/catalog-refiling-task.model';
import { DeletionAttestationModel } from '../src/models/deletion-attestation.model';
import { FilingOutboxModel } from '../src/models/filing-outbox.model';
import { IdempotencyHolderModel, IdempotencyKeyModel } from '../src/models/idempotency-key.model';
import { MonthlyReportModel } from '../src/models/monthly-report.model';
import { NotificationModel } from '../src/models/notification.model';
import { OverviewSnapshotModel } from '../src/models/overview-snapshot.model';
import { ProvisionReportModel } from '../src/models/provision-report.model';
import { QuestionnaireModel } from '../src/models/questionnaire.model';
import { RegulatorFilingModel } from '../src/models/regulator-filing.model';
import { UsageReportModel } from '../src/models/usage-report.model';
import { createAccessActivities } from './access';
import { createAgreementContextActivities } from './agreement-context';
import { createAgreementSignalActivities } from './agreements';
import { createBlacklistActivities } from './blacklist';
import { createCatalogRefilingActivities } from './catalog-refiling';
import { UNNAMED_ORGANISATION } from './connectors';
import type { AccessConnector } from './connectors/access';
import { ledgerAccessConnector } from './connectors/access-ledger';
import { outboxFilingConnector, type RegulatorFilingConnector } from './connectors/regulator-filing';
import { createEntityStoreActivities } from './entity-store';
import { createFindingActivities } from './findings';
import { createInspectionScanActivities } from './inspection-scan';
import { createOversightSignalActivities } from './oversight-signals';
import { createExternalListActivities, localExternalList, type ExternalListConnector } from './external-lists';
import { createHousekeepingActivities } from './housekeeping';
import { createIncidentActivities } from './incidents';
import { createMonthlyReportActivities } from './monthly-report';
import { createNotifyActivities } from './notify';
import { createOverviewSnapshotActivities } from './overview-snapshot';
import { createPartnerCheckActivities } from './partner-checks';
import { createPartnerReportActivities } from './partner-reports';
import { createProvisionRecordActivities } from './provision-records';
import { createQuestionnaireActivities } from './questionnaires';
import { createRegulatorFilingActivities } from './regulator-filing';
import { createRetentionPurgeActivities } from './retention-purge';

export { connectorsFrom } from './connectors';

export interface ActivityOptions {
  /** The outside lists a partner is checked against; none when not given. */
  externalLists?: readonly ExternalListConnector[];
  /** How access is granted and revoked; the ledger when not given. */
  access?: AccessConnector;
  /** How regulator filings are submitted; the outbox when not given. */
  filing?: RegulatorFilingConnector;
  /** The company that files (报送单位). */
  organisation?: string;
  /** The rule parameters in force; the rules' values when not given. */
  parameters?: Parameters;
}

/** The connectors a deployment configures: the local file `EXTERNAL_LIST_FILE` names, if any. */
export function externalListsFrom(config: { EXTERNAL_LIST_FILE?: string | undefined }): ExternalListConnector[] {
  return config.EXTERNAL_LIST_FILE ? [localExternalList(config.EXTERNAL_LIST_FILE)] : [];
}

/**
 * Every activity the worker registers, built on the default mongoose connection's models. Each group
 * is typed on its own (`XActivities`), and workflows proxy each group with its own timeouts.
 */
export function createActivities(options: ActivityOptions = {}) {
  const parameters = options.parameters ?? DEFAULT_PARAMETERS;
  return {
    ...createEntityStoreActivities(),
    ...createPartnerCheckActivities(),
    ...createBlacklistActivities({ blacklist: BlacklistModel }),
    ...createExternalListActivities({ externalLists: options.externalLists ?? [] }),
    ...createQuestionnaireActivities({ questionnaires: QuestionnaireModel }),
    ...createNotifyActivities({ notifications: NotificationModel }),
    ...createAgreementSignalActivities({ agreements: AgreementModel }),
    ...createHousekeepingActivities({
      idempotencyKeys: IdempotencyKeyModel,
      idempotencyHolders: IdempotencyHolderModel,
      partners: partnerEntity.model,
    }),
    ...createRetentionPurgeActivities({ parameters, collection: (name) => mongoose.connection.collection(name) }),
    ...createIncidentActivities({
      blacklist: BlacklistModel,
      incidentRows: IncidentRowModel,
      auditEvents: AuditEventModel,
      parameters,
    }),
    ...createAccessActivities({ access: options.access ?? ledgerAccessConnector({ ledger: AccessLedgerModel }) }),
    ...createRegulatorFilingActivities({
      connector: options.filing ?? outboxFilingConnector({ outbox: FilingOutboxModel }),
      filings: RegulatorFilingModel,
      organisation: options.organisation ?? UNNAMED_ORGANISATION,
      parameters,
    }),
    ...createProvisionRecordActivities({ provisionReports: ProvisionReportModel, parameters }),
    ...createPartnerReportActivities({
      usageReports: UsageReportModel,
      attestations: DeletionAttestationModel,
      parameters,
    }),
    ...createCatalogRefilingActivities({ tasks: CatalogRefilingTaskModel, parameters }),
    ...createAgreementContextActivities({
      assets: DataAssetModel,
      partners: partnerEntity,
      agreements: agreementEntity,
      blacklist: BlacklistModel,
      snapshots: DecisionSnapshotModel,
      parameters: () => parameters,
    }),
    ...createInspectionScanActivities({
      inspections: inspectionEntity,
      findings: findingEntity,
      parameters: () => parameters,
    }),
    ...createFindingActivities({ findings: findingEntity, parameters: () => parameters }),
    ...createOversightSignalActivities(),
    ...createMonthlyReportActivities({ reports: MonthlyReportModel }),
    ...createOverviewSnapshotActivities({
      partners: PartnerModel,
      agreementRows: AgreementRowModel,
      incidentRows: IncidentRowModel,
      findings: FindingModel,
      snapshots: OverviewSnapshotModel,
    }),
  };
}

export type DataPactActivities = ReturnType<typeof createActivities>;
