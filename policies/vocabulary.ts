/** The words DataPact's states and decisions are spelled with, once; zod enums are built from these. */

export const PARTNER_STATUSES = [
  'nominated',
  'vetting',
  'approved',
  'rejected',
  'expired',
  'revetting',
  'lapsed',
  'suspended',
  'blacklisted',
] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** Where a vetting (or re-vetting) round stands while the partner is `vetting` or `revetting`. */
export const VETTING_STAGES = ['checks', 'questionnaire', 'review', 'dso_review', 'more_information'] as const;
export type VettingStage = (typeof VETTING_STAGES)[number];

/** The stages in which a person of the company decides. */
export const REVIEW_STAGES = ['review', 'dso_review'] as const satisfies readonly VettingStage[];
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const REVIEW_OUTCOMES = ['approve', 'reject'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The automated checks a nominated partner goes through, each an activity of its own. */
export const PARTNER_CHECKS = [
  'credit_code',
  'internal_blacklist',
  'external_lists',
  'certifications',
  'data_locations',
] as const;
export type PartnerCheckKind = (typeof PARTNER_CHECKS)[number];
/** `fail` refuses the partner at once; `warn` goes to the risk score and the reviewer. */
export const CHECK_OUTCOMES = ['pass', 'warn', 'fail'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** Why agreements of a partner are told to suspend. */
export const PARTNER_WITHDRAWAL_CAUSES = ['lapsed', 'rejected_on_revetting', 'blacklisted'] as const;
export type PartnerWithdrawalCause = (typeof PARTNER_WITHDRAWAL_CAUSES)[number];

export const DATA_GRADES = ['general', 'important', 'core'] as const;
export type DataGrade = (typeof DATA_GRADES)[number];

export const ROLES = [
  'requester',
  'unit_head',
  'security_reviewer',
  'dso',
  'legal',
  'auditor',
  'admin',
  'partner',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/** What a caller may do to a subject; `manage` and `all` are CASL's wildcards. */
export const ACTIONS = [
  'read',
  'create',
  'update',
  'retire',
  'nominate',
  'approve',
  'reject',
  'blacklist',
  'answer',
  'verify',
  'export',
  'import',
] as const;
export type Action = (typeof ACTIONS)[number];

export const SUBJECTS = [
  'DataAsset',
  'Partner',
  'Agreement',
  'ProvisionReport',
  'Inspection',
  'Finding',
  'Incident',
  'AuditEvent',
  'Notification',
] as const;
export type SubjectName = (typeof SUBJECTS)[number];

export const AGREEMENT_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'approved',
  'active',
  'suspended',
  'revoking',
  'revoked',
  'expired',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
/** Agreements that are over: nothing flows and nothing more will. */
export const CLOSED_AGREEMENT_STATUSES = [
  'revoked',
  'expired',
  'closed',
  'rejected',
  'withdrawn',
] as const satisfies readonly AgreementStatus[];

export const SHARING_SCENARIOS = [
  'general',
  'iot',
  'connected_vehicle',
  'satellite_internet',
  'ai',
  'cross_border',
] as const;
export type SharingScenario = (typeof SHARING_SCENARIOS)[number];

export const REQUIRED_CONTROLS = ['masking', 'encryption', 'access_control', 'watermark'] as const;
export const TRANSFER_METHODS = ['api', 'file', 'database_link', 'on_premise'] as const;
export const LEGAL_BASES = ['consent', 'contract', 'legal_obligation', 'public_interest', 'other'] as const;
export const PROVISION_REPORT_KINDS = ['provision', 'usage', 'deletion_attestation', 'regulator_filing'] as const;
export const INSPECTION_STATUSES = ['running', 'completed', 'failed'] as const;
export const FINDING_STATUSES = ['open', 'rectifying', 'verified', 'escalated'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const INCIDENT_STATUSES = ['open', 'contained', 'investigated', 'closed'] as const;
export const RISK_TIERS = ['low', 'medium', 'high'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export const CERTIFICATION_KINDS = ['iso27001', 'mlps', 'dsmm'] as const;
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'read'] as const;
export const ASSET_STATUSES = ['active', 'retired'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** What the access connector records for an agreement: access given, access taken away. */
export const ACCESS_ACTIONS = ['grant', 'revoke'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
/** A regulator filing is submitted, then the regulator's confirmation is recorded. */
export const FILING_STATUSES = ['submitted', 'confirmed'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];
/** How a partner destroyed the data it received (R9, PIPL Art 21). */
export const DELETION_METHODS = [
  'overwrite',
  'crypto_erase',
  'physical_destruction',
  'logical_delete',
  'returned',
  'other',
] as const;
export type DeletionMethod = (typeof DELETION_METHODS)[number];
/** The change of a catalogued asset's "对外共享" that opens a re-filing task (R3). */
export const CATALOG_CHANGES = ['sharing_started', 'sharing_ended'] as const;
export type CatalogChange = (typeof CATALOG_CHANGES)[number];
export const CATALOG_REFILING_STATUSES = ['open', 'filed'] as const;
