/**
 * Every audit action, every system reason and every subject type has its words in both of the console's
 * languages, and the catalogues hold no reason text for a code the trail does not have (a renamed code
 * would otherwise keep its old words and show the new one raw).
 */
import { AUDIT_ACTIONS, AUDIT_REASONS, AUDIT_SUBJECT_TYPES } from '../../policies/audit-actions';
import { en } from '../../src/console/i18n/en';
import { zhCN } from '../../src/console/i18n/zh-CN';

const catalogues = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };

const REASON_PREFIX = 'audit.reason.';

describe('the audit vocabulary', () => {
  it.each(Object.entries(catalogues))('has a %s text for every action', (_, catalogue) => {
    expect(AUDIT_ACTIONS.filter((action) => !catalogue[`timeline.${action}`]?.trim())).toEqual([]);
  });

  it.each(Object.entries(catalogues))('has a %s text for every system reason', (_, catalogue) => {
    expect(AUDIT_REASONS.filter((code) => !catalogue[`${REASON_PREFIX}${code}`]?.trim())).toEqual([]);
  });

  it.each(Object.entries(catalogues))('has a %s word for every subject type', (_, catalogue) => {
    expect(AUDIT_SUBJECT_TYPES.filter((type) => !catalogue[`audit.subject.${type}`]?.trim())).toEqual([]);
  });

  it.each(Object.entries(catalogues))('has no %s reason text for a code the trail does not know', (_, catalogue) => {
    const known = new Set<string>(AUDIT_REASONS);
    const stale = Object.keys(catalogue)
      .filter((key) => key.startsWith(REASON_PREFIX))
      .map((key) => key.slice(REASON_PREFIX.length))
      .filter((code) => !known.has(code));
    expect(stale).toEqual([]);
  });

  it('lists each action, reason and subject type once', () => {
    for (const list of [AUDIT_ACTIONS, AUDIT_REASONS, AUDIT_SUBJECT_TYPES]) {
      expect(new Set<string>(list).size).toBe(list.length);
    }
  });
});
