import { PartnerModel } from '../../src/models/partner.model';
import { partnerWorkflowId } from '../../workflows/ids';
import { eventually, startApi, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';
import { recordHistory } from '../support/histories';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('partners_e2e');
});
afterAll(async () => {
  await api?.stop();
});

const partnerWorkflows = () => api.temporal.workflow.count(`WorkflowType = 'partnerLifecycle'`).then((r) => r.count);

async function nominateAndAwaitReview(overrides: Record<string, unknown> = {}) {
  const res = await api.http.post('/api/partners', aNomination(overrides));
  expect(res.status).toBe(201);
  const ready = await eventually(
    () => api.http.get(`/api/partners/${res.data.id}`),
    (r) => r.data.status === 'vetting',
  );
  expect(ready.data.status).toBe('vetting');
  return res.data as { id: string; workflowId: string; creditCode: string };
}

describe('POST /api/partners', () => {
  it('stores the partner and starts its workflow, which screens it and waits for review', async () => {
    const nomination = aNomination();
    const res = await api.http.post('/api/partners', nomination);

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/partners/${res.data.id}`);
    expect(res.data).toMatchObject({
      legalName: nomination.legalName,
      creditCode: nomination.creditCode,
      status: 'nominated',
    });
    expect(res.data.workflowId).toBe(partnerWorkflowId(res.data.id));
    const description = await api.temporal.workflow.getHandle(res.data.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    const shown = await eventually(
      () => api.http.get(`/api/partners/${res.data.id}`),
      (r) => r.data.status === 'vetting',
    );
    expect(shown.data).toMatchObject({ status: 'vetting', checkReasons: [] });
  });

  it('refuses bad input with problem+json, storing nothing and starting nothing', async () => {
    const partnersBefore = await PartnerModel.countDocuments();
    const workflowsBefore = await partnerWorkflows();
    const good = aNomination();
    const cases: [string, unknown][] = [
      [
        'a wrong check character',
        { ...good, creditCode: good.creditCode.slice(0, 17) + (good.creditCode.endsWith('0') ? '1' : '0') },
      ],
      ['an unknown key', { ...good, riskTier: 'low' }],
      ['a missing legal name', { ...good, legalName: undefined }],
      ['an operator in a value', { ...good, nominatedBy: { $gt: '' } }],
    ];
    for (const [what, body] of cases) {
      const res = await api.http.post('/api/partners', body);
      expect({ what, status: res.status, type: res.headers['content-type'] }).toEqual({
        what,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(res.data).toMatchObject({ status: 400, code: 'request.invalid' });
      expect(res.data['invalid-params'].length).toBeGreaterThan(0);
      expect(JSON.stringify(res.data)).not.toMatch(/\bat .*\.ts:\d+/);
    }
    const malformed = await api.http.post('/api/partners', '{"legalName":', {
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const wrongType = await api.http.post('/api/partners', 'legalName=x', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers['content-type']).toContain('application/problem+json');

    expect(await PartnerModel.countDocuments()).toBe(partnersBefore);
    expect(await partnerWorkflows()).toBe(workflowsBefore);
  });

  it('refuses a second nomination of the same credit code with 409', async () => {
    const first = aNomination();
    expect((await api.http.post('/api/partners', first)).status).toBe(201);
    const workflowsBefore = await partnerWorkflows();

    const again = await api.http.post('/api/partners', aNomination({ creditCode: first.creditCode }));

    expect(again.status).toBe(409);
    expect(again.data.code).toBe('partner.already_nominated');
    expect(await PartnerModel.countDocuments({ creditCode: first.creditCode })).toBe(1);
    expect(await partnerWorkflows()).toBe(workflowsBefore);
  });
});

describe('POST /api/partners/:id/decision', () => {
  it('approves through the workflow update; GET shows what the workflow wrote back', async () => {
    const partner = await nominateAndAwaitReview();
    const other = await nominateAndAwaitReview();

    const res = await api.http.post(`/api/partners/${partner.id}/decision`, {
      outcome: 'approve',
      reviewer: 'sec.reviewer',
    });

    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ status: 'approved', decision: { outcome: 'approve', reviewer: 'sec.reviewer' } });
    expect((await api.http.get(`/api/partners/${partner.id}`)).data.status).toBe('approved');
    expect((await api.http.get(`/api/partners/${other.id}`)).data.status).toBe('vetting');
    await recordHistory(api.temporal.workflow.getHandle(partner.workflowId), 'partner-lifecycle-approved');
  });

  it('accepts exactly one of two decisions sent at once; the other is refused by the validator', async () => {
    const partner = await nominateAndAwaitReview();

    const [a, b] = await Promise.all([
      api.http.post(`/api/partners/${partner.id}/decision`, { outcome: 'approve', reviewer: 'reviewer.one' }),
      api.http.post(`/api/partners/${partner.id}/decision`, {
        outcome: 'reject',
        reviewer: 'reviewer.two',
        reason: 'no ISO 27001',
      }),
    ]);

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    const accepted = a.status === 200 ? a : b;
    expect(['partner.already_decided', 'partner.not_in_review']).toContain(refused.data.code);
    expect((await api.http.get(`/api/partners/${partner.id}`)).data.status).toBe(accepted.data.status);
  });

  it('refuses a decision after the vetting is decided', async () => {
    const partner = await nominateAndAwaitReview();
    await api.http.post(`/api/partners/${partner.id}/decision`, {
      outcome: 'reject',
      reviewer: 'sec.reviewer',
      reason: 'no DSMM level',
    });

    const again = await api.http.post(`/api/partners/${partner.id}/decision`, {
      outcome: 'approve',
      reviewer: 'sec.reviewer2',
    });

    expect(again.status).toBe(409);
    expect(again.data.code).toBe('partner.not_in_review');
    expect((await api.http.get(`/api/partners/${partner.id}`)).data.status).toBe('rejected');
    await recordHistory(api.temporal.workflow.getHandle(partner.workflowId), 'partner-lifecycle-rejected-then-refused');
  });

  it('refuses the nominator as reviewer inside the workflow, changing nothing', async () => {
    const partner = await nominateAndAwaitReview({ nominatedBy: 'unit-b.requester' });

    const res = await api.http.post(`/api/partners/${partner.id}/decision`, {
      outcome: 'approve',
      reviewer: 'unit-b.requester',
    });

    expect(res.data).toMatchObject({ status: 403, code: 'partner.reviewer_is_nominator' });
    expect((await api.http.get(`/api/partners/${partner.id}`)).data.status).toBe('vetting');
  });

  it('requires a reason to reject and answers 404 for an unknown partner', async () => {
    const partner = await nominateAndAwaitReview();
    const noReason = await api.http.post(`/api/partners/${partner.id}/decision`, { outcome: 'reject', reviewer: 'x' });
    expect(noReason.status).toBe(400);
    expect(noReason.data['invalid-params']).toEqual([{ name: 'reason', reason: 'a rejection states its reason' }]);
    expect((await api.http.get(`/api/partners/${partner.id}`)).data.status).toBe('vetting');

    const unknown = await api.http.post('/api/partners/no-such-partner/decision', {
      outcome: 'approve',
      reviewer: 'x',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.data.code).toBe('partner.not_found');
  });
});

describe('the API surface', () => {
  it('answers unknown routes with a 404 problem and reports readiness of both servers', async () => {
    const missing = await api.http.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await api.http.get('/readyz')).data).toEqual({ status: 'ready' });
  });

  it('refuses an oversized body with 413', async () => {
    const res = await api.http.post('/api/partners', { ...aNomination(), legalName: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(res.data.code).toBe('request.too_large');
  });
});
