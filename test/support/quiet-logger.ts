/** A logger for bundleWorkflowCode that keeps webpack's report out of jest's output. */
const noop = () => undefined;
export const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
