/**
 * Each role's token against each route: the status is what the policy says. The table is written
 * out by hand from the role descriptions in ARCHITECTURE.md, not derived from the abilities.
 */
import { randomUUID } from 'node:crypto';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import {
  aNomination,
  agreementStepBodies,
  anAgreementRequest,
  anAsset as anInventoryAsset,
} from '../support/factories';
import { anApprovedPartnerThroughApi } from '../support/partners';

let api: ApiHarness;
/** A partner of another organisation, nominated by requester B and blacklisted: its process has ended. */
let pRoles = '';
beforeAll(async () => {
  api = await startApi('roles_http');
  const nominated = await (await api.client(users.requesterB)).post('/api/partners', aNomination());
  pRoles = nominated.data.id;
  const dso = await api.client(users.dso);
  await eventually(
    () => dso.post(`/api/partners/${pRoles}/blacklisting`, { reason: 'roles test' }),
    (r) => r.status === 200,
  );
  await eventually(
    () => api.temporal.workflow.getHandle(`partner-${pRoles}`).describe(),
    (d) => d.status.name === 'COMPLETED',
  );
});
/** An approved partner of the agreements below, and an asset of unit A they share. */
let pAgreements = '';
let assetA = '';
/** Requester A's draft, as it stays. */
let aDraft = '';
/** Requester A's request, withdrawn: its process has ended, so whoever passes the policy meets 409. */
let aEnded = '';
beforeAll(async () => {
  const reviewer = await api.client(users.reviewer);
  const dso = await api.client(users.dso);
  const requesterA = await api.client(users.requesterA);
  const requesterB = await api.client(users.requesterB);
  pAgreements = (await anApprovedPartnerThroughApi(api, { nominator: requesterB, reviewer })).id;
  assetA = (await dso.post('/api/assets', anInventoryAsset())).data.id;
  const draft = (body: object = {}) =>
    requesterA.post('/api/agreements', { title: 'roles', request: anAgreementRequest(pAgreements, assetA), ...body });
  aDraft = (await draft()).data.id;
  aEnded = (await draft()).data.id;
  await requesterA.post(`/api/agreements/${aEnded}/withdrawal`, { reason: 'roles test' });
  await eventually(
    () => api.temporal.workflow.getHandle(`agreement-${aEnded}`).describe(),
    (d) => d.status.name === 'COMPLETED',
  );
});
afterAll(async () => {
  await api?.stop();
});

const ROLES = [
  'requesterA',
  'unitHeadA',
  'reviewer',
  'dso',
  'legal',
  'auditor',
  'admin',
  'system',
  'partnerA',
] as const;
type RoleKey = (typeof ROLES)[number];

const anAsset = () => ({
  code: `R-${randomUUID().slice(0, 8)}`,
  name: 'x',
  ownerUnit: 'unit-a',
  category: 'c',
  grade: 'general',
});
const csv = () => `code,name,ownerUnit,category,grade\r\nR-${randomUUID().slice(0, 8)},x,unit-a,c,general\r\n`;

type Client = Awaited<ReturnType<ApiHarness['client']>>;

/** Every role answered `status`, except the ones named. */
function answeredExcept(status: number, except: Partial<Record<RoleKey, number>>): Record<RoleKey, number> {
  return { ...Object.fromEntries(ROLES.map((role) => [role, status])), ...except } as Record<RoleKey, number>;
}

/**
 * Every role refused (403; a partner's user does not see another organisation's agreement: 404),
 * except the roles given.
 */
function refusedExcept(allowed: Partial<Record<RoleKey, number>>, partnerA: number = 404): Record<RoleKey, number> {
  return answeredExcept(403, { partnerA, ...allowed });
}

