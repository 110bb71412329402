/**
 * How DataPact gives a partner access to the data of an agreement and takes it away. The workflow calls
 * `grant` when an agreement becomes active (or resumes) and `revoke` on every trigger; each call carries an
 * idempotency key derived from the agreement and its version (`policies/record-keys.ts`), so a call
 * retried after a worker crash has one effect. A connector that cannot reach its system throws, and
 * Temporal retries; a refusal a retry cannot fix throws `ApplicationFailure.nonRetryable(…, 'access.rejected')`.
 */

export interface AccessScope {
  /** The assets and the fields of each the partner may receive. */
  assets: { assetId: string; fields: string[] }[];
  /** The controls the partner's side must apply (masking, encryption, …). */
  controls: string[];
  /** The last day of the agreement, 'YYYY-MM-DD': access ends then at the latest. */
  validUntil: string;
}

export interface GrantRequest {
  /** `grant:<agreementId>:v<n>`. */
  key: string;
  agreementId: string;
  /** The agreement's version the grant belongs to; a receiver orders an agreement's calls by it. */
  version: number;
  partnerId: string;
  scope: AccessScope;
}

export interface RevokeRequest {
  /** `revoke:<agreementId>:v<n>`. */
  key: string;
  agreementId: string;
  version: number;
  /** Why access ends: `expired`, `partner_blacklisted`, `emergency`, … */
  reason: string;
}

export interface AccessReceipt {
  key: string;
  /** True when the system had this key already: the call had been made before (a retry). */
  repeated: boolean;
}

export interface AccessConnector {
  /** Shown in logs and on the agreement: `ledger`, `webhook:<host>`. */
  readonly name: string;
  grant(request: GrantRequest): Promise<AccessReceipt>;
  revoke(request: RevokeRequest): Promise<AccessReceipt>;
}

/** The ApplicationFailure type of a refusal by the access system that a retry cannot fix. */
export const ACCESS_REJECTED = 'access.rejected';
