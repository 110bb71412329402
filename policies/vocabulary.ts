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
  /** A requester takes back a request that is not yet approved. */
  'withdraw',
  /** A requester widens a running agreement (more fields or assets, a later end, more volume). */
  'amend',
  /** Ends a running agreement: early by its unit, or at once by the DSO (emergency revoke). */
  'revoke',
  /** The DSO lets a partner go on without a missing deletion attestation. */
  'waive',
  /** The DSO closes an incident (resume or revoke), and explains a report it missed. */
  'close',
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
  /** A partner organisation's user of the portal; `create` is inviting one. */
  'PortalUser',
  /** An entry of the internal blacklist (不良名单), by credit code. */
  'BlacklistEntry',
  /** The monthly report (S10): the DSO's to the regulator and the board; read by oversight, not by every reviewer. */
  'MonthlyReport',
] as const;
export type SubjectName = (typeof SUBJECTS)[number];

export const AGREEMENT_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  /** Sent back to the requester by a reviewer; edited and submitted again, routed anew. */
  'returned',
  /** Core data (R12): approved inside, waiting for the regulator's decision to be recorded. */
  'awaiting_regulator',
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
/** The requester may change the request (and submit it) only while it is theirs to write. */
export const EDITABLE_AGREEMENT_STATUSES = ['draft', 'returned'] as const satisfies readonly AgreementStatus[];
/** Before approval: the requester may still withdraw. */
export const WITHDRAWABLE_AGREEMENT_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'returned',
  'awaiting_regulator',
] as const satisfies readonly AgreementStatus[];
/** Approved and not over: may be amended (not while suspended), ended early or revoked. */
export const RUNNING_AGREEMENT_STATUSES = [
  'approved',
  'active',
  'suspended',
] as const satisfies readonly AgreementStatus[];

/** What the sharing is for: an ordinary business scenario or a new-technology one (S12). */
export const SHARING_SCENARIOS = ['general', 'iot', 'connected_vehicle', 'satellite_internet', 'ai'] as const;
export type SharingScenario = (typeof SHARING_SCENARIOS)[number];
/** New technologies and applications (新技术新应用, S12): assessed for risk, they raise the approval level. */
export const NEW_TECH_SCENARIOS = [
  'iot',
  'connected_vehicle',
  'satellite_internet',
  'ai',
] as const satisfies readonly SharingScenario[];

/** The protective measures an agreement commits the sharing to (S7, R7). */
export const CONTROLS = [
  'masking',
  'encryption_in_transit',
  'encryption_at_rest',
  'access_control',
  'watermark',
] as const;
export type Control = (typeof CONTROLS)[number];
export const TRANSFER_METHODS = ['api', 'file', 'database_link', 'on_premise'] as const;
export type TransferMethod = (typeof TRANSFER_METHODS)[number];
export const TRANSFER_FREQUENCIES = [
  'once',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
  'continuous',
] as const;
export type TransferFrequency = (typeof TRANSFER_FREQUENCIES)[number];
export const LEGAL_BASES = ['consent', 'contract', 'legal_obligation', 'public_interest', 'other'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
/**
 * How providing personal information to the partner is allowed (PIPL Arts 13, 23, 29; CSL Art 42):
 * the individuals' separate consent (单独同意); another legal basis of PIPL Art 13 than consent; or the
 * data is anonymised so that it identifies nobody and cannot be restored (then it is not PI at all).
 */
export const CONSENT_BASES = ['separate_consent', 'other_legal_basis', 'anonymised'] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];
/** Who receives the data (R10, R39: a foreign authority only with the competent authority's approval). */
export const RECIPIENT_TYPES = [
  'domestic_enterprise',
  'domestic_public_body',
  'foreign_enterprise',
  'foreign_authority',
] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];
export const FOREIGN_RECIPIENT_TYPES = [
  'foreign_enterprise',
  'foreign_authority',
] as const satisfies readonly RecipientType[];
/** 条例 Art 12, R22: providing data, entrusting its processing, or processing it jointly. */
export const PROVISION_RELATIONSHIPS = ['provision', 'entrusted_processing', 'joint_processing'] as const;
export type ProvisionRelationship = (typeof PROVISION_RELATIONSHIPS)[number];

