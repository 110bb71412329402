/** CSV as spreadsheet programs read it: RFC 4180 quoting, CRLF, UTF-8 with a byte-order mark. Pure. */

export const UTF8_BOM = '\uFEFF';

/** One cell; a value a spreadsheet would run as a formula is written as text. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line, ending in CRLF. */
export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
