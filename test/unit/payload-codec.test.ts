import type { Payload, SerializationContext } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import {
  newPayloadKey,
  parsePayloadKeys,
  SealingCodec,
  SEALED_ENCODING,
  UnauthenticPayloadError,
} from '../../src/temporal/codec';
import { UNAUTHENTIC_KEY } from '../../workflows/authentic';

const OLD = newPayloadKey('k2025');
const NEW = newPayloadKey('k2026');
const keyring = (current: string, ...entries: string[]) => parsePayloadKeys(entries.join(','), current);

const partner = (id: string): SerializationContext => ({ type: 'workflow', namespace: 'default', workflowId: id });
const activityOf = (id: string): SerializationContext => ({
  type: 'activity',
  namespace: 'default',
  workflowId: id,
  activityId: '1',
  isLocal: false,
});
const decision = { outcome: 'approve', actor: { sub: 'chen.jie', roles: ['security_reviewer'] } };
const payloadOf = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueOf = (payload: Payload | undefined): unknown => defaultPayloadConverter.fromPayload(payload!);
const metadataText = (payload: Payload, key: string) => Buffer.from(payload.metadata![key]!).toString('utf8');

describe('SealingCodec', () => {
  const client = new SealingCodec(keyring('k2026', OLD, NEW));
  const worker = new SealingCodec(keyring('k2026', OLD, NEW), 'mark-workflow-inputs');

  it('seals a payload so that neither its value nor its metadata can be read, and opens it again', async () => {
    const [sealed] = await client.encode(
      [payloadOf({ legalName: '北京数智云科技有限公司', ...decision })],
      partner('p-1'),
    );

    expect(metadataText(sealed!, 'encoding')).toBe(SEALED_ENCODING);
    expect(metadataText(sealed!, 'encryption-key-id')).toBe('k2026');
    expect(Buffer.from(sealed!.data!).toString('utf8')).not.toMatch(/数智云|chen\.jie|json\/plain/);
    expect(valueOf((await worker.decode([sealed!], partner('p-1')))[0])).toEqual({
      legalName: '北京数智云科技有限公司',
      ...decision,
    });
  });

  it('opens a payload that has no data (an undefined value) into bytes, as the SDK and the codec endpoint expect', async () => {
    const [sealed] = await client.encode([payloadOf(undefined)], partner('p-1'));

    for (const [opened] of [
      await client.decode([sealed!], partner('p-1')),
      await client.decodeForOperator([sealed!]),
    ]) {
      expect(opened!.data).toBeInstanceOf(Uint8Array);
      expect(valueOf(opened)).toBeUndefined();
    }
  });

  it('opens what an earlier key sealed after the current key changed, and seals with the current key', async () => {
    const before = new SealingCodec(keyring('k2025', OLD));
    const [sealedBefore] = await before.encode([payloadOf(decision)], partner('p-1'));

    const [opened] = await client.decode([sealedBefore!], partner('p-1'));
    const [sealedNow] = await client.encode([payloadOf(decision)], partner('p-1'));

    expect(valueOf(opened)).toEqual(decision);
    expect(metadataText(sealedNow!, 'encryption-key-id')).toBe('k2026');
    await expect(before.decode([sealedNow!], partner('p-1'))).rejects.toThrow(/key "k2026", which is not configured/);
  });

  describe('refuses a payload DataPact did not write', () => {
    const sealedFor = async (id: string) => (await client.encode([payloadOf(decision)], partner(id)))[0]!;
    const cases: [string, () => Promise<Payload>][] = [
      ['a plain JSON payload, as the Temporal CLI sends', async () => payloadOf(decision)],
      [
        'a payload sealed with a key DataPact does not hold',
        async () =>
          (await new SealingCodec(keyring('k2026', newPayloadKey('k2026'))).encode([payloadOf(decision)]))[0]!,
      ],
      [
        'a sealed payload with one byte of its ciphertext changed',
        async () => {
          const sealed = await sealedFor('p-1');
          const data = Buffer.from(sealed.data!);
          data.writeUInt8(data.readUInt8(20) ^ 1, 20);
          return { ...sealed, data };
        },
      ],
      [
        'a sealed payload moved under another configured key id',
        async () => {
          const sealed = await sealedFor('p-1');
          return { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('k2025') } };
        },
      ],
      [
        'a sealed payload whose workflow binding was removed',
        async () => {
          const sealed = await sealedFor('p-1');
          const { 'datapact-workflow': _bound, ...metadata } = sealed.metadata!;
          return { ...sealed, metadata };
        },
      ],
      ["a sealed payload copied out of another partner's history", () => sealedFor('p-2')],
      [
        'a payload the codec endpoint sealed for an operator',
        async () => (await client.encodeForOperator([payloadOf(decision)], 'admin'))[0]!,
      ],
    ];

    it.each(cases)('%s: a client call fails', async (_what, make) => {
      await expect(client.decode([await make()], partner('p-1'))).rejects.toThrow(UnauthenticPayloadError);
    });

    it.each(cases)('%s: a workflow receives the marker instead', async (_what, make) => {
      const [marked] = await worker.decode([await make()], partner('p-1'));
      expect(valueOf(marked)).toEqual({ [UNAUTHENTIC_KEY]: expect.any(String) });
    });

    it('an activity result it did not write fails the decode even in a worker (a fake worker wrote it)', async () => {
      await expect(worker.decode([payloadOf(decision)], activityOf('p-1'))).rejects.toThrow(UnauthenticPayloadError);
    });
  });

  it("opens a Schedule's input in the run it starts, whose id has the start time appended", async () => {
    const [sealed] = await client.encode([payloadOf({ run: 1 })], partner('housekeeping'));

    expect(valueOf((await client.decode([sealed!], partner('housekeeping-2026-12-01T03:30:00Z')))[0])).toEqual({
      run: 1,
    });
    await expect(client.decode([sealed!], partner('housekeeping-x'))).rejects.toThrow(/sealed for workflow/);
  });

  it('opens for an operator what it can, and hands back anything else unchanged', async () => {
    const [sealed] = await client.encode([payloadOf(decision)], partner('p-1'));
    const plain = payloadOf({ hello: 'world' });

    const [opened, untouched] = await client.decodeForOperator([sealed!, plain]);

    expect(valueOf(opened)).toEqual(decision);
    expect(untouched).toBe(plain);
  });
});

