/**
 * The overview's figures from a snapshot's tallies: sums of the entries within a caller's scope, every code
 * present (zero included), a record without a tier counted by status only, and a scope the tallies cannot
 * tell answered with undefined (the service then counts for the call).
 */
import { figuresOf, type OverviewTallies } from '../../src/services/overview-tallies';

const tallies: OverviewTallies = {
  partners: [
    { values: { status: 'approved', riskTier: 'low' }, n: 4 },
    { values: { status: 'vetting', riskTier: null }, n: 2 },
  ],
  agreements: [
    { values: { requestingUnit: 'unit-a', status: 'active', effectiveGrade: 'core' }, n: 3 },
    { values: { requestingUnit: 'unit-a', status: 'in_review', effectiveGrade: 'general' }, n: 1 },
    { values: { requestingUnit: 'unit-b', status: 'active', effectiveGrade: 'general' }, n: 5 },
  ],
  incidents: [{ values: { status: 'open', grade: 'II' }, n: 1 }],
  findings: [
    { values: { ownerUnit: 'unit-a', status: 'open', severity: 'high' }, n: 2 },
    { values: { ownerUnit: 'unit-b', status: 'closed', severity: 'low' }, n: 7 },
  ],
};

describe('figuresOf', () => {
  it('sums every entry for an unscoped caller, each code present, a partner without a tier by status only', () => {
    const figures = figuresOf(tallies, { partners: {}, agreements: {}, incidents: {}, findings: {} })!;
    expect(figures.partners!.byStatus).toMatchObject({ approved: 4, vetting: 2, rejected: 0 });
    expect(figures.partners!.byTier).toEqual({ low: 4, medium: 0, high: 0 });
    expect(figures.agreements!.byStatus).toMatchObject({ active: 8, in_review: 1, draft: 0 });
    expect(figures.agreements!.byGrade.core).toMatchObject({ active: 3, in_review: 0 });
    expect(figures.agreements!.byGrade.general).toMatchObject({ active: 5, in_review: 1 });
    expect(figures.agreements!.byGrade.important.active).toBe(0);
    expect(figures.incidents).toEqual({
      byStatus: { open: 1, contained: 0, investigated: 0, closed: 0 },
      byGrade: { I: 0, II: 1, III: 0, IV: 0 },
    });
    expect(figures.findings!.bySeverity).toEqual({ low: 7, medium: 0, high: 2, critical: 0 });
  });

  it("gives a unit its own unit's agreements and findings, and leaves out what the caller may not read", () => {
    const figures = figuresOf(tallies, {
      partners: {},
      agreements: { requestingUnit: 'unit-a' },
      findings: { ownerUnit: 'unit-a' },
    })!;
    expect(figures.agreements!.byStatus).toMatchObject({ active: 3, in_review: 1 });
    expect(figures.findings!.byStatus).toMatchObject({ open: 2, closed: 0 });
    expect(figures).not.toHaveProperty('incidents');
  });

  it('cannot tell a scope on a field the tallies do not keep', () => {
    expect(figuresOf(tallies, { agreements: { partnerId: 'p-1' } })).toBeUndefined();
  });
});
