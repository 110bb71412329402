/** The route table of the whole API, resource by resource (each resource's file lists its routes). */
import type { AgreementService } from '../services/agreements';
import type { AuditService } from '../services/audit';
import type { BlacklistService } from '../services/blacklist';
import type { IncidentService } from '../services/incidents';
import type { CommitmentService } from '../services/commitments';
import type { DataAssetService } from '../services/data-assets';
import type { InspectionRuleService } from '../services/inspection-rules';
import type { InspectionService } from '../services/inspections';
import type { MyWorkService } from '../services/my-work';
import type { PartnerService } from '../services/partners';
import type { PermissionService } from '../services/permissions';
import type { PortalUserService } from '../services/portal-users';
import type { DirectoryService } from '../services/directory';
import type { OverviewService } from '../services/overview';
import type { MonthlyReportService } from '../services/monthly-reports';
import type { QuestionnaireService } from '../services/questionnaires';
import { agreementRoutes } from './agreements.routes';
import { auditRoutes } from './audit.routes';
import { blacklistRoutes } from './blacklist.routes';
import { incidentRoutes } from './incidents.routes';
import { commitmentRoutes } from './commitments.routes';
import { assetRoutes } from './data-assets.routes';
import { inspectionRuleRoutes } from './inspection-rules.routes';
import { inspectionRoutes } from './inspections.routes';
import { meRoutes } from './me.routes';
import { partnerRoutes } from './partners.routes';
import { portalUserRoutes } from './portal-users.routes';
import { reportRoutes } from './reports.routes';
import { directoryRoutes } from './directory.routes';
import { overviewRoutes } from './overview.routes';
import type { Route } from './route-table';
import { systemRoutes } from './system.routes';

export interface Services {
  partners: PartnerService;
  agreements: AgreementService;
  commitments: CommitmentService;
  incidents: IncidentService;
  blacklist: BlacklistService;
  questionnaires: QuestionnaireService;
  assets: DataAssetService;
  audit: AuditService;
  inspections: InspectionService;
  reports: MonthlyReportService;
  inspectionRules: InspectionRuleService;
  permissions: PermissionService;
  work: MyWorkService;
  portalUsers: PortalUserService;
  directory: DirectoryService;
  overview: OverviewService;
  /** Resolves when Temporal and the store both answer; rejects with the reason otherwise. */
  readiness: () => Promise<void>;
}

export function apiRoutes(services: Services): Route[] {
  return [
    ...systemRoutes(services.readiness),
    ...meRoutes(services.permissions, services.work),
    ...partnerRoutes(services.partners, services.questionnaires),
    ...portalUserRoutes(services.portalUsers),
    ...directoryRoutes(services.directory),
    ...agreementRoutes(services.agreements),
    ...commitmentRoutes(services.commitments),
    ...incidentRoutes(services.incidents),
    ...blacklistRoutes(services.blacklist),
    ...assetRoutes(services.assets),
    ...auditRoutes(services.audit, services.directory),
    ...inspectionRuleRoutes(services.inspectionRules),
    ...inspectionRoutes(services.inspections),
    ...overviewRoutes(services.overview),
    ...reportRoutes(services.reports),
  ];
}
