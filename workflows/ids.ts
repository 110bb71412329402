/** Every workflow id, derived from its subject so that starting twice is harmless. */
export const partnerWorkflowId = (partnerId: string): string => `partner-${partnerId}`;
export const agreementWorkflowId = (agreementId: string): string => `agreement-${agreementId}`;
export const incidentWorkflowId = (incidentId: string): string => `incident-${incidentId}`;
