/**
 * A minimal OpenID provider for the tests, on loopback: discovery, an authorize endpoint that signs in
 * a fixed user at once, a token endpoint that checks PKCE, and the JWKS the API verifies RS256 tokens with.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Claims } from '../../policies/abilities';

export interface TestProvider {
  issuer: string;
  jwksUrl: string;
  /** Codes issued and tokens exchanged, for the test to check. */
  log: string[];
  /** An access token of the fixed user, as the token endpoint issues it (not logged). */
  accessToken(): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestProvider(user: Claims & { name: string }, audience: string): Promise<TestProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const log: string[] = [];
  const app = express();
  let issuer = '';
  const signAccessToken = () =>
    new SignJWT({ ...user })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setSubject(user.sub)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
    });
  });
  app.get('/jwks', (_req, res) => {
    res.json({ keys: [jwk] });
  });
  app.get('/authorize', (req, res) => {
    const q = req.query as Record<string, string>;
    if (q.response_type !== 'code' || q.code_challenge_method !== 'S256' || !q.code_challenge) {
      return void res.status(400).send('authorization code with S256 PKCE only');
    }
    const code = randomUUID();
    codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri!, clientId: q.client_id! });
    log.push(`authorize ${q.client_id}`);
    res.redirect(`${q.redirect_uri}?${new URLSearchParams({ code, state: q.state ?? '' })}`);
  });
  app.options('/token', (_req, res) => {
    res.set({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' }).sendStatus(204);
  });
  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    res.set('access-control-allow-origin', '*');
    const body = req.body as Record<string, string>;
    const grant = codes.get(body.code ?? '');
    codes.delete(body.code ?? '');
    const challenge = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    if (
      !grant ||
      grant.challenge !== challenge ||
      grant.redirectUri !== body.redirect_uri ||
      grant.clientId !== body.client_id
    ) {
      log.push('token refused');
      return void res.status(400).json({ error: 'invalid_grant' });
    }
    const accessToken = await signAccessToken();
    log.push(`token ${user.sub}`);
    res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: 600 });
  });

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    log,
    accessToken: signAccessToken,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
