/**
 * The business keys of the records and outside calls an agreement causes. Each is stable across a
 * retry, a continue-as-new and a reset, because it is built from the agreement and the version of it
 * the step belongs to: an activity retried after a worker crash writes, grants or files once.
 * Pure, so the agreement workflow builds the same keys its activities store.
 */
import type { CatalogChange } from './vocabulary';

/** The grant of access for an agreement at a version: `grant:<agreementId>:v<n>`. */
export const grantKeyOf = (agreementId: string, version: number) => `grant:${agreementId}:v${version}`;

/** The revocation of access for an agreement at a version: `revoke:<agreementId>:v<n>`. */
export const revokeKeyOf = (agreementId: string, version: number) => `revoke:${agreementId}:v${version}`;

/** The provision record written at approval (S4, R22): `provision:<agreementId>:v<n>`. */
export const provisionRecordKeyOf = (agreementId: string, version: number) => `provision:${agreementId}:v${version}`;

/** The regulator filing of a reportable provision: `filing:<agreementId>:v<n>`. */
export const filingKeyOf = (agreementId: string, version: number) => `filing:${agreementId}:v${version}`;

/** A partner's usage report for a period, by the period's first day: `usage:<agreementId>:2026-11-01`. */
export const usageReportKeyOf = (agreementId: string, period: string) => `usage:${agreementId}:${period}`;

/** The partner's deletion attestation after a revocation at a version: `deletion:<agreementId>:v<n>`. */
export const deletionAttestationKeyOf = (agreementId: string, version: number) => `deletion:${agreementId}:v${version}`;

/** The R3 re-filing task of one catalogued asset whose external sharing started or ended with an agreement. */
export const catalogRefilingKeyOf = (assetId: string, agreementId: string, change: CatalogChange) =>
  `catalog-refiling:${assetId}:${agreementId}:${change}`;
