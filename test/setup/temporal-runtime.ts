import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';
import { EXPECTED_FAILURE } from '../support/expected-failure';

const provoked = (entry: LogEntry) =>
  JSON.stringify(entry.meta ?? {}, (_key, value: unknown) => (value instanceof Error ? value.message : value)).includes(
    EXPECTED_FAILURE,
  );

// Workers in tests log warnings and errors only, so jest's report stays readable (TEST_LOG_LEVEL=DEBUG to
// follow a workflow's tasks and activities while finding why it hangs).
const LEVEL = (process.env.TEST_LOG_LEVEL ?? 'WARN') as 'WARN';
const print = new DefaultLogger(LEVEL);
Runtime.install({
  logger: new DefaultLogger(LEVEL, (entry) => {
    if (!provoked(entry)) print.log(entry.level, entry.message, entry.meta);
  }),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
});
