/**
 * The floor of `npm run bench:revocation`: the least a revocation can cost on this stack — a workflow
 * that waits for one signal and then runs one ledger activity (`revokeAccess`, the agreements' own
 * activity and connector), nothing else. Bench-only: bundled with DataPact's workflows by the bench.
 */
import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { AccessActivities } from '../activities/access';

// The agreement's own proxy for access (workflows/agreement/sharing.ts): the same timeouts and retries.
const access = proxyActivities<AccessActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '5 minutes', nonRetryableErrorTypes: ['access.rejected'] },
});

export interface FloorInput {
  agreementId: string;
  version: number;
}

export const revokeFloorSignal = defineSignal<[{ reason: string }]>('revokeFloor');
/** Answered once the workflow has run its first task: it waits for the signal. */
export const floorReadyQuery = defineQuery<boolean>('floorReady');

export async function revocationFloor({ agreementId, version }: FloorInput): Promise<void> {
  let reason: string | undefined;
  setHandler(revokeFloorSignal, (fact) => {
    reason ??= fact.reason;
  });
  setHandler(floorReadyQuery, () => true);
  await condition(() => reason !== undefined);
  await access.revokeAccess({ key: `revoke:${agreementId}:v${version}`, agreementId, version, reason: reason! });
}