const ROUTES: {
  name: string;
  call: (c: Client) => Promise<{ status: number }>;
  expect: Record<RoleKey, number>;
}[] = [
  {
    name: 'GET /api/assets',
    call: (c) => c.get('/api/assets'),
    expect: answeredExcept(200, { partnerA: 403 }),
  },
  {
    name: 'POST /api/assets (unit-a)',
    call: (c) => c.post('/api/assets', anAsset()),
    expect: answeredExcept(403, { requesterA: 201, unitHeadA: 201, dso: 201, admin: 201 }),
  },
  {
    name: 'POST /api/assets/import (unit-a)',
    call: (c) => c.post('/api/assets/import', csv(), { headers: { 'content-type': 'text/csv' } }),
    expect: answeredExcept(403, { unitHeadA: 201, dso: 201, admin: 201 }),
  },
  {
    name: 'GET /api/assets/export.csv',
    call: (c) => c.get('/api/assets/export.csv'),
    expect: answeredExcept(200, { legal: 403, system: 403, partnerA: 403 }),
  },
  {
    name: 'POST /api/partners',
    call: (c) => c.post('/api/partners', aNomination()),
    expect: answeredExcept(403, { requesterA: 201, unitHeadA: 201 }),
  },
  {
    name: 'GET /api/partners/:id (another organisation)',
    call: (c) => c.get(`/api/partners/${pRoles}`),
    expect: answeredExcept(200, { partnerA: 404 }), // another organisation's partner does not exist to a partner's user
  },
  {
    name: 'GET /api/partners',
    call: (c) => c.get('/api/partners'),
    expect: answeredExcept(200, {}),
  },
  {
    name: 'GET /api/partners/:id/timeline (another organisation)',
    call: (c) => c.get(`/api/partners/${pRoles}/timeline`),
    expect: answeredExcept(200, { partnerA: 404 }), // another organisation's partner does not exist to a partner's user
  },
  {
    // Its process has ended: whoever passes the policy meets 409.
    name: 'POST /api/partners/:id/decision (nominated by requester B)',
    call: (c) => c.post(`/api/partners/${pRoles}/decision`, { outcome: 'approve' }),
    expect: answeredExcept(403, { reviewer: 409, dso: 409, partnerA: 404 }),
  },
  {
    name: 'POST /api/partners/:id/blacklisting',
    call: (c) => c.post(`/api/partners/${pRoles}/blacklisting`, { reason: 'listed' }),
    expect: answeredExcept(403, { dso: 409, partnerA: 404 }),
  },
  {
    name: 'POST /api/partners/:id/answers (another organisation)',
    call: (c) => c.post(`/api/partners/${pRoles}/answers`, { answers: { 'q1-officer': 'yes' } }),
    expect: answeredExcept(403, { partnerA: 404 }), // another organisation's partner does not exist to a partner's user
  },
  {
    name: 'GET /api/audit',
    call: (c) => c.get('/api/audit'),
    expect: answeredExcept(403, { dso: 200, auditor: 200, system: 200 }),
  },
  {
    name: 'GET /api/audit/export',
    call: (c) => c.get('/api/audit/export', { params: { format: 'csv' } }),
    expect: {
      requesterA: 403,
      unitHeadA: 403,
      reviewer: 403,
      dso: 200,
      legal: 403,
      auditor: 200,
      admin: 403,
      system: 200,
      partnerA: 403,
    },
  },
  {
    name: 'GET /api/overview',
    call: (c) => c.get('/api/overview'),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 200,
      auditor: 200,
      admin: 200,
      system: 200,
      partnerA: 403, // the company's figures; a partner's user works in its portal
    },
  },
  {
    name: 'GET /api/audit/verify',
    call: (c) => c.get('/api/audit/verify'),
    expect: answeredExcept(403, { dso: 200, auditor: 200, system: 200 }),
  },
  {
    name: 'GET /api/me',
    call: (c) => c.get('/api/me'),
    expect: answeredExcept(200, {}),
  },
  // Sharing agreements. Business units (requester, unit head) ask; reviewers, legal and the DSO decide;
  // auditors read; partners see their own organisation's only (partnerA's is not the one of these).
  {
    name: 'POST /api/agreements (a request of unit-a)',
    call: (c) => c.post('/api/agreements', { title: 'roles', request: anAgreementRequest(pAgreements, assetA) }),
    expect: answeredExcept(403, { requesterA: 201, unitHeadA: 201 }),
  },
  {
    // What the rules say of a request: the company's own readers; its route is not shown to partners.
    name: 'POST /api/agreements/preview',
    call: (c) => c.post('/api/agreements/preview', { request: anAgreementRequest(pAgreements, assetA) }),
    expect: answeredExcept(200, { partnerA: 403 }),
  },
  {
    name: 'GET /api/agreements',
    call: (c) => c.get('/api/agreements'),
    expect: answeredExcept(200, {}),
  },
  ...(['', '/timeline', '/snapshots'] as const).map((tail) => ({
    name: `GET /api/agreements/:id${tail} (a draft of unit-a)`,
    call: (c: Client) => c.get(`/api/agreements/${aDraft}${tail}`),
    expect: answeredExcept(200, { partnerA: 404 }), // another organisation's agreement does not exist to a partner's user
  })),
  {
    // Only its requester edits a request; nobody else writes it, the schedule included.
    name: "PATCH /api/agreements/:id (requester A's draft)",
    call: (c) => c.patch(`/api/agreements/${aDraft}`, { request: anAgreementRequest(pAgreements, assetA) }),
    expect: refusedExcept({ requesterA: 200 }),
  },
  // Each step of requester A's withdrawn request: whoever the policy lets take the step meets its ended
  // process (409). Which stage a role decides (the DSO's regulator decision, the unit head's
  // recertification) is the workflow's own check (test/workflows), on a live agreement.
  ...Object.entries({
    // A withdrawn request is no longer its requester's to submit.
    submission: refusedExcept({}),
    withdrawal: refusedExcept({ requesterA: 409 }),
    decisions: refusedExcept({ unitHeadA: 409, reviewer: 409, dso: 409 }), // legal: no personal information
    'regulator-decision': refusedExcept({ unitHeadA: 409, reviewer: 409, dso: 409 }),
    'filing-confirmation': refusedExcept({ unitHeadA: 409, reviewer: 409, dso: 409 }),
    'usage-reports': refusedExcept({}), // the partner's own users only
    resumption: refusedExcept({ unitHeadA: 409, reviewer: 409, dso: 409 }),
    recertification: refusedExcept({ unitHeadA: 409, reviewer: 409, dso: 409 }),
    amendments: refusedExcept({ requesterA: 409 }),
    'early-end': refusedExcept({ requesterA: 409, unitHeadA: 409, dso: 409 }),
    'emergency-revocation': refusedExcept({ requesterA: 409, unitHeadA: 409, dso: 409 }),
    'deletion-attestation': refusedExcept({}), // the partner's own users only
    'attestation-waiver': refusedExcept({ dso: 409 }),
  }).map(([step, expect]) => ({
    name: `POST /api/agreements/:id/${step} (a withdrawn request of requester A)`,
    call: (c: Client) => c.post(`/api/agreements/${aEnded}/${step}`, agreementStepBodies(pAgreements, assetA)[step]),
    expect,
  })),
  {
    // R5 commitments are put on file by the DSO (or the administrator, who keeps records and decides nothing).
    name: 'POST /api/commitments',
    call: (c) =>
      c.post('/api/commitments', {
        sub: 'roles.someone',
        signedAt: new Date().toISOString(),
        reference: 'DSC-2025-001',
      }),
    expect: refusedExcept({ dso: 200, admin: 200 }, 403),
  },
  {
    name: 'GET /api/me/commitment',
    call: (c) => c.get('/api/me/commitment'),
    expect: answeredExcept(200, {}),
  },
];

describe('each demo role against each route', () => {
  const cases = ROUTES.flatMap((route) => ROLES.map((role) => [route.name, role, route.expect[role]] as const));
  it.each(cases)('%s as %s → %i', async (name, role, expected) => {
    const route = ROUTES.find((r) => r.name === name)!;
    const res = await route.call(await api.client(users[role]));
    expect(res.status).toBe(expected);
  });

  it('every route without a token → 401', async () => {
    for (const route of ROUTES)
      expect({ route: route.name, status: (await route.call(api.http)).status }).toEqual({
        route: route.name,
        status: 401,
      });
  });
});
