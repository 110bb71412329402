import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';
import { EXPECTED_FAILURE } from '../support/expected-failure';

const provoked = (entry: LogEntry) =>
  JSON.stringify(entry.meta ?? {}, (_key, value: unknown) => (value instanceof Error ? value.message : value)).includes(
    EXPECTED_FAILURE,
  );

// Workers in tests log warnings and errors only, so jest's report stays readable.
const print = new DefaultLogger('WARN');
Runtime.install({
  logger: new DefaultLogger('WARN', (entry) => {
    if (!provoked(entry)) print.log(entry.level, entry.message, entry.meta);
  }),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
});
