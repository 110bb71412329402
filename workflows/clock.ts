/**
 * Workflow time. Inside the workflow sandbox `Date` is Temporal's deterministic clock (the time of
 * the current workflow task, the same on replay), so this is the one place workflows read it.
 */
// eslint-disable-next-line no-restricted-syntax -- the sandbox's Date is workflow time
export const nowMs = (): number => Date.now();
export const nowIso = (): string => new Date(nowMs()).toISOString();
