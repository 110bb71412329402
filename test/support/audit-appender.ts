/**
 * A second process appending to the audit trail, for the concurrency tests:
 * `tsx audit-appender.ts <uri> <db> <tag> burst <n>` appends n events in rounds of 20 and exits;
 * `tsx audit-appender.ts <uri> <db> <tag> loop` keeps 20 appends going until killed, printing each
 * event's key once its append has resolved.
 */
import mongoose from 'mongoose';
import { appendAuditEvent } from '../../src/audit/audit-log';

const ROUND = 20;

function append(tag: string, i: number) {
  return appendAuditEvent({
    eventKey: `${tag}:${i}`,
    actor: { sub: `appender-${tag}`, roles: ['system'] },
    action: 'test.append',
    subject: { type: 'Test', id: `${tag}-${i}` },
    after: { i },
  });
}

async function main() {
  const [uri, dbName, tag, mode, count] = process.argv.slice(2);
  await mongoose.connect(uri!, { dbName });
  if (mode === 'burst') {
    for (let from = 0; from < Number(count); from += ROUND) {
      await Promise.all(Array.from({ length: ROUND }, (_, k) => append(tag!, from + k)));
    }
    await mongoose.disconnect();
    return;
  }
  // Always ROUND appends in flight, so that a kill finds some queued and not yet stored.
  let next = 0;
  await Promise.all(
    Array.from({ length: ROUND }, async () => {
      for (;;) {
        const event = await append(tag!, next++);
        process.stdout.write(`${event.eventKey}\n`);
      }
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
