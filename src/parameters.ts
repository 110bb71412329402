import { readFileSync } from 'node:fs';
import { calendarCoverage } from '../policies/calendar';
import { CHINA_HOLIDAYS } from '../policies/calendar-data';
import { parametersFrom, type Parameters } from '../policies/parameters';

/**
 * The rule parameters in force (retention periods, deadlines, cadences, thresholds): the rules'
 * values unless DATAPACT_PARAMETERS_FILE names a JSON file that changes some of them. Validated at
 * start; a value below a rule's floor stops the process with the reason.
 */
export function loadParameters(env: NodeJS.ProcessEnv = process.env): Parameters {
  const file = env.DATAPACT_PARAMETERS_FILE;
  if (!file) return parametersFrom({});
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`DATAPACT_PARAMETERS_FILE ${file} is not readable JSON: ${(err as Error).message}`, { cause: err });
  }
  return parametersFrom(input);
}

/** Start-up warnings about the working-day calendar: a year without holiday data counts Monday to Friday only. */
export function calendarWarnings(today: Date): string[] {
  const year = today.getUTCFullYear();
  return calendarCoverage(CHINA_HOLIDAYS, [year, year + 1]).map(
    (missing) =>
      `no statutory holiday data for ${missing}: working-day deadlines in ${missing} count Monday to Friday only; add the year to policies/calendar-data.ts`,
  );
}
