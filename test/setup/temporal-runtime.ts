import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';

// Workers in tests log warnings and errors only, so jest's report stays readable.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), console: {} } },
});
