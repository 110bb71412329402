/**
 * npm run bench:containment [-- --n 100 --setup 10 --limit 600] (or BENCH_N=100) — how fast an incident
 * contains a partner's sharing (issue 15 §9: "all 100 contained within 5 s").
 *
 * On its own embedded stack (or the servers TEMPORAL_ADDRESS / MONGODB_URI name), with the API and its
 * worker in this process (bench/sharing-bench.ts): N agreements made active with one partner through the
 * API (timed apart); then, in the same run,
 * - the floor: N bench-only workflows (bench/revocation-floor.workflow.ts), each waiting for one signal and
 *   then running one `revokeAccess` of the same ledger connector, signalled all at once: from the first
 *   signal to the last revoke in the ledger;
 * - the incident: a security reviewer reports one against the partner through the API (every live agreement
 *   affected, the default); from the request to the last of the N revokes in the ledger (each agreement
 *   suspended, its access removed), to the last row that says suspended, and to the incident recording
 *   itself contained (every agreement's containment time recorded),
 * and their ratio, with where the agreements' time went (each one's `agreement.suspended` audit event).
 */
import { IncidentRowModel } from '../src/entities/incident';
import {
  auditTimesOf,
  isComplete,
  quantile,
  retriedAttempts,
  revokesOf,
  rowsSaying,
  runSharingBench,
  say,
  sayPerAgreement,
  sayRetriedAndRatio,
  sayRun,
  seconds,
  waitFor,
  type Measured,
  type SharingRun,
  type SharingWorld,
} from './sharing-bench';

/** The partner: 100 agreements, 10 made at a time. */
const DEFAULTS = { n: 100, setup: 10, limit: 600 };
/** The target: every agreement contained within this. */
const TARGET_MS = 5_000;
const INCIDENT = { zh: '事件', en: 'incident', fromZh: '报告', fromEn: 'report' };

interface Containment extends Measured {
  affected: number;
  answeredMs: number;
  suspendedRows: number;
  rowsMs: number;
  containedMs: number;
  suspended: number[];
}

/** A reviewer reports an incident against the partner: until each agreement's revoke is in the ledger, its row suspended. */
async function measureIncident(
  { api, clients, partnerId, agreementIds }: SharingWorld,
  limit: number,
): Promise<Containment> {
  const started = Date.now();
  const reported = await clients.reviewer.post('/api/incidents', {
    partnerId,
    kind: 'leak',
    title: 'bench',
    description: 'bench:containment',
    detectedAt: new Date(started - 60_000).toISOString(),
    estimates: { personalInformation: 0, sensitivePersonalInformation: 0, outageHours: 0, directLossCny: 0 },
  });
  if (reported.status !== 201) throw new Error(`report: ${reported.status} ${JSON.stringify(reported.data)}`);
  const answeredMs = Date.now() - started;
  const incidentId = reported.data.id as string;
  const affected = (reported.data.agreements as unknown[]).length;
  const revocations = await revokesOf(agreementIds, started, limit);
  const suspendedRows = await waitFor('rows suspended', agreementIds.length, limit, () =>
    rowsSaying(partnerId, 'suspended'),
  );
  const rowsMs = Date.now() - started;
  await waitFor('incident contained', 1, limit, async () => {
    const row = await IncidentRowModel.findById(incidentId, { status: 1 }).lean<{ status?: string }>();
    return row?.status === 'contained' ? 1 : 0;
  });
  const containedMs = Date.now() - started;
  // When each agreement's story recorded its suspension (its `agreement.suspended` event, in workflow time).
  const suspended = await auditTimesOf('agreement.suspended', agreementIds, started);
  const retried = await retriedAttempts(
    api.temporal,
    [`incident-${incidentId}`, ...agreementIds.map((id) => `agreement-${id}`)],
    started,
  );
  return { ...revocations, affected, answeredMs, suspendedRows, rowsMs, containedMs, suspended, retried };
}

function report(r: SharingRun<Containment>) {
  const c = r.event;
  const at = (q: number) => quantile(c.suspended, q);
  const met = isComplete(r) && c.lastMs <= TARGET_MS;
  sayRun('bench:containment', r);
  say(
    `  事件：涉及 ${c.affected} 个协议；${c.revoked} 个访问已在台账撤销，最后一次在报告后 ${seconds(c.lastMs)} 秒（首次 ${seconds(c.firstMs)} 秒；报告请求 ${seconds(c.answeredMs)} 秒后返回；${c.suspendedRows} 行显示已暂停：${seconds(c.rowsMs)} 秒；事件记录为已控制：${seconds(c.containedMs)} 秒）`,
    `  incident: ${c.affected} agreements affected; ${c.revoked} accesses revoked in the ledger, the last ${seconds(c.lastMs)} s after the report (first ${seconds(c.firstMs)} s; the report answered after ${seconds(c.answeredMs)} s; ${c.suspendedRows} rows suspended after ${seconds(c.rowsMs)} s; the incident recorded contained after ${seconds(c.containedMs)} s)`,
  );
  sayPerAgreement(INCIDENT, c);
  say(
    `  各协议记录暂停（审计事件 agreement.suspended，工作流时间）：首个 ${seconds(at(0))} 秒，中位 ${seconds(at(0.5))} 秒，最后 ${seconds(at(1))} 秒`,
    `  each agreement recorded its suspension (its agreement.suspended event, workflow time): first ${seconds(at(0))} s, median ${seconds(at(0.5))} s, last ${seconds(at(1))} s`,
  );
  sayRetriedAndRatio(INCIDENT, r);
  say(
    `  目标（${TARGET_MS / 1000} 秒内全部控制）：${met ? '达到' : '未达到'}`,
    `  target (all contained within ${TARGET_MS / 1000} s): ${met ? 'met' : 'missed'}`,
  );
}

runSharingBench('bench_containment', DEFAULTS, measureIncident, report);
