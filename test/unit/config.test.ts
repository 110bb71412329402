import { loadConfig } from '../../src/config';
import { createTokenVerifier } from '../../src/auth/jwt';

const base = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/datapact',
  DATAPACT_PAYLOAD_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
};

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(base)).toMatchObject({
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'datapact',
      AUTH_ISSUER: 'datapact',
    });
  });

  it('names every invalid variable', () => {
    expect(() =>
      loadConfig({ ...base, MONGODB_URI: 'postgres://x', PORT: 'eighty', AUTH_JWT_SECRET: 'short' }),
    ).toThrow(/MONGODB_URI[\s\S]*PORT|PORT[\s\S]*MONGODB_URI/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...base, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: '' }).AUTH_JWT_SECRET).toBeUndefined();
  });
});

describe('createTokenVerifier', () => {
  it('refuses to start with neither a secret nor a JWKS URL', () => {
    expect(() => createTokenVerifier({ issuer: 'i', audience: 'a' })).toThrow('set AUTH_JWT_SECRET or AUTH_JWKS_URL');
  });
});
