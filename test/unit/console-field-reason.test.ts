/**
 * Why a field was refused, in the reader's language: the console words each `invalid-params` entry from
 * its validation code and parameters, as the API's real error middleware sends them for the API's real
 * schemas. A Chinese reader sees no English sentence from the server; an English reader sees the console's
 * words, or the API's own sentence for a rule the console has no words for.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import type { z } from 'zod';
import { checkInput, problemHandler } from '../../src/api/problem';
import { en } from '../../src/console/i18n/en';
import { translate, type Locale, type Translate } from '../../src/console/i18n/translate';
import { zhCN } from '../../src/console/i18n/zh-CN';
import { fieldReason, type InvalidParam } from '../../src/console/field-reason';
import { auditQuery } from '../../src/schemas/audit.schema';
import { createAssetBody } from '../../src/schemas/data-asset.schema';
import { nominatePartnerBody, partnerDecisionBody } from '../../src/schemas/partner.schema';

const ROOT = join(__dirname, '../..');
/** Where the API's schemas and the states they build on are written. */
const SCHEMA_FILES = [
  ...readdirSync(join(ROOT, 'src/schemas')).map((f) => join(ROOT, 'src/schemas', f)),
  ...readdirSync(join(ROOT, 'workflows'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(ROOT, 'workflows', d.name, 'state.ts')),
].filter((f) => f.endsWith('.ts') && existsSync(f));
/** The console's own lookup; a key it lacks would come back as the key and fail the comparisons below. */
const translator =
  (locale: Locale): Translate =>
  (key, params) =>
    translate(locale, key, params);

const SCHEMAS: Record<string, z.ZodType> = {
  nominate: nominatePartnerBody,
  decision: partnerDecisionBody,
  asset: createAssetBody,
  audit: auditQuery,
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.post('/:schema', (req, res) => {
    checkInput(SCHEMAS[String(req.params.schema)]!, req.body);
    res.status(204).end();
  });
  app.use(problemHandler);
  await new Promise<void>((ready) => {
    server = app.listen(0, '127.0.0.1', () => ready());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
});

/** The fields the API refuses for this body, as the console receives them. */
async function refused(schema: keyof typeof SCHEMAS, body: unknown): Promise<InvalidParam[]> {
  const res = await fetch(`${base}/${schema}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(400);
  const problem = (await res.json()) as { 'invalid-params': InvalidParam[] };
  return problem['invalid-params'];
}

function reasonsOf(params: InvalidParam[], locale: Locale): Record<string, string> {
  return Object.fromEntries(params.map((p) => [p.name, fieldReason(p, translator(locale), locale)]));
}

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{3,}/;

describe('fieldReason', () => {
  it('words a nomination refused field by field in Chinese and in English', async () => {
    const params = await refused('nominate', {
      legalName: '',
      creditCode: '91110000ABC',
      contacts: [{ email: 'not-an-address', phone: 'call me' }],
      dataLocations: [],
      extra: 1,
    });
    const zh = reasonsOf(params, 'zh-CN');
    const english = reasonsOf(params, 'en-US');
    expect(zh.legalName).toBe('必填');
    expect(english.legalName).toBe('Required');
    expect(zh.dataLocations).toBe('必填');
    expect(zh['contacts.0.name']).toBe('必填');
    expect(zh['contacts.0.email']).toBe('请输入有效的电子邮件地址');
    expect(english['contacts.0.email']).toBe('Enter a valid e-mail address');
    expect(zh.creditCode).toBe(zhCN['validation.pattern.creditCode']);
    expect(english.creditCode).toBe(en['validation.pattern.creditCode']);
    expect(zh['contacts.0.phone']).toBe('电话号码为 5 至 20 位数字、空格或连字符');
    expect(zh['(body)']).toBe('不接受的字段：extra');
    for (const [name, reason] of Object.entries(zh)) {
      expect({ name, hasChinese: HAN.test(reason) }).toEqual({ name, hasChinese: true });
      expect({ name, english: reason.replace(/extra|GB|DSMM|MLPS/g, '').match(LATIN_WORD) }).toEqual({
        name,
        english: null,
      });
    }
    for (const [name, reason] of Object.entries(english)) {
      expect({ name, hasChinese: HAN.test(reason) }).toEqual({ name, hasChinese: false });
    }
  });

  it('names the API’s own rules (a wrong check character, a missing reason, a range out of order)', async () => {
    const code = await refused('nominate', { creditCode: '91350100M000100Y44' });
    const credit = code.find((p) => p.name === 'creditCode')!;
    expect(fieldReason(credit, translator('zh-CN'), 'zh-CN')).toBe('校验位不符合 GB 32100-2015');

    const decision = await refused('decision', { outcome: 'reject' });
    expect(reasonsOf(decision, 'zh-CN')).toEqual({ reason: '请填写理由' });
    expect(reasonsOf(decision, 'en-US')).toEqual({ reason: 'State the reason' });

    const range = await refused('audit', { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(reasonsOf(range, 'zh-CN')).toEqual({ to: '结束时间应晚于开始时间' });
  });

  it('words limits with their numbers, and a bound that excludes its own value', () => {
    const zh = translator('zh-CN');
    const long: InvalidParam = {
      name: 'title',
      reason: 'Too big: expected string to have <=200 characters',
      code: 'too_big',
      params: { origin: 'string', maximum: 200, inclusive: 'true' },
    };
    expect(fieldReason(long, zh, 'zh-CN')).toBe('不能超过 200 个字符');
    const above: InvalidParam = {
      name: 'estimates.outageHours',
      reason: 'Too small: expected number to be >0',
      code: 'too_small',
      params: { origin: 'number', minimum: 0, inclusive: 'false' },
    };
    expect(fieldReason(above, zh, 'zh-CN')).toBe('必须大于 0');
    expect(fieldReason({ ...above, params: { ...above.params, inclusive: 'true' } }, zh, 'zh-CN')).toBe('不能小于 0');
  });

  it('keeps the API’s sentence in English and a general text in Chinese for a rule it has no words for', () => {
    const unknown: InvalidParam = { name: 'x', reason: 'a rule nobody worded', code: 'custom', params: {} };
    expect(fieldReason(unknown, translator('en-US'), 'en-US')).toBe('a rule nobody worded');
    expect(fieldReason(unknown, translator('zh-CN'), 'zh-CN')).toBe('填写的内容不符合要求');
  });

  it('has words in both languages for every rule the API’s schemas name', async () => {
    const named = SCHEMA_FILES.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/rule: '([\w.]+)'/g)].map((m) => m[1]!),
    );
    expect(new Set(named).size).toBeGreaterThanOrEqual(8);
    for (const rule of new Set(named)) {
      expect({ rule, zh: `validation.rule.${rule}` in zhCN, en: `validation.rule.${rule}` in en }).toEqual({
        rule,
        zh: true,
        en: true,
      });
    }
    // And they reach the console as sent: an asset whose personal-information flags disagree, with a repeated field.
    const params = await refused('asset', {
      code: 'A-1',
      name: 'x',
      ownerUnit: 'u',
      category: 'c',
      grade: 'general',
      personalInfo: false,
      sensitivePersonalInfo: true,
      fields: [
        { name: 'a', personalInfo: true },
        { name: 'a', personalInfo: false },
      ],
    });
    expect(params.map((p) => fieldReason(p, translator('zh-CN'), 'zh-CN')).sort()).toEqual(
      ['字段名重复', '敏感个人信息也属于个人信息', '有字段含个人信息，该数据资产也含个人信息'].sort(),
    );
  });
});
