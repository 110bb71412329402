import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';
import { EXPECTED_FAILURE } from '../support/expected-failure';

const provoked = (entry: LogEntry) =>
  JSON.stringify(entry.meta ?? {}, (_key, value: unknown) => (value instanceof Error ? value.message : value)).includes(
    EXPECTED_FAILURE,
  );

// Workers in tests log warnings and errors only, so jest's report stays readable (TEST_LOG_LEVEL=DEBUG to
// follow a workflow's tasks and activities while finding why it hangs; TEST_CORE_LOG=WARN for the SDK core's
// warnings, e.g. a task completion the server refused: "Error while completing workflow activation").
const LEVEL = (process.env.TEST_LOG_LEVEL ?? 'WARN') as 'WARN';
const print = new DefaultLogger(LEVEL);
Runtime.install({
  logger: new DefaultLogger(LEVEL, (entry) => {
    if (!provoked(entry)) print.log(entry.level, entry.message, entry.meta);
  }),
  telemetryOptions: {
    logging: {
      filter: makeTelemetryFilterString({ core: (process.env.TEST_CORE_LOG ?? 'ERROR') as 'ERROR' }),
      console: {},
    },
  },
});
