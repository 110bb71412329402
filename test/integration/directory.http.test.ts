/**
 * The directory (issue 16): names in zh-CN and en from the configured file (here the dev stack's demo
 * file, so that it is checked too), from the identity provider's `name` claim, and of portal users; a
 * partner organisation's user sees its own organisation's users only. A bad file stops the start.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PortalUserModel } from '../../src/models/portal-user.model';
import { loadDirectoryFile } from '../../src/services/directory';
import { eventually, startApi, users, type ApiHarness } from '../support/api';

const DEMO_DIRECTORY = path.resolve(__dirname, '../../src/dev/directory.demo.json');
let api: ApiHarness;

beforeAll(async () => {
  api = await startApi('directory', { auth: { DIRECTORY_FILE: DEMO_DIRECTORY } });
  await PortalUserModel.create([
    {
      _id: 'dir.p1.user',
      partnerId: 'dir-p1',
      name: '周工',
      email: 'z@p1.example',
      invitationId: 'dir-i1',
      status: 'active',
    },
    {
      _id: 'dir.p2.user',
      partnerId: 'dir-p2',
      name: '吴工',
      email: 'w@p2.example',
      invitationId: 'dir-i2',
      status: 'active',
    },
  ]);
});
afterAll(async () => {
  await api?.stop();
});

type Person = { sub: string; name: Record<string, string>; unit?: string; source: string; partnerId?: string };

describe('GET /api/directory', () => {
  it("names the demo units and users in both languages, and learns a person's name from their token", async () => {
    const newcomer = { sub: 'dir.newcomer', name: '新同事', roles: ['requester'], unit: 'marketing' } as const;
    const reviewer = await api.client(users.reviewer);
    await (await api.client(newcomer)).get('/api/me');
    const res = await eventually(
      () => reviewer.get('/api/directory'),
      (r) => r.data.people?.some((p: Person) => p.sub === 'dir.newcomer'),
    );
    expect(res.status).toBe(200);
    expect(res.data.units).toContainEqual({ code: 'marketing', name: { 'zh-CN': '市场部', en: 'Marketing' } });
    const people = new Map<string, Person>(res.data.people.map((p: Person) => [p.sub, p]));
    expect(people.get('li.na')).toEqual({
      sub: 'li.na',
      name: { 'zh-CN': '李娜', en: 'Li Na' },
      unit: 'marketing',
      source: 'file',
    });
    expect(people.get('dir.newcomer')).toEqual({
      sub: 'dir.newcomer',
      name: { 'zh-CN': '新同事', en: '新同事' },
      unit: 'marketing',
      source: 'identity',
    });
    expect(people.get('dir.p1.user')).toMatchObject({ source: 'portal', partnerId: 'dir-p1' });
  });

  it("shows a partner organisation's user its own organisation's users only, and no unit", async () => {
    const res = await (
      await api.client({ sub: 'dir.p1.other', roles: ['partner'], partnerId: 'dir-p1' })
    ).get('/api/directory');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      units: [],
      people: [{ sub: 'dir.p1.user', name: { 'zh-CN': '周工', en: '周工' }, source: 'portal', partnerId: 'dir-p1' }],
    });
  });

  it('needs a token', async () => {
    expect((await api.http.get('/api/directory')).status).toBe(401);
  });
});

describe('DIRECTORY_FILE', () => {
  it('is refused at start when it is not a directory, saying where', () => {
    const file = path.join(os.tmpdir(), `directory-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ units: [{ code: 'x', name: { 'zh-CN': '某部' } }] }));
    expect(() => loadDirectoryFile(file)).toThrow(/units\.0\.name\.en/);
    writeFileSync(file, '{ not json');
    expect(() => loadDirectoryFile(file)).toThrow(/DIRECTORY_FILE/);
  });
});
