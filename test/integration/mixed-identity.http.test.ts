/**
 * A partner organisation's user whose token also carries an internal role would read every partner, its
 * checks and its nominator. Such a token is refused on every route with 403 `auth.mixed_identity`; the
 * same user with the partner role alone reads its own organisation only.
 */
import { INTERNAL_ROLES } from '../../policies/abilities';
import type { Role } from '../../policies/vocabulary';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';

let api: ApiHarness;
/** The organisation of the tokens below, and another one: both nominated through the API. */
let orgA: string;
let orgOther: string;
beforeAll(async () => {
  api = await startApi('mixed_identity');
  const nominate = async (claims: typeof users.requesterA) => {
    const res = await (await api.client(claims)).post('/api/partners', aNomination());
    expect(res.status).toBe(201);
    return res.data.id as string;
  };
  orgA = await nominate(users.requesterA);
  orgOther = await nominate(users.requesterB);
});
afterAll(async () => {
  await api?.stop();
});

const mixed = (role: Role) => ({
  sub: 'partner.a',
  roles: ['partner', role] as Role[],
  partnerId: orgA,
  unit: 'unit-a',
});

describe('a token of a partner organisation that also carries an internal role', () => {
  it.each(INTERNAL_ROLES)('with %s: every route answers 403 auth.mixed_identity and tells nothing', async (role) => {
    const client = await api.client(mixed(role));
    for (const path of [
      `/api/partners/${orgOther}`,
      `/api/partners/${orgOther}/timeline`,
      '/api/partners',
      `/api/partners/${orgA}`,
      '/api/me',
      '/api/me/work',
    ]) {
      const res = await client.get(path);
      expect({ path, status: res.status, code: res.data.code }).toEqual({
        path,
        status: 403,
        code: 'auth.mixed_identity',
      });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.data.detail).toBe(`a partner organisation's user cannot also hold internal roles (${role})`);
      expect(JSON.stringify(res.data)).not.toContain(users.requesterB.sub);
    }
    const nominated = await client.post('/api/partners', aNomination());
    expect([nominated.status, nominated.data.code]).toEqual([403, 'auth.mixed_identity']);
  });

  it('with the partner role alone, reads its own organisation and not another', async () => {
    const client = await api.client({ sub: 'partner.a', roles: ['partner'], partnerId: orgA });
    const own = await client.get(`/api/partners/${orgA}`);
    expect(own.status).toBe(200);
    expect(own.data.nominatedBy).toBeUndefined();
    // To a partner's user another organisation does not exist.
    expect((await client.get(`/api/partners/${orgOther}`)).status).toBe(404);
    const list = await client.get('/api/partners');
    expect(list.data.items.map((p: { id: string }) => p.id)).toEqual([orgA]);
  });
});
