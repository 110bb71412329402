/**
 * Demo users of the dev stack (one per role, two business units, two partner organisations) and
 * the route that mints their tokens. Dev mode only: `npm start` mounts it; production has no such
 * route (src/dev is not part of the build).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { route, type Route } from '../api/route-table';
import type { Claims } from '../../policies/abilities';
import { mintIdentityToken, mintToken } from '../auth/jwt';

export interface DemoUser extends Claims {
  name: string;
}

export function demoUsers(partnerIds: readonly string[]): DemoUser[] {
  const [partnerA = 'demo-partner-a', partnerB = 'demo-partner-b'] = partnerIds;
  return [
    { sub: 'li.na', name: '李娜 (requester, 市场部)', roles: ['requester'], unit: 'marketing' },
    { sub: 'zhao.lei', name: '赵磊 (requester, 网络运营部)', roles: ['requester'], unit: 'network-ops' },
    { sub: 'wang.fang', name: '王芳 (unit head, 市场部)', roles: ['unit_head'], unit: 'marketing' },
    { sub: 'chen.jie', name: '陈杰 (security reviewer)', roles: ['security_reviewer'], unit: 'security' },
    { sub: 'liu.yang', name: '刘洋 (data-security officer)', roles: ['dso'], unit: 'security' },
    { sub: 'sun.li', name: '孙丽 (legal)', roles: ['legal'], unit: 'legal' },
    { sub: 'zhou.min', name: '周敏 (auditor)', roles: ['auditor'], unit: 'audit' },
    { sub: 'admin', name: 'Administrator', roles: ['admin'], unit: 'it' },
    { sub: 'system:scheduler', name: 'Scheduler', roles: ['system'] },
    { sub: 'partner-a.user', name: 'Partner A user', roles: ['partner'], partnerId: partnerA },
    { sub: 'partner-b.user', name: 'Partner B user', roles: ['partner'], partnerId: partnerB },
  ];
}

/** The dev stack's signing secret, kept beside its data so that tokens outlive a restart. */
export function devAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'dev-auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

const demoTokens = z.object({
  warning: z.string(),
  users: z.array(
    z.object({
      sub: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      unit: z.string().optional(),
      partnerId: z.string().optional(),
      token: z.string(),
    }),
  ),
});

/** A partner's contact who accepted an invitation: signed in again as the provider would (no role in the token). */
export interface PortalIdentity {
  sub: string;
  name: string;
  partnerId: string;
}

/**
 * GET /api/dev/tokens: the demo users with a fresh token each, and the portal users made by accepting
 * invitations, each with an identity token (mounted by the dev stack only).
 */
export function devTokenRoute(
  users: () => DemoUser[],
  settings: { secret: string; issuer: string; audience: string },
  portalUsers: () => Promise<PortalIdentity[]> = async () => [],
): Route {
  return route({
    method: 'get',
    path: '/api/dev/tokens',
    signIn: true,
    summary: 'Dev stack only: the demo users, each with a token signed by the local dev secret',
    auth: false,
    ok: { status: 200, schema: demoTokens, description: 'The demo users' },
    errors: {},
    handle: async () => ({
      warning: 'dev mode only: these tokens are signed with the local dev secret',
      users: [
        ...(await Promise.all(users().map(async (user) => ({ ...user, token: await mintToken(user, settings) })))),
        ...(await Promise.all(
          (await portalUsers()).map(async (user) => ({
            ...user,
            roles: ['partner'],
            token: await mintIdentityToken(user, settings),
          })),
        )),
      ],
    }),
  });
}
