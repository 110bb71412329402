/**
 * The inspection rule set and its what-if through the API, in-process against the real dev server and
 * store, with real signed tokens. A store seeded with agreements (one of them with the snapshot of its
 * approval): a stricter parameter (no grace after the end date, and critical) yields exactly the one new
 * finding and the one severity change it should, the approval replayed under a lower filing threshold
 * would have been filed, and nothing is written (every collection counted before and after). Then the DSO
 * saves the rules (audited, a concurrent save refused) and a run judges by them as the what-if said.
 * Bad proposals answer 400/422, other roles 403, as problem documents.
 */
import type { AxiosInstance } from 'axios';
import mongoose from 'mongoose';
import { defineAbilityFor } from '../../policies/abilities';
import { decisionSnapshotOf } from '../../policies/decision-snapshot';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';
import { emptyWhatIfTally, type WhatIfTally } from '../../policies/what-if';
import { DecisionSnapshotModel } from '../../src/models/decision-snapshot.model';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { createInspectionRuleService } from '../../src/services/inspection-rules';
import { eventually, startApi, users, type ApiHarness } from '../support/api';
import {
  aLiveAgreement,
  aLivePartner,
  aPeriodOn,
  endRectifications,
  isProblem,
  storeAgreements,
  storePartners,
} from '../support/inspections';
import { aContext, aRequest } from '../unit/policies/agreement-factory';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const PERIOD = aPeriodOn('2026-12-02');

let api: ApiHarness;
let dso: AxiosInstance;
let reviewer: AxiosInstance;
let requester: AxiosInstance;

const partner = aLivePartner();
const live = aLiveAgreement(partner, { requestingUnit: 'unit-a' });
/** Ended an hour ago: inside the default grace of one working day, found without it. */
const justEnded = aLiveAgreement(partner, {
  requestingUnit: 'unit-a',
  endsAt: new Date(Date.now() - HOUR).toISOString(),
});
/** Ended ten days ago: found either way, high now, critical under the proposal. */
const longEnded = aLiveAgreement(partner, {
  requestingUnit: 'unit-b',
  endsAt: new Date(Date.now() - 10 * DAY).toISOString(),
});
/** Running, with the snapshot of its approval stored: a general sharing of 80,000 people's PI. */
const withSnapshot = aLiveAgreement(partner, { requestingUnit: 'unit-a' });

/** The rules in force with the proposal: no grace after the end date, and a critical finding. */
const stricter = () => {
  const rules = structuredClone(DEFAULT_PARAMETERS.inspectionRules) as typeof DEFAULT_PARAMETERS.inspectionRules;
  rules.agreement_past_end = { enabled: true, severity: 'critical', params: { graceWorkingDays: 0 } };
  return rules;
};

async function storeCounts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await db.collection(name).countDocuments({});
  return counts;
}

beforeAll(async () => {
  api = await startApi('inspection_what_if');
  dso = await api.client(users.dso);
  reviewer = await api.client(users.reviewer);
  requester = await api.client(users.requesterA);
  await storePartners([partner]);
  await storeAgreements([live, justEnded, longEnded, withSnapshot]);
  const now = new Date();
  const snapshot = decisionSnapshotOf({
    request: aRequest({
      assets: [{ assetId: 'a-subscribers', fields: ['msisdn'] }],
      consentBasis: 'separate_consent',
      volume: { records: 50_000, people: 80_000, personalInfoPeople: 80_000, sensitivePersonalInfoPeople: 0 },
      controls: ['masking', 'encryption_in_transit', 'access_control'],
    }),
    context: aContext({
      now,
      records: {
        risk_assessment: { reference: 'RA-7', issuedAt: new Date(now.getTime() - 30 * DAY).toISOString() },
        pipia: { reference: 'PIA-7', issuedAt: new Date(now.getTime() - 30 * DAY).toISOString() },
      },
    }),
    decision: { kind: 'stage', by: 'dora', stage: 'unit_head', outcome: 'approve' },
  });
  expect(snapshot.evaluation.reportability.reportable).toBe(false);
  await DecisionSnapshotModel.create({
    _id: `${withSnapshot.id}:stage:unit_head:1`,
    agreementId: withSnapshot.id,
    kind: snapshot.decision.kind,
    at: new Date(snapshot.at),
    rulesVersion: snapshot.rulesVersion,
    snapshot,
  });
}, 120_000);

