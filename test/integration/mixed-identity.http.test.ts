/**
 * A partner organisation's user whose token also carries an internal role would read every partner, its
 * checks and its nominator. Such a token is refused on every route with 403 `auth.mixed_identity`; the
 * same user with the partner role alone reads its own organisation only.
 */
import { INTERNAL_ROLES } from '../../policies/abilities';
import type { Role } from '../../policies/vocabulary';
import { PartnerModel } from '../../src/entities/partner';
import { startApi, users, type ApiHarness } from '../support/api';
import { aNomination } from '../support/factories';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi('mixed_identity');
  await PartnerModel.create({ _id: 'org-a', ...aNomination(), nominatedBy: users.requesterA.sub });
  await PartnerModel.create({ _id: 'org-other', ...aNomination(), nominatedBy: users.requesterB.sub });
});
afterAll(async () => {
  await api?.stop();
});

const mixed = (role: Role) => ({
  sub: 'partner.a',
  roles: ['partner', role] as Role[],
  partnerId: 'org-a',
  unit: 'unit-a',
});

describe('a token of a partner organisation that also carries an internal role', () => {
  it.each(INTERNAL_ROLES)('with %s: every route answers 403 auth.mixed_identity and tells nothing', async (role) => {
    const client = await api.client(mixed(role));
    for (const path of [
      '/api/partners/org-other',
      '/api/partners/org-other/timeline',
      '/api/partners',
      '/api/partners/org-a',
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
    const client = await api.client({ sub: 'partner.a', roles: ['partner'], partnerId: 'org-a' });
    const own = await client.get('/api/partners/org-a');
    expect(own.status).toBe(200);
    expect(own.data.nominatedBy).toBeUndefined();
    expect((await client.get('/api/partners/org-other')).status).toBe(403);
    const list = await client.get('/api/partners');
    expect(list.data.items.map((p: { id: string }) => p.id)).toEqual(['org-a']);
  });
});
