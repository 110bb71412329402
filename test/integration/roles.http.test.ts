/**
 * Each role's token against each route: the status is what the policy says. The table is written
 * out by hand from the role descriptions in ARCHITECTURE.md, not derived from the abilities.
 */
import { randomUUID } from 'node:crypto';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';

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

const ROUTES: {
  name: string;
  call: (c: Awaited<ReturnType<ApiHarness['client']>>) => Promise<{ status: number }>;
  expect: Record<RoleKey, number>;
}[] = [
  {
    name: 'GET /api/assets',
    call: (c) => c.get('/api/assets'),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 200,
      auditor: 200,
      admin: 200,
      system: 200,
      partnerA: 403,
    },
  },
  {
    name: 'POST /api/assets (unit-a)',
    call: (c) => c.post('/api/assets', anAsset()),
    expect: {
      requesterA: 201,
      unitHeadA: 201,
      reviewer: 403,
      dso: 201,
      legal: 403,
      auditor: 403,
      admin: 201,
      system: 403,
      partnerA: 403,
    },
  },
  {
    name: 'POST /api/assets/import (unit-a)',
    call: (c) => c.post('/api/assets/import', csv(), { headers: { 'content-type': 'text/csv' } }),
    expect: {
      requesterA: 403,
      unitHeadA: 201,
      reviewer: 403,
      dso: 201,
      legal: 403,
      auditor: 403,
      admin: 201,
      system: 403,
      partnerA: 403,
    },
  },
  {
    name: 'GET /api/assets/export.csv',
    call: (c) => c.get('/api/assets/export.csv'),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 403,
      auditor: 200,
      admin: 200,
      system: 403,
      partnerA: 403,
    },
  },
  {
    name: 'POST /api/partners',
    call: (c) => c.post('/api/partners', aNomination()),
    expect: {
      requesterA: 201,
      unitHeadA: 201,
      reviewer: 403,
      dso: 403,
      legal: 403,
      auditor: 403,
      admin: 403,
      system: 403,
      partnerA: 403,
    },
  },
  {
    name: 'GET /api/partners/:id (another organisation)',
    call: (c) => c.get(`/api/partners/${pRoles}`),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 200,
      auditor: 200,
      admin: 200,
      system: 200,
      partnerA: 404, // another organisation's partner does not exist to a partner's user
    },
  },
  {
    name: 'GET /api/partners',
    call: (c) => c.get('/api/partners'),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 200,
      auditor: 200,
      admin: 200,
      system: 200,
      partnerA: 200,
    },
  },
  {
    name: 'GET /api/partners/:id/timeline (another organisation)',
    call: (c) => c.get(`/api/partners/${pRoles}/timeline`),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 200,
      auditor: 200,
      admin: 200,
      system: 200,
      partnerA: 404, // another organisation's partner does not exist to a partner's user
    },
  },
  {
    // Its process has ended: whoever passes the policy meets 409.
    name: 'POST /api/partners/:id/decision (nominated by requester B)',
    call: (c) => c.post(`/api/partners/${pRoles}/decision`, { outcome: 'approve' }),
    expect: {
      requesterA: 403,
      unitHeadA: 403,
      reviewer: 409,
      dso: 409,
      legal: 403,
      auditor: 403,
      admin: 403,
      system: 403,
      partnerA: 404,
    },
  },
  {
    name: 'POST /api/partners/:id/blacklisting',
    call: (c) => c.post(`/api/partners/${pRoles}/blacklisting`, { reason: 'listed' }),
    expect: {
      requesterA: 403,
      unitHeadA: 403,
      reviewer: 403,
      dso: 409,
      legal: 403,
      auditor: 403,
      admin: 403,
      system: 403,
      partnerA: 404,
    },
  },
  {
    name: 'POST /api/partners/:id/answers (another organisation)',
    call: (c) => c.post(`/api/partners/${pRoles}/answers`, { answers: { 'q1-officer': 'yes' } }),
    expect: {
      requesterA: 403,
      unitHeadA: 403,
      reviewer: 403,
      dso: 403,
      legal: 403,
      auditor: 403,
      admin: 403,
      system: 403,
      partnerA: 404, // another organisation's partner does not exist to a partner's user
    },
  },
  {
    name: 'GET /api/audit',
    call: (c) => c.get('/api/audit'),
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
    name: 'GET /api/audit/verify',
    call: (c) => c.get('/api/audit/verify'),
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
    name: 'GET /api/me',
    call: (c) => c.get('/api/me'),
    expect: {
      requesterA: 200,
      unitHeadA: 200,
      reviewer: 200,
      dso: 200,
      legal: 200,
      auditor: 200,
      admin: 200,
      system: 200,
      partnerA: 200,
    },
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
