/** Partners made through the API, as a user would make them: nominated, answered on the portal, approved. */
import type { AxiosInstance } from 'axios';
import { eventually, type ApiHarness } from './api';
import { aNomination, aPartnerUser, answersOf } from './factories';

/**
 * A partner nominated by `nominator` (with `nomination`'s overrides), answered (the most capable answers) by
 * its portal user and approved by `reviewer`, each step retried until its workflow takes it (within
 * `patienceMs`, else `eventually`'s default); its id, credit code and view as approved.
 */
export async function anApprovedPartnerThroughApi(
  api: ApiHarness,
  by: { nominator: AxiosInstance; reviewer: AxiosInstance },
  { patienceMs, nomination: overrides }: { patienceMs?: number; nomination?: Record<string, unknown> } = {},
): Promise<{ id: string; creditCode: string; approved: Record<string, unknown> }> {
  const nomination = aNomination(overrides);
  const nominated = await by.nominator.post('/api/partners', nomination);
  expect(nominated.status).toBe(201);
  const id = nominated.data.id as string;
  const portal = await api.client(aPartnerUser(id));
  await eventually(
    () => portal.post(`/api/partners/${id}/answers`, { answers: answersOf('best') }),
    (r) => r.status === 200,
    patienceMs,
  );
  const approved = await eventually(
    () => by.reviewer.post(`/api/partners/${id}/decision`, { outcome: 'approve' }),
    (r) => r.status === 200 && r.data.status === 'approved',
    patienceMs,
  );
  expect(approved.data.status).toBe('approved');
  return { id, creditCode: nomination.creditCode as string, approved: approved.data };
}