describe('parsePayloadKeys', () => {
  it('reads id:base64 pairs and takes the only key as the current one', () => {
    const ring = parsePayloadKeys(` ${OLD} `);
    expect(ring.currentKeyId).toBe('k2025');
    expect([...ring.keys.keys()]).toEqual(['k2025']);
  });

  it.each([
    ['', /at least one key/],
    ['k1', /id:base64/],
    ['bad id!:AAAA', /id:base64/],
    ['k1:c2hvcnQ=', /32 bytes/],
    [`${OLD},${OLD}`, /listed twice/],
    [`${OLD},${NEW}`, /DATAPACT_PAYLOAD_KEY_ID names the current one/],
  ])('refuses %j', (list, message) => {
    expect(() => parsePayloadKeys(list)).toThrow(message);
  });

  it('refuses a current key id that is not listed', () => {
    expect(() => parsePayloadKeys(OLD, 'k2026')).toThrow('the current key "k2026" is not among the listed keys');
  });
});

describe('loadConfig, payload keys', () => {
  const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGODB_URI: 'mongodb://127.0.0.1:27017/datapact' };

  it('refuses to start without payload keys, or with keys it cannot use, never printing a key', () => {
    expect(() => loadConfig(base)).toThrow(/DATAPACT_PAYLOAD_KEYS/);
    const messageOf = (keys: string) => {
      try {
        loadConfig({ ...base, DATAPACT_PAYLOAD_KEYS: keys, DATAPACT_PAYLOAD_KEY_ID: 'k9' });
        return 'started';
      } catch (err) {
        return (err as Error).message;
      }
    };
    const unknownCurrent = messageOf(`${OLD},${NEW}`);
    const shortKey = messageOf(`${OLD},k9:${NEW.split(':')[1]!.slice(0, 20)}`);
    expect(unknownCurrent).toMatch(/DATAPACT_PAYLOAD_KEYS: the current key "k9" is not among the listed keys/);
    expect(shortKey).toMatch(/DATAPACT_PAYLOAD_KEYS: key "k9" must be 32 bytes in base64/);
    for (const message of [unknownCurrent, shortKey]) {
      expect(message).not.toContain(OLD.split(':')[1]!);
      expect(message).not.toContain(NEW.split(':')[1]!.slice(0, 20));
    }
  });

  it('takes the Temporal UI origin as an origin only', () => {
    const keys = { DATAPACT_PAYLOAD_KEYS: OLD };
    expect(
      loadConfig({ ...base, ...keys, DATAPACT_TEMPORAL_UI_ORIGIN: 'https://temporal.example.com/' }),
    ).toMatchObject({ DATAPACT_TEMPORAL_UI_ORIGIN: 'https://temporal.example.com' });
    expect(() =>
      loadConfig({ ...base, ...keys, DATAPACT_TEMPORAL_UI_ORIGIN: 'https://temporal.example.com/ui' }),
    ).toThrow(/DATAPACT_TEMPORAL_UI_ORIGIN/);
  });
});
