/**
 * The period an inspection run is named by (`inspection-<period>`, issue 14): the Schedule's monthly run
 * is the Shanghai month it runs in (`2026-12`); a run on demand is the Shanghai date (`2026-12-05`) unless
 * the DSO names another, with an optional label to run again on the same day (`2026-12-05-r2`). The same
 * period started twice is the same run. Pure.
 */
import { shanghaiDateOf } from './calendar';

/** A month or a date, either with a label of lowercase letters and digits. */
export const INSPECTION_PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?(-[a-z0-9]{1,16})?$/;

export const isInspectionPeriod = (value: string): boolean => INSPECTION_PERIOD_PATTERN.test(value);

/** The period of the scheduled run at `at`: its Shanghai month. */
export const monthlyPeriodOf = (at: Date): string => shanghaiDateOf(at).slice(0, 7);

/** The default period of a run on demand at `at`: its Shanghai date. */
export const onDemandPeriodOf = (at: Date): string => shanghaiDateOf(at);
