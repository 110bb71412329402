/** A second process appending to the audit trail, for the concurrency test: `tsx audit-appender.ts <uri> <db> <n> <tag>`. */
import mongoose from 'mongoose';
import { appendAuditEvent } from '../../src/audit/audit-log';

async function main() {
  const [uri, dbName, count, tag] = process.argv.slice(2);
  await mongoose.connect(uri!, { dbName });
  await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      appendAuditEvent({
        actor: { sub: `appender-${tag}`, roles: ['system'] },
        action: 'test.append',
        subject: { type: 'Test', id: `${tag}-${i}` },
        after: { i },
      }),
    ),
  );
  await mongoose.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
