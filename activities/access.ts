import type { AccessConnector, AccessReceipt, GrantRequest, RevokeRequest } from './connectors/access';

/** Provisioning (issue 13 §5): the agreement's access, through the configured connector. */
export function createAccessActivities(deps: { access: AccessConnector }) {
  return {
    /** Gives the partner access to the agreement's scope; retried with the same key, one grant. */
    async grantAccess(request: GrantRequest): Promise<AccessReceipt> {
      return deps.access.grant(request);
    },

    /** Takes the agreement's access away; retried with the same key, one revoke. */
    async revokeAccess(request: RevokeRequest): Promise<AccessReceipt> {
      return deps.access.revoke(request);
    },
  };
}

export type AccessActivities = ReturnType<typeof createAccessActivities>;
