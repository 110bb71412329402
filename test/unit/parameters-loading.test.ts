import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calendarWarnings, loadParameters } from '../../src/parameters';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';

const fileWith = (content: string) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'datapact-params-')), 'parameters.json');
  writeFileSync(file, content);
  return file;
};

describe('loadParameters', () => {
  it("gives the rules' values when no file is named", () => {
    expect(loadParameters({})).toEqual(DEFAULT_PARAMETERS);
  });

  it('takes a stricter value from the file', () => {
    const file = fileWith(JSON.stringify({ logRetentionDays: 365 }));
    expect(loadParameters({ DATAPACT_PARAMETERS_FILE: file }).logRetentionDays).toBe(365);
  });

  it("refuses to start below a rule's floor, naming the key", () => {
    const file = fileWith(JSON.stringify({ logRetentionDays: 90 }));
    expect(() => loadParameters({ DATAPACT_PARAMETERS_FILE: file })).toThrow(/logRetentionDays/);
  });

  it('refuses a file that is not JSON', () => {
    expect(() => loadParameters({ DATAPACT_PARAMETERS_FILE: fileWith('{ not json') })).toThrow(/not readable JSON/);
  });
});

describe('calendarWarnings', () => {
  it('is quiet while this year and next have holiday data', () => {
    expect(calendarWarnings(new Date('2025-06-01T00:00:00Z'))).toEqual([]);
  });

  it('warns about a year without holiday data', () => {
    expect(calendarWarnings(new Date('2026-11-25T00:00:00Z'))).toEqual([
      expect.stringContaining('no statutory holiday data for 2027'),
    ]);
  });
});