afterAll(async () => {
  await endRectifications(api.temporal, PERIOD);
  await api?.stop();
});

describe('POST /api/inspections/what-if', () => {
  it('shows exactly the findings a stricter rule adds, and writes nothing', async () => {
    const before = await storeCounts();
    const res = await dso.post('/api/inspections/what-if', { rules: stricter() });
    expect(res.status).toBe(200);
    const after = await storeCounts();
    // Every collection as it was: the what-if read the rows, partners and snapshots, and wrote nothing.
    expect(after).toEqual(before);
    expect(before.agreement_rows).toBe(4);

    expect(res.data.changes).toEqual([
      { path: ['inspectionRules', 'agreement_past_end', 'params', 'graceWorkingDays'], from: 1, to: 0 },
      { path: ['inspectionRules', 'agreement_past_end', 'severity'], from: 'high', to: 'critical' },
    ]);
    expect(res.data.ruleSetVersion.current).not.toBe(res.data.ruleSetVersion.proposed);
    expect(res.data.tally).toMatchObject({
      agreements: 4,
      agreementsGaining: 1,
      agreementsLosing: 0,
      gainedByRule: { agreement_past_end: 1 },
      lostByRule: {},
      gainedBySeverity: { critical: 1, high: 0, medium: 0, low: 0 },
      decisions: 1,
      decisionsByVerdict: { unchanged: 1 },
    });
    const byId = new Map((res.data.agreements as { agreementId: string }[]).map((a) => [a.agreementId, a]));
    expect([...byId.keys()].sort()).toEqual([justEnded.id, longEnded.id].sort());
    expect(byId.get(justEnded.id)).toMatchObject({
      requestingUnit: 'unit-a',
      gained: [{ ruleId: 'agreement_past_end', severity: 'critical' }],
      lost: [],
      severityChanged: [],
    });
    expect(byId.get(longEnded.id)).toMatchObject({
      gained: [],
      lost: [],
      severityChanged: [{ ruleId: 'agreement_past_end', from: 'high', to: 'critical' }],
    });
    // The three agreements seeded without a snapshot of their approval cannot be replayed, and say so.
    expect(res.data).toMatchObject({
      decisions: [],
      decisionsWithoutSnapshot: 3,
      truncated: false,
      partitions: { from: 0, done: 256, total: 256 },
    });
    expect(res.data.nextCursor).toBeUndefined();
  });

  it('replays a stored approval under another parameter: a lower filing threshold would have filed it', async () => {
    const res = await dso.post('/api/inspections/what-if', {
      changes: [{ path: ['reportablePersonalInfoPeopleFrom'], to: 50_000 }],
    });
    expect(res.status).toBe(200);
    expect(res.data.tally.decisionsByVerdict).toMatchObject({ would_change_conditions: 1, unchanged: 0 });
    expect(res.data.decisions).toEqual([
      expect.objectContaining({
        agreementId: withSnapshot.id,
        kind: 'stage',
        stage: 'unit_head',
        verdict: 'would_change_conditions',
        changes: [
          { aspect: 'reportable', then: ['false'], now: ['true'] },
          { aspect: 'provisioning', then: [], now: ['regulator_filing'] },
        ],
      }),
    ]);
  });

  it('refuses a bad proposal (400, 422) and anyone but the DSO (403), as problem documents', async () => {
    const unknownRule = await dso.post('/api/inspections/what-if', {
      rules: { ...stricter(), no_such_rule: { enabled: true } },
    });
    expect(unknownRule.status).toBe(400);
    expect(isProblem(unknownRule)).toBe(true);
    const badSeverity = await dso.post('/api/inspections/what-if', {
      rules: { agreement_past_end: { severity: 'grave' } },
    });
    expect(badSeverity.status).toBe(400);
    expect((await dso.post('/api/inspections/what-if', {})).status).toBe(400);
    expect((await dso.post('/api/inspections/what-if', { rules: stricter(), scope: 'all' })).status).toBe(400);
    expect((await dso.post('/api/inspections/what-if', { rules: stricter(), cursor: 'nonsense' })).status).toBe(400);
    const noSuchParameter = await dso.post('/api/inspections/what-if', {
      changes: [{ path: ['noSuchParameter'], to: 1 }],
    });
    expect(noSuchParameter.status).toBe(422);
    expect(noSuchParameter.data).toMatchObject({ code: 'inspection.parameters_invalid' });
    for (const caller of [reviewer, requester]) {
      const refused = await caller.post('/api/inspections/what-if', { rules: stricter() });
      expect(refused.status).toBe(403);
      expect(isProblem(refused)).toBe(true);
    }
  });

  it('answers within a time budget and goes on from its cursor to the same counts', async () => {
    const rules = createInspectionRuleService({ parameters: () => DEFAULT_PARAMETERS, budgetMs: 0 });
    const caller = { claims: users.dso, ability: defineAbilityFor(users.dso) };
    const sum = emptyWhatIfTally();
    const add = (into: Record<string, number>, from: Record<string, number>) => {
      for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
    };
    let cursor: string | undefined;
    let calls = 0;
    const listed: string[] = [];
    do {
      const slice = await rules.whatIf(caller, {
        rules: stricter(),
        months: 3,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      calls += 1;
      // A budget of nothing: each call scans one partition, then names the next.
      expect(slice.partitions.done).toBe(1);
      const t: WhatIfTally = slice.tally as WhatIfTally;
      sum.agreements += t.agreements;
      sum.agreementsGaining += t.agreementsGaining;
      sum.decisions += t.decisions;
      add(sum.gainedByRule as Record<string, number>, t.gainedByRule as Record<string, number>);
      listed.push(...slice.agreements.map((a) => a.agreementId));
      cursor = slice.nextCursor;
    } while (cursor);
    expect(calls).toBe(256);
    expect(sum).toMatchObject({
      agreements: 4,
      agreementsGaining: 1,
      decisions: 1,
      gainedByRule: { agreement_past_end: 1 },
    });
    expect(listed.sort()).toEqual([justEnded.id, longEnded.id].sort());
  }, 120_000);
});

describe('GET and PUT /api/inspection-rules', () => {
  it('saves the rules as a new version (audited, a stale save refused), and a run judges by them', async () => {
    const first = await reviewer.get('/api/inspection-rules');
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({
      version: 0,
      rules: { agreement_past_end: { params: { graceWorkingDays: 1 } } },
    });
    expect((await requester.get('/api/inspection-rules')).status).toBe(403);
    expect((await reviewer.put('/api/inspection-rules', { version: 0, rules: stricter() })).status).toBe(403);
    const unknownRule = await dso.put('/api/inspection-rules', { version: 0, rules: { no_such_rule: {} } });
    expect(unknownRule.status).toBe(400);
    expect(isProblem(unknownRule)).toBe(true);

    const saved = await dso.put('/api/inspection-rules', { version: 0, rules: stricter() });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({
      version: 1,
      savedBy: users.dso.sub,
      rules: { agreement_past_end: { severity: 'critical', params: { graceWorkingDays: 0 } } },
    });
    const stale = await dso.put('/api/inspection-rules', { version: 0, rules: stricter() });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ code: 'inspection.rules_changed' });
    expect(await AuditEventModel.countDocuments({ action: 'inspection.rules_saved' })).toBe(1);
    expect((await dso.get('/api/inspection-rules')).data).toMatchObject({ version: 1 });

    expect((await dso.post('/api/inspections', { period: PERIOD })).status).toBe(202);
    const run = await eventually(
      () => dso.get(`/api/inspections/${PERIOD}`),
      (res) => res.status === 200 && res.data.status === 'completed',
      90_000,
    );
    expect(run.data.ruleSetVersion).toBe(saved.data.ruleSetVersion);
    const found = await dso.get('/api/findings', { params: { period: PERIOD } });
    const findings = (found.data.items as { agreementId: string; ruleId: string; severity: string }[])
      .map((f) => `${f.agreementId} ${f.ruleId} ${f.severity}`)
      .sort();
    expect(findings).toEqual(
      [`${justEnded.id} agreement_past_end critical`, `${longEnded.id} agreement_past_end critical`].sort(),
    );
  }, 150_000);
});
