/** Agreements made through the API, as their users would make them: drafted, submitted, approved, active. */
import type { AxiosInstance } from 'axios';
import { eventually } from './api';
import { anAgreementRequest } from './factories';

/**
 * A request of unit A (`requester`'s) approved by its two stages (`unitHead`, `reviewer`), awaited active with
 * its access granted (within `patienceMs`, else `eventually`'s default); its id.
 */
export async function anActiveAgreementThroughApi(
  by: { requester: AxiosInstance; unitHead: AxiosInstance; reviewer: AxiosInstance },
  partnerId: string,
  assetId: string,
  patienceMs?: number,
): Promise<string> {
  const { requester, unitHead, reviewer } = by;
  const drafted = await requester.post('/api/agreements', {
    title: '网络质量联合分析',
    request: anAgreementRequest(partnerId, assetId),
  });
  expect(drafted.status).toBe(201);
  const id = drafted.data.id as string;
  expect((await requester.post(`/api/agreements/${id}/submission`, {})).status).toBe(200);
  expect(
    (await unitHead.post(`/api/agreements/${id}/decisions`, { stage: 'unit_head', outcome: 'approve' })).status,
  ).toBe(200);
  expect(
    (await reviewer.post(`/api/agreements/${id}/decisions`, { stage: 'security_review', outcome: 'approve' })).status,
  ).toBe(200);
  const active = await eventually(
    () => requester.get(`/api/agreements/${id}`),
    (r) => r.data.status === 'active',
    patienceMs,
  );
  expect(active.data).toMatchObject({ status: 'active', access: { granted: true } });
  return id;
}
