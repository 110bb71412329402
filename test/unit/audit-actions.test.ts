/** Every audit action and every system reason has its words in both of the console's languages. */
import { AUDIT_ACTIONS, AUDIT_REASONS } from '../../policies/audit-actions';
import { en } from '../../src/console/i18n/en';
import { zhCN } from '../../src/console/i18n/zh-CN';

const catalogues = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };

describe('the audit vocabulary', () => {
  it.each(Object.entries(catalogues))('has a %s text for every action', (_, catalogue) => {
    expect(AUDIT_ACTIONS.filter((action) => !catalogue[`timeline.${action}`])).toEqual([]);
  });

  it.each(Object.entries(catalogues))('has a %s text for every system reason', (_, catalogue) => {
    expect(AUDIT_REASONS.filter((code) => !catalogue[`audit.reason.${code}`])).toEqual([]);
  });

  it('lists each action once', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
