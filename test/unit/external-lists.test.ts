import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { externalListsFrom } from '../../activities';
import { localExternalList } from '../../activities/external-lists';

describe('the local external-list connector', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'datapact-lists-')), 'lists.json');

  it('finds every listing of a credit code in the file, and none of another', async () => {
    writeFileSync(
      file,
      JSON.stringify([
        { creditCode: 'A1', list: '信用中国', reason: '失信被执行人' },
        { creditCode: 'A1', list: 'industry', reason: '不良名单' },
        { creditCode: 'B2', list: '信用中国', reason: 'x' },
      ]),
    );
    const connector = localExternalList(file);
    expect(await connector.listingsOf('A1')).toEqual([
      { list: '信用中国', reason: '失信被执行人' },
      { list: 'industry', reason: '不良名单' },
    ]);
    expect(await connector.listingsOf('C3')).toEqual([]);
  });

  it('reads the file again on each lookup, so a new export takes effect without a restart', async () => {
    writeFileSync(file, '[]');
    const connector = localExternalList(file);
    expect(await connector.listingsOf('A1')).toEqual([]);
    writeFileSync(file, JSON.stringify([{ creditCode: 'A1', list: 'l', reason: 'r' }]));
    expect(await connector.listingsOf('A1')).toEqual([{ list: 'l', reason: 'r' }]);
  });

  it('is configured by EXTERNAL_LIST_FILE, and absent without it', () => {
    expect(externalListsFrom({})).toEqual([]);
    expect(externalListsFrom({ EXTERNAL_LIST_FILE: file }).map((c) => c.name)).toEqual([`local:${file}`]);
  });
});