/** The internal approval stages of a sharing request, in the order they run. */
export const APPROVAL_STAGES = ['unit_head', 'security_review', 'legal', 'dso'] as const;
export type ApprovalStage = (typeof APPROVAL_STAGES)[number];
export const STAGE_OUTCOMES = ['approve', 'reject', 'return'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];
export const REGULATOR_OUTCOMES = ['approve', 'reject'] as const;
export type RegulatorOutcome = (typeof REGULATOR_OUTCOMES)[number];
/** Who hears of a stage whose deadline passed: the DSO, or for the DSO's own stage the first responsible person (R5). */
export const ESCALATION_TARGETS = ['dso', 'first_responsible_person'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** How personal information may leave China (R48): no pathway needed, SCC or certification, or a CAC assessment. */
export const EXPORT_PATHWAYS = ['exempt', 'standard_contract_or_certification', 'security_assessment'] as const;
export type ExportPathway = (typeof EXPORT_PATHWAYS)[number];
/** Records that must be on file before a request is approved (R12, R27, R44, R48). */
export const PRE_APPROVAL_RECORDS = ['risk_assessment', 'pipia', 'export_security_assessment'] as const;
export type PreApprovalRecord = (typeof PRE_APPROVAL_RECORDS)[number];
/** What must be in place before data flows under an approved agreement (R8, R48, R50, S4). */
export const PROVISIONING_PREREQUISITES = [
  'data_security_agreement',
  'standard_contract_or_certification',
  'regulator_filing',
] as const;
export type ProvisioningPrerequisite = (typeof PROVISIONING_PREREQUISITES)[number];
/** Where the partner's proof of deletion (R9, PIPL Art 21) stands. */
export const ATTESTATION_STATUSES = ['awaiting', 'received', 'waived'] as const;
export type AttestationStatus = (typeof ATTESTATION_STATUSES)[number];

export const PROVISION_REPORT_KINDS = ['provision', 'usage', 'deletion_attestation', 'regulator_filing'] as const;
export const INSPECTION_STATUSES = ['running', 'completed', 'failed'] as const;
/** A finding is open until rectified and verified, closed by a re-inspection, or ended with its agreement's revocation. */
export const FINDING_STATUSES = ['open', 'rectifying', 'verified', 'escalated', 'closed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
/** The statuses of a finding whose rectification is still owed. */
export const OPEN_FINDING_STATUSES = ['open', 'rectifying', 'escalated'] as const satisfies readonly FindingStatus[];
/** How a finding ended: its rectification verified, its cause gone at a re-inspection, its agreement revoked. */
export const FINDING_CLOSURES = ['verified', 'cause_gone', 'agreement_revoked'] as const;
export type FindingClosure = (typeof FINDING_CLOSURES)[number];
/** Lowest first: a rule's severity sets its finding's rectification deadline (policies/rectification.ts). */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const INCIDENT_STATUSES = ['open', 'contained', 'investigated', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
/** Who reported an incident: the company's own people, or the partner's users from the portal (R20 Art 5). */
export const INCIDENT_SOURCES = ['internal', 'partner'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
/** How the DSO ends an incident: the sharing resumes, or it is revoked and the partner blacklisted. */
export const INCIDENT_OUTCOMES = ['resume', 'revoke'] as const;
export type IncidentOutcome = (typeof INCIDENT_OUTCOMES)[number];
/** Where an entry of the internal blacklist came from. */
export const BLACKLIST_SOURCES = ['manual', 'incident', 'partner_blacklisting', 'regulator', 'court', 'other'] as const;
export type BlacklistSource = (typeof BLACKLIST_SOURCES)[number];
/** R18: 特别重大 (I), 重大 (II), 较大 (III), 一般 (IV); I is the gravest. */
export const INCIDENT_GRADES = ['I', 'II', 'III', 'IV'] as const;
export type IncidentGrade = (typeof INCIDENT_GRADES)[number];
/** What happened to the data (issue 15; R45 names leak, tampering and loss). */
export const INCIDENT_KINDS = ['leak', 'tampering', 'loss', 'misuse', 'unavailability'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
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
