import {
  addFinding,
  addScanned,
  emptyRunTally,
  mergeRunTallies,
  runReportOf,
  type TalliedFinding,
} from '../../../policies/inspection-report';
import { INSPECTION_RULE_IDS } from '../../../policies/inspection-rules';

const finding = (
  ruleId: TalliedFinding['ruleId'],
  severity: TalliedFinding['severity'],
  ownerUnit: string,
  partnerId: string,
): TalliedFinding => ({ ruleId, severity, ownerUnit, subject: { partnerId } });

/** Six findings over three units and two partners. */
const FINDINGS = [
  finding('pipia_missing', 'high', 'marketing', 'p-a'),
  finding('pipia_missing', 'high', 'network-ops', 'p-a'),
  finding('partner_blacklisted', 'critical', 'network-ops', 'p-b'),
  finding('usage_report_overdue', 'medium', 'marketing', 'p-a'),
  finding('usage_report_overdue', 'medium', 'billing', 'p-b'),
  finding('export_assessment_extension_due', 'low', 'billing', 'p-b'),
];

describe('the run report', () => {
  it('counts findings by rule, severity, unit and partner, one finding at a time', () => {
    const tally = emptyRunTally();
    addScanned(tally, 1_000);
    for (const f of FINDINGS) addFinding(tally, f);
    const report = runReportOf(tally);

    expect([report.scanned, report.findings]).toEqual([1_000, 6]);
    expect(report.bySeverity).toEqual({ low: 1, medium: 2, high: 2, critical: 1 });
    expect(report.byRule.filter((r) => r.findings > 0)).toEqual([
      { ruleId: 'partner_blacklisted', findings: 1 },
      { ruleId: 'usage_report_overdue', findings: 2 },
      { ruleId: 'export_assessment_extension_due', findings: 1 },
      { ruleId: 'pipia_missing', findings: 2 },
    ]);
    expect(report.byRule.map((r) => r.ruleId)).toEqual([...INSPECTION_RULE_IDS]);
    // Gravest first: a critical finding outranks any number of lighter ones.
    expect(report.byUnit).toEqual([
      { key: 'network-ops', findings: 2, bySeverity: { low: 0, medium: 0, high: 1, critical: 1 } },
      { key: 'marketing', findings: 2, bySeverity: { low: 0, medium: 1, high: 1, critical: 0 } },
      { key: 'billing', findings: 2, bySeverity: { low: 1, medium: 1, high: 0, critical: 0 } },
    ]);
    expect(report.byPartner).toEqual([
      { key: 'p-b', findings: 3, bySeverity: { low: 1, medium: 1, high: 0, critical: 1 } },
      { key: 'p-a', findings: 3, bySeverity: { low: 0, medium: 1, high: 2, critical: 0 } },
    ]);
  });

  it('gives the same report from batches merged as from one stream', () => {
    const whole = emptyRunTally();
    addScanned(whole, 600);
    for (const f of FINDINGS) addFinding(whole, f);

    const first = addScanned(emptyRunTally(), 250);
    const second = addScanned(emptyRunTally(), 350);
    FINDINGS.slice(0, 2).forEach((f) => addFinding(first, f));
    FINDINGS.slice(2).forEach((f) => addFinding(second, f));
    const firstCopy = JSON.parse(JSON.stringify(first)) as typeof first;

    expect(runReportOf(mergeRunTallies(first, second))).toEqual(runReportOf(whole));
    expect(first).toEqual(firstCopy);
  });

  it('keeps a tally a heartbeat can carry: plain JSON that resumes where it stopped', () => {
    const tally = emptyRunTally();
    FINDINGS.slice(0, 3).forEach((f) => addFinding(tally, f));
    const resumed = JSON.parse(JSON.stringify(tally)) as typeof tally;
    FINDINGS.slice(3).forEach((f) => addFinding(resumed, f));
    const straight = emptyRunTally();
    FINDINGS.forEach((f) => addFinding(straight, f));
    expect(runReportOf(resumed)).toEqual(runReportOf(straight));
  });

  it('reports an empty run with every rule at 0', () => {
    const report = runReportOf(addScanned(emptyRunTally(), 10));
    expect(report).toMatchObject({ scanned: 10, findings: 0, byUnit: [], byPartner: [] });
    expect(report.byRule.every((r) => r.findings === 0)).toBe(true);
  });
});
