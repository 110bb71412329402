/**
 * A store or Temporal that does not answer is a 503 the caller may retry (problem+json, Retry-After,
 * in the caller's language), never a 500. Each error here is the real one its driver raises against a
 * port nobody listens on.
 */
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { Client, Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { problemHandler } from '../../src/api/problem';
import { RETRY_AFTER_SECONDS, dependencyUnavailable } from '../../src/api/unavailable';

/** A port nothing listens on (port 1 needs root to bind and nothing here binds it). */
const NOBODY = '127.0.0.1:1';

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

const makers: Record<string, () => Promise<unknown>> = {
  'the driver finding no store': () =>
    errorOf(async () => {
      const client = new MongoClient(`mongodb://${NOBODY}/x`, { serverSelectionTimeoutMS: 200 });
      try {
        await client.db().collection('x').findOne({});
      } finally {
        await client.close();
      }
    }),
  'mongoose giving up on a query it queued without a connection': () =>
    errorOf(async () => {
      const connection = mongoose.createConnection();
      const model = connection.model('Queued', new mongoose.Schema({ a: String }, { bufferTimeoutMS: 100 }));
      await model.findOne({}).exec();
    }),
  'Temporal not reachable': () =>
    errorOf(async () => {
      const connection = Connection.lazy({ address: NOBODY });
      try {
        await new Client({ connection }).workflow.getHandle('any').describe();
      } finally {
        await connection.close();
      }
    }),
};

/** Each error made once (Temporal's client retries for about 20 s before it gives up). */
const made = new Map<string, Promise<unknown>>();
const unreachable = Object.fromEntries(
  Object.entries(makers).map(([name, make]) => [
    name,
    () => {
      if (!made.has(name)) made.set(name, make());
      return made.get(name)!;
    },
  ]),
);

describe('dependencyUnavailable', () => {
  it.each(Object.keys(unreachable))('is true for %s', async (name) => {
    expect(dependencyUnavailable(await unreachable[name]!())).toBe(true);
  });

  it('is false for an ordinary error, a missing cause and a plain object', () => {
    expect(dependencyUnavailable(new Error('boom'))).toBe(false);
    expect(dependencyUnavailable(undefined)).toBe(false);
    expect(dependencyUnavailable({ code: 14 })).toBe(false);
  });
});

describe('the problem handler', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base = '';
  beforeAll(async () => {
    const app = express();
    app.get('/fail/:name', async (req: Request<{ name: string }>) => {
      const make = unreachable[req.params.name];
      throw make ? await make() : new Error('an internal path /srv/app.ts:12');
    });
    app.use(problemHandler);
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(Object.keys(unreachable))('answers 503 service.unavailable with Retry-After for %s', async (name) => {
    const res = await fetch(`${base}/fail/${encodeURIComponent(name)}`, { headers: { 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, code: 'service.unavailable', detail: '服务暂不可用，请稍后重试' });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|at .*\.js|node_modules/);
  });

  it('answers any other error 500 without its message', async () => {
    const res = await fetch(`${base}/fail/other`);
    expect(res.status).toBe(500);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(JSON.stringify(await res.json())).not.toContain('/srv/app.ts');
  });
});
