/**
 * npm run bench:revocation [-- --n 50 --setup 10 --limit 600] — how fast a blacklisting takes access
 * away (issue 13 §7: "a blacklisted partner's agreements are all revoked within seconds").
 *
 * On its own embedded stack (or the servers TEMPORAL_ADDRESS / MONGODB_URI name), with the API and its
 * worker in this process as the integration tests have them (test/support/api.ts, the test payload key):
 * N agreements made active with one partner through the API (timed apart); then, in the same run,
 * - the floor: N bench-only workflows (bench/revocation-floor.workflow.ts), each waiting for one signal
 *   and then running one `revokeAccess` of the same ledger connector, on a worker of their own in this
 *   process, started and granted beforehand like the agreements, signalled all at once: from the first
 *   signal to the last revoke in the ledger;
 * - the blacklisting: the DSO blacklists the partner through the API; from the request to the last of
 *   the N revokes in the ledger (`access_ledger`, polled; each row's own insert time),
 * and their ratio, with where the agreements' time went (each one's `agreement.revoking` audit event).
 */
import os from 'node:os';
import {
  auditTimesOf,
  retriedAttempts,
  revokesOf,
  rowsSaying,
  runSharingBench,
  say,
  sayPerAgreement,
  sayRetriedAndRatio,
  sayRun,
  seconds,
  quantile,
  waitFor,
  type Measured,
  type SharingRun,
  type SharingWorld,
} from './sharing-bench';

/**
 * Sized for this project's 2-core machine: 50 agreements, 10 made at a time (each waits on its workflow's
 * updates more than on the cores); `--n 100` or more for a larger partner.
 */
const DEFAULTS = { n: 50, setup: 10, limit: 600 };
const BLACKLISTING = { zh: '拉黑', en: 'blacklisting', fromZh: '拉黑', fromEn: 'blacklisting' };

interface Blacklisting extends Measured {
  answeredMs: number;
  revokedRows: number;
  rowsMs: number;
  revoking: number[];
}

/** The DSO blacklists the partner: until each agreement's revoke is in the ledger, and its row says revoked. */
async function measureBlacklisting(
  { api, clients, partnerId, agreementIds }: SharingWorld,
  limit: number,
): Promise<Blacklisting> {
  const started = Date.now();
  const blacklisted = await clients.dso.post(`/api/partners/${partnerId}/blacklisting`, { reason: 'bench' });
  if (blacklisted.status !== 200) throw new Error(`blacklisting: ${blacklisted.status}`);
  const answeredMs = Date.now() - started;
  const revocations = await revokesOf(agreementIds, started, limit);
  const revokedRows = await waitFor('rows revoked', agreementIds.length, limit, () => rowsSaying(partnerId, 'revoked'));
  const rowsMs = Date.now() - started;
  // When each agreement's story began its revocation (its `agreement.revoking` event, in workflow time).
  const revoking = await auditTimesOf('agreement.revoking', agreementIds, started);
  const retried = await retriedAttempts(
    api.temporal,
    agreementIds.map((id) => `agreement-${id}`),
    started,
  );
  return { ...revocations, answeredMs, revokedRows, rowsMs, revoking, retried };
}

function report(r: SharingRun<Blacklisting>) {
  const b = r.event;
  const at = (q: number) => quantile(b.revoking, q);
  const cores = os.cpus().length;
  sayRun('bench:revocation', r, { zh: `（${cores} 核）`, en: ` (${cores} cores)` });
  say(
    `  拉黑：${b.revoked} 个已撤销，最后一次在数据安全官拉黑后 ${seconds(b.lastMs)} 秒（首次 ${seconds(b.firstMs)} 秒；拉黑请求 ${seconds(b.answeredMs)} 秒后返回，此时已通知全部协议；${b.revokedRows} 行显示已撤销：${seconds(b.rowsMs)} 秒）`,
    `  blacklisting: ${b.revoked} revoked, the last ${seconds(b.lastMs)} s after the DSO's blacklisting (first ${seconds(b.firstMs)} s; the blacklisting answered after ${seconds(b.answeredMs)} s, every agreement told by then; ${b.revokedRows} rows revoked after ${seconds(b.rowsMs)} s)`,
  );
  sayPerAgreement(BLACKLISTING, b);
  say(
    `  各协议开始撤销（审计事件 agreement.revoking，工作流时间）：首个 ${seconds(at(0))} 秒，中位 ${seconds(at(0.5))} 秒，最后 ${seconds(at(1))} 秒`,
    `  each agreement began revoking (its agreement.revoking event, workflow time): first ${seconds(at(0))} s, median ${seconds(at(0.5))} s, last ${seconds(at(1))} s`,
  );
  sayRetriedAndRatio(BLACKLISTING, r);
}

runSharingBench('bench_revocation', DEFAULTS, measureBlacklisting, report);
